/** Errors the inspections module raises, with their client-facing codes. */
import { AppError, ErrorCode, type FieldError } from '../../graphql/errors.js';

export const InspectionErrors = {
  inspectionNotFound: () => AppError.notFound('Inspection'),
  noticeNotFound: () => AppError.notFound('RectificationNotice'),
  noticeClosed: () =>
    new AppError(ErrorCode.CONFLICT, 'The rectification notice is already CLOSED', [{ field: 'noticeId', message: 'is already closed' }]),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
  badInput: (fields: FieldError[]) => AppError.badInput(fields),
};
