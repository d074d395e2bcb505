/**
 * Subjects of board rows through the request's DataLoaders (the org module's
 * user and org-unit loaders): a board of 100 rows costs one statement for its
 * people or its units, not one per row.
 */
import type { Context } from '../../graphql/context.js';
import type { OrgUnit } from '../org/org-unit.entity.js';
import type { User } from '../org/user.entity.js';
import { LeaderboardSubjectKind } from './leaderboard.enums.js';

export function loadSubject(ctx: Context, kind: LeaderboardSubjectKind, id: number): Promise<User | OrgUnit | null> {
  return kind === LeaderboardSubjectKind.PERSON ? ctx.loaders.user.load(id) : ctx.loaders.orgUnit.load(id);
}

export function loadPerson(ctx: Context, id: number): Promise<User | null> {
  return ctx.loaders.user.load(id);
}
