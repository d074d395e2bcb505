/** Errors the saved-views module raises, with their client-facing codes. */
import { AppError, ErrorCode, type FieldError } from '../../graphql/errors.js';

export const SavedViewErrors = {
  notFound: () => AppError.notFound('SavedView'),
  staffOnly: () => new AppError(ErrorCode.FORBIDDEN, 'Saved views belong to staff users; API keys have none'),
  shareForbidden: () =>
    new AppError(ErrorCode.FORBIDDEN, 'Sharing a saved view requires the permission views:share (leads and admins)', [], { requires: ['views:share'] }),
  nameTaken: () =>
    new AppError(ErrorCode.CONFLICT, 'You already have a saved view of this name on this page', [{ field: 'name', message: 'is already used by another of your views of this page' }]),
  tooMany: (max: number) => AppError.badInput([{ field: 'name', message: `you may keep at most ${max} views per page; delete one first` }]),
  badFilter: (fields: FieldError[]) => AppError.badInput(fields),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
