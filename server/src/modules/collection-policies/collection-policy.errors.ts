/** Errors the collection-policies module raises, with their client-facing codes. */
import { AppError, type FieldError } from '../../graphql/errors.js';

export const CollectionPolicyErrors = {
  badInput: (problems: FieldError[]) => AppError.badInput(problems),
  noCompany: () => AppError.notFound('CollectionPolicy'),
};
