/** Errors the targets module raises, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';

export const TargetErrors = {
  notFound: () => AppError.notFound('Target'),
  orgUnitNotFound: (field: string) => new AppError(ErrorCode.NOT_FOUND, 'OrgUnit not found', [{ field, message: 'is not an org unit you may see' }]),
  userNotFound: (field: string) => new AppError(ErrorCode.NOT_FOUND, 'User not found', [{ field, message: 'is not a user you may see' }]),
  hasChildren: (count: number) =>
    new AppError(ErrorCode.CONFLICT, `The target is split into ${count} targets; delete them first`, [
      { field: 'id', message: `has ${count} child targets` },
    ]),
  childHasChildren: (field: string) =>
    new AppError(ErrorCode.CONFLICT, 'A child target left out of the split is itself split; split it to nothing first', [
      { field, message: 'would drop a child target that has children of its own' },
    ]),
  concurrent: () => AppError.conflict('The same target was set at the same moment by someone else; try again'),
  bad: (field: string, message: string) => AppError.badInput([{ field, message }]),
};
