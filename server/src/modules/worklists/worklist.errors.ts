/** Errors the worklists module raises, with their client-facing codes. */
import { AppError, ErrorCode, type FieldError } from '../../graphql/errors.js';

export const WorklistErrors = {
  badInput: (problems: FieldError[]) => AppError.badInput(problems),
  ownerNotFound: () => AppError.notFound('User'),
  itemNotFound: () => AppError.notFound('WorklistItem'),
  orgUnitMissing: (field: string) => AppError.badInput([{ field, message: 'does not exist' }]),
  othersWorklist: () => new AppError(ErrorCode.FORBIDDEN, "Reading another person's worklist requires the permission users:read"),
  ownerRequired: () => AppError.badInput([{ field: 'ownerId', message: 'is required for a partner key' }]),
};
