/** Errors the contact module raises, with their client-facing codes. */
import { AppError } from '../../graphql/errors.js';

export const ContactErrors = {
  notFound: () => AppError.notFound('Contact'),
  blankField: (field: string) => AppError.badInput([{ field, message: 'must not be empty' }]),
  archived: () => AppError.badInput([{ field: 'id', message: 'is an archived contact; it stays in the history and no longer changes' }]),
  primaryCannotBeCleared: () =>
    AppError.badInput([{ field: 'isPrimary', message: 'cannot be cleared on the primary contact; make another contact primary instead' }]),
  primaryHasSuccessors: () =>
    AppError.badInput([{ field: 'id', message: 'is the primary contact; make another contact primary before archiving it' }]),
};
