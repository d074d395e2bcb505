/**
 * Which domain events a subscriber may hear: those in the subtree it asked
 * for (within what it may see) and, for a sales rep, only those of its own
 * customers. Decided on the event's own facts (org path, responsible rep in
 * the payload), so no SQL runs for events the subscriber may not see.
 * Shared by every subscription that pushes customer-related events.
 */
import type { DomainEvent } from '../events/domain-events.js';
import { isInSubtree } from '../modules/org/org.service.js';
import { dataScope } from '../modules/auth/viewer.js';
import type { Context } from './context.js';
import { decodeId } from './global-id.js';
import { AppError } from './errors.js';

export interface SubscriptionScope {
  /** Root of the watched subtree, '/1/4/'. */
  rootPath: string;
  /** Set for reps: only events of customers with this responsible rep. */
  repId: number | null;
}

/**
 * The viewer's scope, narrowed to the subtree of the `orgUnitId` argument
 * when one is given. An org unit outside what the viewer may see is
 * BAD_USER_INPUT "does not exist", like a missing one.
 */
export async function subscriptionScope(ctx: Context, orgUnitId: string | null | undefined, field = 'orgUnitId'): Promise<SubscriptionScope> {
  const scope = dataScope(ctx.auth.viewer);
  if (!orgUnitId) return { rootPath: scope.orgPath, repId: scope.repId };
  const unit = await ctx.loaders.orgUnit.load(decodeId(orgUnitId, 'OrgUnit', field));
  if (!unit || !isInSubtree(unit.path, scope.orgPath)) throw AppError.badInput([{ field, message: 'does not exist' }]);
  return { rootPath: unit.path, repId: scope.repId };
}

/** True when the subscriber may hear `event`. */
export function isEventVisible(event: DomainEvent, scope: SubscriptionScope): boolean {
  return isInSubtree(event.orgPath, scope.rootPath) && (scope.repId === null || event.payload.responsibleRepId === scope.repId);
}
