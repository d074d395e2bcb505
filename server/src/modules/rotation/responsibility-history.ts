/**
 * Writing the responsibility history (responsibility-period.entity.ts): a
 * handover closes the current period of a customer (or account) and role and
 * opens the new holder's, in the caller's transaction, in two set-based
 * statements however many accounts move. The customer-change hook keeps the
 * history in step with every change of a customer's responsible rep or
 * leader, whichever use case made it (create, update, assign, import).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { onCustomerChange, type CustomerChangeHook } from '../../events/customer-change.js';
import { ResponsibilityRole } from './responsibility-period.entity.js';

export interface Handover {
  customerId: number;
  /** Set for COLLECTOR only. */
  serviceAccountId: number | null;
  /** The new holder; null: nobody from now on (the current period just ends). */
  userId: number | null;
}

export interface HandoverOptions {
  /** When the change takes effect; null: now (the transaction's start). */
  at: Date | null;
  reason: string | null;
  changedById: number | null;
}

/** An int[] literal that may hold NULLs (receivables' pgArray cannot). */
const intArray = (values: ReadonlyArray<number | null>) => `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;

/**
 * Ends the current periods whose holder changes and starts the new holders'.
 * A handover to the current holder writes nothing. The new period starts when
 * the old one ends: at `at`, but never before the old one began (a handover
 * back-dated into the current holder's first day lands at its start).
 */
export async function recordHandovers(em: EntityManager, role: ResponsibilityRole, handovers: readonly Handover[], options: HandoverOptions): Promise<void> {
  if (!handovers.length) return;
  const customers = intArray(handovers.map((h) => h.customerId));
  const accounts = intArray(handovers.map((h) => h.serviceAccountId ?? 0));
  const users = intArray(handovers.map((h) => h.userId));
  const at = options.at ? options.at.toISOString() : null;
  // ended_at as text: a JS Date would drop PostgreSQL's microseconds, and the next period must start exactly there.
  const closed = await em.execute<Array<{ customerId: number; accountId: number; endedAt: string }>>(
    `update responsibility_period rp set ended_at = greatest(rp.started_at, coalesce(?::timestamptz, now()))
     from unnest(?::int[], ?::int[], ?::int[]) as h(customer_id, account_id, user_id)
     where rp.ended_at is null and rp.role = ? and rp.customer_id = h.customer_id
       and coalesce(rp.service_account_id, 0) = h.account_id and rp.user_id is distinct from h.user_id
     returning rp.customer_id as "customerId", coalesce(rp.service_account_id, 0) as "accountId", rp.ended_at::text as "endedAt"`,
    [at, customers, accounts, users, role],
  );
  const endOf = new Map(closed.map((c) => [`${c.customerId}:${c.accountId}`, c.endedAt]));
  const starts = handovers.map((h) => endOf.get(`${h.customerId}:${h.serviceAccountId ?? 0}`) ?? at);
  await em.execute(
    `insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason, changed_by_id)
     select h.customer_id, nullif(h.account_id, 0), ?, h.user_id, coalesce(h.starts, now()), ?, ?
     from unnest(?::int[], ?::int[], ?::int[], ?::timestamptz[]) as h(customer_id, account_id, user_id, starts)
     where h.user_id is not null and not exists (
       select 1 from responsibility_period rp
       where rp.ended_at is null and rp.role = ? and rp.customer_id = h.customer_id and coalesce(rp.service_account_id, 0) = h.account_id)`,
    [role, options.reason, options.changedById, customers, accounts, users, `{${starts.map((s) => (s ? `"${s}"` : 'NULL')).join(',')}}`, role],
  );
}

/** Why a period started, by the customer use case that started it. */
const REASONS: Record<string, string> = {
  'customer.create': '建档 (customer recorded)',
  'customer.update': '修改客户资料 (updateCustomer)',
  'customer.assign': '指派负责人 (assignCustomer)',
};

/**
 * Customer writes report what changed in the audit `after` (customer.service:
 * every field on create, only the changed ones on update and assign), so a
 * `responsibleRepId` / `responsibleLeaderId` key there means that person
 * changed. Rotations (action rotation.*) write their own history first.
 */
export const responsibilityHook: CustomerChangeHook = async (em, actor, customer, change) => {
  if (change.entityType !== 'Customer' || !change.after || change.action.startsWith('rotation.')) return;
  const people: Array<[string, ResponsibilityRole, number | null]> = [
    ['responsibleRepId', ResponsibilityRole.REP, customer.responsibleRep?.id ?? null],
    ['responsibleLeaderId', ResponsibilityRole.LEADER, customer.responsibleLeader?.id ?? null],
  ];
  for (const [key, role, userId] of people) {
    if (!(key in change.after)) continue;
    await recordHandovers(em, role, [{ customerId: customer.id, serviceAccountId: null, userId }], {
      at: null,
      reason: REASONS[change.action] ?? change.action,
      changedById: actor.userId,
    });
  }
};

/** Registers the hook (app.ts calls it at start-up). */
export function installResponsibilityHistory(): void {
  onCustomerChange(responsibilityHook);
}
