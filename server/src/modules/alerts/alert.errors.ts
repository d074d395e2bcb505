/** Errors the alert module raises, with their client-facing codes. */
import { AppError, type FieldError } from '../../graphql/errors.js';

export const AlertErrors = {
  notFound: () => AppError.notFound('Alert'),
  badInput: (problems: FieldError[]) => AppError.badInput(problems),
  resolved: () => AppError.conflict('The alert is resolved already'),
  orgUnitMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
};
