/** Errors the rotation module raises, with their client-facing codes. */
import { AppError, ErrorCode, type FieldError } from '../../graphql/errors.js';

export const RotationErrors = {
  bad: (fields: FieldError[]) => AppError.badInput(fields),
  accountNotFound: () => AppError.notFound('ServiceAccount'),
  /** The accounts changed hands while the rotation ran: nothing was written. */
  changedMeanwhile: () => new AppError(ErrorCode.CONFLICT, 'Some of the accounts changed hands while the rotation ran; nothing was moved, try again'),
};
