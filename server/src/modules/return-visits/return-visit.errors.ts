/** Errors the return-visits module raises, with their client-facing codes. */
import { AppError, type FieldError } from '../../graphql/errors.js';

export const ReturnVisitErrors = {
  notFound: () => AppError.notFound('ReturnVisit'),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
  badInput: (fields: FieldError[]) => AppError.badInput(fields),
};
