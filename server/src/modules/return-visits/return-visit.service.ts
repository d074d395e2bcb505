/**
 * Return visits 回访 (issue 8 item 4; DOMAIN.md "Service": scheduled return
 * visits with feedback; seed 003 §3(6)⑤ and §4(3)(5)).
 *
 * Rules:
 * - A return visit is scheduled after a service event: a rectification
 *   notice closed (by the inspections module, in the closing transaction), a
 *   meter installed (the `meter.install` customer-change hook, in the
 *   installing transaction), or a repair or complaint handled elsewhere
 *   (other systems call the `scheduleReturnVisit` mutation, other modules
 *   `scheduleReturnVisitIn`). It is due
 *   RETURN_VISIT_DELAY_DAYS days later (default 3, env
 *   GRIDLINE_RETURN_VISIT_DAYS) unless a day is given; the owner is the
 *   customer's responsible rep.
 * - It is DONE when a visit with purpose RETURN_VISIT is logged for the
 *   customer (the `visit.log` customer-change hook, in the visit's own
 *   transaction): the SCHEDULED return visit of the customer due soonest —
 *   one about the visit's service account first — scheduled on or before the
 *   visit's day, gets the visit linked and its satisfaction copied. A visit
 *   completes at most one return visit; a visit with none scheduled is just a
 *   visit.
 * - The satisfaction trend of a customer is, per calendar month (company
 *   time zone), the average satisfaction and the number of RETURN_VISIT
 *   visits that recorded one — every return visit counts, scheduled or not,
 *   since the customer's rating is what is tracked (seed 003 §4(5)).
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordCustomerChange, onCustomerChange, type CustomerChange } from '../../events/customer-change.js';
import { COMPANY_TIME_ZONE, addDays, calendarDateIn, todayIn } from '../../calendar.js';
import type { Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { pgArray } from '../receivables/receivables.service.js';
import { Visit, VisitPurpose } from '../visits/visit.entity.js';
import type { RectificationNotice } from '../inspections/inspection.entity.js';
import { ReturnVisit, ReturnVisitReason, ReturnVisitStatus } from './return-visit.entity.js';
import { ReturnVisitErrors as E } from './return-visit.errors.js';
import { intFromEnv } from '../../config.js';

/** Days after the service event a return visit is due. */
export const RETURN_VISIT_DELAY_DAYS = intFromEnv('GRIDLINE_RETURN_VISIT_DAYS', 3, 90);
/** Longest satisfaction trend asked for, in months. */
export const MAX_TREND_MONTHS = 36;

export interface NewReturnVisit {
  serviceAccountId: number | null;
  reason: ReturnVisitReason;
  /** Default: today + RETURN_VISIT_DELAY_DAYS. */
  dueOn: string | null;
  note: string | null;
  notice?: RectificationNotice | null;
}

export interface ReturnVisitQuery {
  first: number;
  /** Keyset of the last row seen: [dueOn, id]. */
  after?: [string, number] | null;
  statuses?: ReturnVisitStatus[] | null;
  /** Due on or before this day. */
  dueBefore?: string | null;
  overdue?: boolean | null;
  ownerId?: number | null;
  orgUnitId?: number | null;
  reasons?: ReturnVisitReason[] | null;
}

export interface SatisfactionPoint {
  /** 'YYYY-MM'. */
  month: string;
  /** Average to 2 decimals; null when no rating that month. */
  average: number | null;
  count: number;
}

/** Return visits of the customers the scope may see. */
export function returnVisitScopeFilter(scope: DataScope): FilterQuery<ReturnVisit> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<ReturnVisit>;
}

/**
 * Schedules a return visit inside the caller's transaction (`em` must be
 * transactional), with its audit entry and `return_visit.scheduled` event.
 */
export async function scheduleReturnVisitIn(em: EntityManager, actor: Actor, customer: Customer, data: NewReturnVisit): Promise<ReturnVisit> {
  const returnVisit = em.create(ReturnVisit, {
    customer,
    serviceAccount: data.serviceAccountId === null ? null : em.getReference(ServiceAccount, data.serviceAccountId),
    reason: data.reason,
    notice: data.notice ?? null,
    note: data.note?.trim() || null,
    dueOn: data.dueOn ?? addDays(todayIn(), RETURN_VISIT_DELAY_DAYS),
    owner: customer.responsibleRep ?? null,
  });
  await em.flush();
  await recordCustomerChange(em, actor, customer, {
    action: 'return_visit.schedule',
    entityType: 'ReturnVisit',
    entityId: returnVisit.id,
    before: null,
    after: {
      customerId: customer.id,
      serviceAccountId: data.serviceAccountId,
      reason: returnVisit.reason,
      noticeId: data.notice?.id ?? null,
      dueOn: returnVisit.dueOn,
      ownerId: returnVisit.owner?.id ?? null,
      note: returnVisit.note,
    },
    kind: 'return_visit.scheduled',
    changedFields: ['returnVisits'],
    payload: { returnVisitId: returnVisit.id, reason: returnVisit.reason },
  });
  return returnVisit;
}

/**
 * The customer-change hook, in the writer's transaction: a meter installed
 * (modules/meters, action `meter.install`) schedules an INSTALLATION return
 * visit; a RETURN_VISIT visit completes one.
 */
async function onServiceEvent(em: EntityManager, actor: Actor, customer: Customer, change: CustomerChange): Promise<void> {
  if (change.action === 'meter.install') {
    const serviceAccountId = typeof change.payload?.serviceAccountId === 'number' ? change.payload.serviceAccountId : null;
    await scheduleReturnVisitIn(em, actor, customer, { serviceAccountId, reason: ReturnVisitReason.INSTALLATION, dueOn: null, note: `计量表安装后回访 (meter ${String(change.after?.serial ?? change.entityId)} installed)` });
    return;
  }
  if (change.action === 'visit.log' && change.after?.purpose === VisitPurpose.RETURN_VISIT) await completeByVisit(em, actor, customer, change);
}

/** A RETURN_VISIT visit completes the customer's scheduled return visit due soonest (see the module comment). */
async function completeByVisit(em: EntityManager, actor: Actor, customer: Customer, change: CustomerChange): Promise<void> {
  const visit = await em.findOneOrFail(Visit, { id: change.entityId });
  const visitDay = calendarDateIn(visit.occurredAt);
  const [candidate] = await em.execute<Array<{ id: number }>>(
    `select r.id from return_visit r
     where r.customer_id = ? and r.status = 'SCHEDULED' and (r.scheduled_at at time zone ?)::date <= ?::date
     order by (r.service_account_id is not distinct from ?) desc, r.due_on, r.id
     limit 1
     for update`,
    [customer.id, COMPANY_TIME_ZONE, visitDay, visit.serviceAccount?.id ?? null],
  );
  if (!candidate) return;
  const returnVisit = await em.findOneOrFail(ReturnVisit, { id: candidate.id }, { refresh: true });
  returnVisit.status = ReturnVisitStatus.DONE;
  returnVisit.visit = visit;
  returnVisit.completedAt = visit.occurredAt;
  returnVisit.satisfaction = visit.satisfaction ?? null;
  await em.flush();
  await recordCustomerChange(em, actor, customer, {
    action: 'return_visit.complete',
    entityType: 'ReturnVisit',
    entityId: returnVisit.id,
    before: { status: ReturnVisitStatus.SCHEDULED },
    after: { status: ReturnVisitStatus.DONE, visitId: visit.id, completedAt: visit.occurredAt.toISOString(), satisfaction: returnVisit.satisfaction },
    kind: 'return_visit.completed',
    changedFields: ['returnVisits'],
    payload: { returnVisitId: returnVisit.id, reason: returnVisit.reason, visitId: visit.id },
  });
}

/** Registers the return-visit hook (once per process; called from app.ts). */
export function installReturnVisits(): void {
  onCustomerChange(onServiceEvent);
}

/**
 * Satisfaction per month for each customer: the `months` calendar months up
 * to and including the month of `today`, oldest first, months without a
 * rating included (average null, count 0). One statement for all customers.
 */
export async function loadSatisfactionTrends(em: EntityManager, customerIds: number[], months: number, today: string = todayIn()): Promise<Map<number, SatisfactionPoint[]>> {
  const rows = await em.execute<Array<{ customerId: number; month: string; average: string | null; count: number }>>(
    `with m as (
       select d::date as month from generate_series(date_trunc('month', ?::date) - make_interval(months => ? - 1), date_trunc('month', ?::date), interval '1 month') d
     )
     select c.id as "customerId", to_char(m.month, 'YYYY-MM') as month, round(avg(v.satisfaction), 2)::text as average, count(v.id)::int as count
     from unnest(?::int[]) c(id)
     cross join m
     left join visit v on v.customer_id = c.id and v.purpose = 'RETURN_VISIT' and v.satisfaction is not null
       and v.occurred_at >= (m.month::timestamp at time zone ?) and v.occurred_at < ((m.month + interval '1 month')::timestamp at time zone ?)
     group by c.id, m.month
     order by c.id, m.month`,
    [today, months, today, pgArray(customerIds), COMPANY_TIME_ZONE, COMPANY_TIME_ZONE],
  );
  const byCustomer = new Map<number, SatisfactionPoint[]>();
  for (const row of rows) {
    const point = { month: row.month, average: row.average === null ? null : Number(row.average), count: row.count };
    byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), point]);
  }
  return byCustomer;
}

export class ReturnVisitService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Schedules a return visit for a service event reported by another system or person. */
  async schedule(customerId: number, data: NewReturnVisit): Promise<ReturnVisit> {
    const today = todayIn();
    if (data.dueOn !== null && data.dueOn < today) throw E.bad('dueOn', `must not be in the past (today is ${today})`);
    return this.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { $and: [{ id: customerId }, customerScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!customer) throw CustomerErrors.notFound();
      if (data.serviceAccountId !== null) {
        const account = await em.findOne(ServiceAccount, { id: data.serviceAccountId, customer: customer.id });
        if (!account) throw E.bad('serviceAccountId', 'is not a service account of this customer');
      }
      return scheduleReturnVisitIn(em, this.actor, customer, data);
    });
  }

  /** Return visits of the customers the viewer may see, due soonest first; `first + 1` rows and the total. */
  async list(query: ReturnVisitQuery): Promise<{ rows: ReturnVisit[]; totalCount: number }> {
    const conditions: FilterQuery<ReturnVisit>[] = [returnVisitScopeFilter(this.scope)];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } } as FilterQuery<ReturnVisit>);
    }
    if (query.statuses?.length) conditions.push({ status: { $in: query.statuses } });
    if (query.reasons?.length) conditions.push({ reason: { $in: query.reasons } });
    if (query.dueBefore) conditions.push({ dueOn: { $lte: query.dueBefore } });
    if (query.ownerId) conditions.push({ owner: query.ownerId });
    const today = todayIn();
    if (query.overdue === true) conditions.push({ status: ReturnVisitStatus.SCHEDULED, dueOn: { $lt: today } });
    if (query.overdue === false) conditions.push({ $or: [{ status: { $ne: ReturnVisitStatus.SCHEDULED } }, { dueOn: { $gte: today } }] });
    const where: FilterQuery<ReturnVisit> = { $and: conditions };
    const page: FilterQuery<ReturnVisit> = query.after
      ? { $and: [...conditions, { $or: [{ dueOn: { $gt: query.after[0] } }, { dueOn: query.after[0], id: { $gt: query.after[1] } }] }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(ReturnVisit, page, { orderBy: [{ dueOn: 'asc' }, { id: 'asc' }], limit: query.first + 1 }),
      this.em.count(ReturnVisit, where),
    ]);
    return { rows, totalCount };
  }
}
