/** Errors the visit module raises, with their client-facing codes. */
import { AppError, type FieldError } from '../../graphql/errors.js';

export const VisitErrors = {
  notFound: () => AppError.notFound('Visit'),
  /** Every broken rule of one input at once. */
  badInput: (problems: FieldError[]) => AppError.badInput(problems),
  orgUnitMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
};
