/**
 * The two records every write about a customer leaves, in the writer's
 * transaction: the audit entry (who changed what, before and after) and the
 * customer's domain event, which subscribers filter by the customer's org
 * unit and responsible rep (graphql/subscription-scope.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../modules/audit/audit.service.js';
import { OrgUnit } from '../modules/org/org-unit.entity.js';
import type { Customer } from '../modules/customers/customer.entity.js';
import { recordEvent, type DomainEventKind } from './domain-events.js';

export interface CustomerChange {
  /** Audit action, e.g. contact.update. */
  action: string;
  /** What changed: its type and id, e.g. Contact 42. */
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  kind: DomainEventKind;
  /** The customer's fields the change touches, e.g. ['contacts']; subscribers see them as changedFields. */
  changedFields: string[];
  /** More facts for subscribers, e.g. { contactId }. */
  payload?: Record<string, unknown>;
}

/**
 * Called inside the writer's transaction after a change's audit entry and
 * event are written, e.g. by the leaderboards (a visit counts at once) and
 * the worklists (a collection visit closes the item it answers). A hook that
 * throws rolls the whole write back.
 */
export type CustomerChangeHook = (em: EntityManager, actor: Actor, customer: Customer, change: CustomerChange) => Promise<void>;

const hooks: CustomerChangeHook[] = [];

/** Registers a hook once per process (call it from the module's install function). */
export function onCustomerChange(hook: CustomerChangeHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function recordCustomerChange(em: EntityManager, actor: Actor, customer: Customer, change: CustomerChange): Promise<void> {
  await recordAudit(em, actor, {
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before,
    after: change.after,
  });
  // Usually already in the identity map: no SQL.
  const unit = await em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
  await recordEvent(em, {
    kind: change.kind,
    customerId: customer.id,
    orgUnitId: unit.id,
    orgPath: unit.path,
    payload: {
      changedFields: change.changedFields,
      ...change.payload,
      responsibleRepId: customer.responsibleRep?.id ?? null,
    },
  });
  for (const hook of hooks) await hook(em, actor, customer, change);
}
