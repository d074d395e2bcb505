/**
 * Safety inspections 安全检查/巡检 and rectification notices 整改通知书
 * (issue 8 item 3; DOMAIN.md "Facilities and safety"; seed 003 §3(3)②④⑤).
 *
 * Rules:
 * - Schedule 巡检频次: an InspectionPolicy gives, per utility and customer
 *   tier, the months between two inspections of a kind (defaults: gas
 *   STRATEGIC routine monthly, KEY quarterly, a yearly ANNUAL_SAFETY
 *   inspection for STRATEGIC, KEY and REGULAR gas accounts). The next due day
 *   of an ACTIVE customer and kind is the last inspection of that kind (an
 *   ANNUAL_SAFETY one also counts as ROUTINE) plus the interval; never
 *   inspected: its development day (or creation) plus the interval. It is
 *   computed when asked, in SQL, so a policy change applies at once and
 *   nothing needs generating.
 * - recordInspection is one transaction: the inspection, its inspectors, its
 *   findings and, for each finding marked openNotice, a RectificationNotice
 *   with a number, a deadline (on or after today and the inspection day) and
 *   an owner (the customer's rep unless another eligible user is named).
 *   PASSED may not open notices; HAZARDS_FOUND needs a finding. All problems
 *   are reported together as BAD_USER_INPUT and nothing is written.
 * - A notice is overdue when OPEN past its deadline (company time zone). The
 *   daily scan raises one RECTIFICATION_OVERDUE alert per notice and
 *   deadline (dedupe key RECTIFICATION_OVERDUE:notice:<id>:<deadline>, never
 *   raised twice even after it was resolved by hand).
 * - Closing needs evidence: a note and a reference (photo, document or
 *   re-inspection record) — missing either is BAD_USER_INPUT and nothing is
 *   written. Closing resolves the notice's overdue alert and schedules a
 *   RECTIFICATION return visit 回访, in the same transaction.
 * - Extending the deadline needs a reason and a later day (not in the past);
 *   it is audited, counted, and resolves the alert of the old deadline.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordCustomerChange } from '../../events/customer-change.js';
import type { FieldError } from '../../graphql/errors.js';
import { COMPANY_TIME_ZONE, addDays, todayIn } from '../../calendar.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerStatus, type CustomerTier, type Utility } from '../customers/customer.enums.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { AlertKind, AlertSeverity } from '../alerts/alert.entity.js';
import { raiseAlert, resolveAlertsFor } from '../alerts/alert.service.js';
import { pgArray } from '../receivables/receivables.service.js';
import { ReturnVisitReason, type ReturnVisit } from '../return-visits/return-visit.entity.js';
import { scheduleReturnVisitIn } from '../return-visits/return-visit.service.js';
import type { Counts } from '../../jobs/daily-scan.js';
import {
  FindingCategory,
  FindingSeverity,
  Inspection,
  InspectionFinding,
  InspectionKind,
  InspectionPolicy,
  InspectionResult,
  RectificationNotice,
  RectificationStatus,
} from './inspection.entity.js';
import { InspectionErrors as E } from './inspection.errors.js';

export const MAX_FINDINGS = 50;
export const MAX_INSPECTORS = 20;
/** An inspection older than this is history, not a record card. */
export const MAX_INSPECTION_AGE_DAYS = 366;

export interface NewFinding {
  category: FindingCategory;
  severity: FindingSeverity;
  description: string;
  openNotice: boolean;
  deadline: string | null;
  ownerId: number | null;
}

export interface NewInspection {
  customerId: number;
  serviceAccountId: number | null;
  kind: InspectionKind;
  performedOn: string;
  result: InspectionResult;
  note: string | null;
  inspectorIds: number[];
  findings: NewFinding[];
}

export interface InspectionQuery {
  first: number;
  /** Keyset of the last row seen: [performedOn, id]. */
  after?: [string, number] | null;
  customerId?: number | null;
  orgUnitId?: number | null;
  kinds?: InspectionKind[] | null;
  results?: InspectionResult[] | null;
  performedFrom?: string | null;
  performedTo?: string | null;
}

export interface NoticeQuery {
  first: number;
  /** Keyset of the last row seen: [deadline, id]. */
  after?: [string, number] | null;
  statuses?: RectificationStatus[] | null;
  overdue?: boolean | null;
  orgUnitId?: number | null;
  ownerId?: number | null;
  /** Deadline on or before this day. */
  deadlineBefore?: string | null;
}

export interface InspectionDueRow {
  customerId: number;
  kind: InspectionKind;
  intervalMonths: number;
  lastPerformedOn: string | null;
  dueOn: string;
}

export interface DueQuery {
  first: number;
  /** Keyset of the last row seen: [dueOn, customerId, kind]. */
  after?: [string, number, string] | null;
  orgUnitId?: number | null;
  /** Due on or before this day. */
  before: string;
}

/** Inspections of the customers the scope may see. */
export function inspectionScopeFilter(scope: DataScope): FilterQuery<Inspection> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<Inspection>;
}

export function noticeScopeFilter(scope: DataScope): FilterQuery<RectificationNotice> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<RectificationNotice>;
}

/** The dedupe key of a notice's overdue alert: one per notice and deadline. */
export function overdueAlertKey(notice: { id: number; deadline: string }): string {
  return `${AlertKind.RECTIFICATION_OVERDUE}:notice:${notice.id}:${notice.deadline}`;
}

function trimmed(text: string | null | undefined): string | null {
  const value = text?.trim();
  return value ? value : null;
}

/**
 * Next due inspections, computed from the policies (see the module comment).
 * `where` adds SQL conditions on customer `c` and org unit `o`; keyset paging
 * on (due_on, customer_id, kind).
 */
async function loadDue(
  em: EntityManager,
  where: { sql: string; params: unknown[] },
  page: { before: string | null; after: [string, number, string] | null; limit: number | null },
): Promise<{ rows: InspectionDueRow[]; totalCount: number }> {
  const base = `
    with due as (
      select c.id as customer_id, p.kind, p.interval_months, last.performed_on as last_on,
             (coalesce(last.performed_on, (coalesce(c.developed_at, c.created_at) at time zone ?)::date) + make_interval(months => p.interval_months))::date as due_on
      from customer c
      join org_unit o on o.id = c.org_unit_id
      join inspection_policy p on p.utility = c.utility and p.tier = c.tier
      left join lateral (
        select max(i.performed_on) as performed_on from inspection i
        where i.customer_id = c.id and (i.kind = p.kind or (p.kind = 'ROUTINE' and i.kind = 'ANNUAL_SAFETY'))
      ) last on true
      where c.status = '${CustomerStatus.ACTIVE}' and ${where.sql}
    )`;
  const params: unknown[] = [COMPANY_TIME_ZONE, ...where.params];
  const filter: string[] = ['true'];
  const filterParams: unknown[] = [];
  if (page.before) {
    filter.push('due_on <= ?::date');
    filterParams.push(page.before);
  }
  const rowsFilter = [...filter];
  const rowsParams = [...filterParams];
  if (page.after) {
    rowsFilter.push('(due_on, customer_id, kind) > (?::date, ?, ?)');
    rowsParams.push(...page.after);
  }
  const [rows, count] = await Promise.all([
    em.execute<Array<{ customerId: number; kind: InspectionKind; intervalMonths: number; lastPerformedOn: string | null; dueOn: string }>>(
      `${base}
       select customer_id as "customerId", kind, interval_months as "intervalMonths", last_on::text as "lastPerformedOn", due_on::text as "dueOn"
       from due where ${rowsFilter.join(' and ')}
       order by due_on, customer_id, kind ${page.limit ? `limit ${Number(page.limit)}` : ''}`,
      [...params, ...rowsParams],
    ),
    page.limit
      ? em.execute<Array<{ n: number }>>(`${base} select count(*)::int as n from due where ${filter.join(' and ')}`, [...params, ...filterParams])
      : Promise.resolve([{ n: 0 }]),
  ]);
  return { rows, totalCount: count[0]!.n };
}

/** The inspection schedule of several customers (already scoped by the caller), soonest first. */
export async function loadInspectionSchedules(em: EntityManager, customerIds: number[]): Promise<Map<number, InspectionDueRow[]>> {
  const { rows } = await loadDue(em, { sql: 'c.id = any(?::int[])', params: [pgArray(customerIds)] }, { before: null, after: null, limit: null });
  const byCustomer = new Map<number, InspectionDueRow[]>();
  for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
  return byCustomer;
}

export class InspectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Records an inspection with its findings and the notices they open, or writes nothing. */
  async record(data: NewInspection): Promise<{ inspection: Inspection; notices: RectificationNotice[] }> {
    const today = todayIn();
    const problems = this.checkInspection(data, today);
    return this.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!customer) throw CustomerErrors.notFound();
      const unit = await em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
      if (data.serviceAccountId !== null) {
        const account = await em.findOne(ServiceAccount, { id: data.serviceAccountId, customer: customer.id });
        if (!account) problems.push({ field: 'serviceAccountId', message: 'is not a service account of this customer' });
      }
      const inspectorIds = [...new Set([...(this.actor.userId ? [this.actor.userId] : []), ...data.inspectorIds])];
      if (!inspectorIds.length) problems.push({ field: 'inspectorIds', message: 'must name who inspected when recorded with an API key' });
      if (inspectorIds.length > MAX_INSPECTORS) problems.push({ field: 'inspectorIds', message: `must list at most ${MAX_INSPECTORS} people` });
      const users = await em.find(User, { id: { $in: [...inspectorIds, ...data.findings.flatMap((f) => (f.ownerId ? [f.ownerId] : []))] } }, { populate: ['orgUnit'] });
      const byId = new Map(users.map((u) => [u.id, u]));
      data.inspectorIds.forEach((id, i) => {
        const user = byId.get(id);
        // Any active staff member of the company may have gone along (a leader too, 领导带队).
        if (!user || user.disabledAt) {
          problems.push({ field: `inspectorIds.${i}`, message: 'is not an active staff member' });
        }
      });
      data.findings.forEach((finding, i) => {
        if (!finding.ownerId) return;
        const owner = byId.get(finding.ownerId);
        // The owner follows the notice up: someone who can see the customer (placed at its unit or above) within the viewer's subtree.
        if (!owner || owner.disabledAt || !isInSubtree(unit.path, owner.orgUnit.path) || !isInSubtree(owner.orgUnit.path, this.scope.orgPath)) {
          problems.push({ field: `findings.${i}.ownerId`, message: "is not an active staff member of the customer's org unit or above it within your scope" });
        }
      });
      if (problems.length) throw E.badInput(problems);

      const inspection = em.create(Inspection, {
        customer,
        serviceAccount: data.serviceAccountId === null ? null : em.getReference(ServiceAccount, data.serviceAccountId),
        kind: data.kind,
        performedOn: data.performedOn,
        result: data.result,
        note: trimmed(data.note),
        recordedBy: this.actor.userId ? em.getReference(User, this.actor.userId) : null,
      });
      for (const id of inspectorIds) inspection.inspectors.add(em.getReference(User, id));
      const findings = data.findings.map((f, i) =>
        em.create(InspectionFinding, { inspection, sequence: i + 1, category: f.category, severity: f.severity, description: f.description.trim() }),
      );
      await em.flush();
      const notices: RectificationNotice[] = [];
      for (const [i, f] of data.findings.entries()) {
        if (!f.openNotice) continue;
        const [next] = await em.execute<Array<{ id: string }>>(`select nextval(pg_get_serial_sequence('rectification_notice', 'id'))::text as id`);
        const id = Number(next!.id);
        notices.push(
          em.create(RectificationNotice, {
            id,
            number: `ZG-${data.performedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`,
            customer,
            serviceAccount: inspection.serviceAccount ?? null,
            inspection,
            finding: findings[i]!,
            deadline: f.deadline!,
            originalDeadline: f.deadline!,
            owner: f.ownerId ? em.getReference(User, f.ownerId) : (customer.responsibleRep ?? null),
          }),
        );
      }
      await em.flush();
      await recordCustomerChange(em, this.actor, customer, {
        action: 'inspection.record',
        entityType: 'Inspection',
        entityId: inspection.id,
        before: null,
        after: {
          customerId: customer.id,
          serviceAccountId: data.serviceAccountId,
          kind: inspection.kind,
          performedOn: inspection.performedOn,
          result: inspection.result,
          note: inspection.note,
          inspectorIds,
          findings: findings.map((f) => ({ id: f.id, category: f.category, severity: f.severity, description: f.description })),
          notices: notices.map((n) => ({ id: n.id, number: n.number, findingId: n.finding.id, deadline: n.deadline, ownerId: n.owner?.id ?? null })),
        },
        kind: 'inspection.recorded',
        changedFields: notices.length ? ['inspections', 'rectificationNotices'] : ['inspections'],
        payload: { inspectionId: inspection.id, noticeIds: notices.map((n) => n.id) },
      });
      return { inspection, notices };
    });
  }

  /** Closes an OPEN notice with its evidence; resolves its overdue alert and schedules a return visit. */
  async closeNotice(noticeId: number, evidenceNote: string, evidenceReference: string): Promise<{ notice: RectificationNotice; returnVisit: ReturnVisit }> {
    const problems: FieldError[] = [];
    if (!trimmed(evidenceNote)) problems.push({ field: 'evidenceNote', message: 'must describe what was rectified 整改情况' });
    if (!trimmed(evidenceReference)) problems.push({ field: 'evidenceReference', message: 'must name the evidence: photo, document or re-inspection record' });
    if (problems.length) throw E.badInput(problems);
    return this.em.transactional(async (em) => {
      const notice = await this.lockNotice(em, noticeId);
      if (notice.status !== RectificationStatus.OPEN) throw E.noticeClosed();
      const customer = await em.findOneOrFail(Customer, { id: notice.customer.id });
      const wasOverdue = notice.deadline < todayIn();
      notice.status = RectificationStatus.CLOSED;
      notice.closedAt = new Date();
      notice.closedBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      notice.evidenceNote = trimmed(evidenceNote);
      notice.evidenceReference = trimmed(evidenceReference);
      await em.flush();
      await resolveAlertsFor(
        em,
        { customerId: customer.id, kind: AlertKind.RECTIFICATION_OVERDUE, dedupeKey: overdueAlertKey(notice) },
        `整改通知书 ${notice.number} 已整改关闭 (rectification notice closed)`,
        this.actor,
      );
      await recordCustomerChange(em, this.actor, customer, {
        action: 'rectification_notice.close',
        entityType: 'RectificationNotice',
        entityId: notice.id,
        before: { status: RectificationStatus.OPEN },
        after: { status: notice.status, closedAt: notice.closedAt.toISOString(), evidenceNote: notice.evidenceNote, evidenceReference: notice.evidenceReference, closedOverdue: wasOverdue },
        kind: 'rectification.closed',
        changedFields: ['rectificationNotices'],
        payload: { noticeId: notice.id },
      });
      const returnVisit = await scheduleReturnVisitIn(em, this.actor, customer, {
        serviceAccountId: notice.serviceAccount?.id ?? null,
        reason: ReturnVisitReason.RECTIFICATION,
        dueOn: null,
        note: `整改通知书 ${notice.number} 整改后回访`,
        notice,
      });
      return { notice, returnVisit };
    });
  }

  /** Moves an OPEN notice's deadline later, with a reason (audited). */
  async extendDeadline(noticeId: number, deadline: string, reason: string): Promise<RectificationNotice> {
    const why = trimmed(reason);
    if (!why) throw E.bad('reason', 'must not be empty');
    const today = todayIn();
    if (deadline < today) throw E.bad('deadline', `must not be in the past (today is ${today})`);
    return this.em.transactional(async (em) => {
      const notice = await this.lockNotice(em, noticeId);
      if (notice.status !== RectificationStatus.OPEN) throw E.noticeClosed();
      if (deadline <= notice.deadline) throw E.bad('deadline', `must be after the current deadline ${notice.deadline}`);
      const customer = await em.findOneOrFail(Customer, { id: notice.customer.id });
      const before = { deadline: notice.deadline, extensions: notice.extensions };
      await resolveAlertsFor(
        em,
        { customerId: customer.id, kind: AlertKind.RECTIFICATION_OVERDUE, dedupeKey: overdueAlertKey(notice) },
        `整改期限延至 ${deadline}：${why} (deadline extended)`,
        this.actor,
      );
      notice.deadline = deadline;
      notice.extensions += 1;
      await em.flush();
      await recordCustomerChange(em, this.actor, customer, {
        action: 'rectification_notice.extend',
        entityType: 'RectificationNotice',
        entityId: notice.id,
        before,
        after: { deadline, extensions: notice.extensions, reason: why },
        kind: 'rectification.extended',
        changedFields: ['rectificationNotices'],
        payload: { noticeId: notice.id },
      });
      return notice;
    });
  }

  /** Inspections of the customers the viewer may see, newest first; `first + 1` rows and the total. */
  async list(query: InspectionQuery): Promise<{ rows: Inspection[]; totalCount: number }> {
    const conditions: FilterQuery<Inspection>[] = [inspectionScopeFilter(this.scope)];
    if (query.orgUnitId) conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(await this.subtree(query.orgUnitId))}%` } } } } as FilterQuery<Inspection>);
    if (query.customerId) conditions.push({ customer: query.customerId });
    if (query.kinds?.length) conditions.push({ kind: { $in: query.kinds } });
    if (query.results?.length) conditions.push({ result: { $in: query.results } });
    if (query.performedFrom) conditions.push({ performedOn: { $gte: query.performedFrom } });
    if (query.performedTo) conditions.push({ performedOn: { $lte: query.performedTo } });
    const where: FilterQuery<Inspection> = { $and: conditions };
    const page: FilterQuery<Inspection> = query.after
      ? { $and: [...conditions, { $or: [{ performedOn: { $lt: query.after[0] } }, { performedOn: query.after[0], id: { $lt: query.after[1] } }] }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Inspection, page, { orderBy: [{ performedOn: 'desc' }, { id: 'desc' }], limit: query.first + 1 }),
      this.em.count(Inspection, where),
    ]);
    return { rows, totalCount };
  }

  /** Notices of the customers the viewer may see, earliest deadline first; `first + 1` rows and the total. */
  async listNotices(query: NoticeQuery): Promise<{ rows: RectificationNotice[]; totalCount: number }> {
    const conditions: FilterQuery<RectificationNotice>[] = [noticeScopeFilter(this.scope)];
    if (query.orgUnitId) conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(await this.subtree(query.orgUnitId))}%` } } } } as FilterQuery<RectificationNotice>);
    if (query.statuses?.length) conditions.push({ status: { $in: query.statuses } });
    if (query.ownerId) conditions.push({ owner: query.ownerId });
    if (query.deadlineBefore) conditions.push({ deadline: { $lte: query.deadlineBefore } });
    const today = todayIn();
    if (query.overdue === true) conditions.push({ status: RectificationStatus.OPEN, deadline: { $lt: today } });
    if (query.overdue === false) conditions.push({ $or: [{ status: RectificationStatus.CLOSED }, { deadline: { $gte: today } }] });
    const where: FilterQuery<RectificationNotice> = { $and: conditions };
    const page: FilterQuery<RectificationNotice> = query.after
      ? { $and: [...conditions, { $or: [{ deadline: { $gt: query.after[0] } }, { deadline: query.after[0], id: { $gt: query.after[1] } }] }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(RectificationNotice, page, { orderBy: [{ deadline: 'asc' }, { id: 'asc' }], limit: query.first + 1 }),
      this.em.count(RectificationNotice, where),
    ]);
    return { rows, totalCount };
  }

  /** Inspections due on or before `before` for ACTIVE customers the viewer may see, soonest first. */
  async due(query: DueQuery): Promise<{ rows: InspectionDueRow[]; totalCount: number }> {
    const parts = ['o.path like ?'];
    const params: unknown[] = [`${escapeLike(this.scope.orgPath)}%`];
    if (this.scope.repId) {
      parts.push('c.responsible_rep_id = ?');
      params.push(this.scope.repId);
    }
    if (query.orgUnitId) {
      parts.push('o.path like ?');
      params.push(`${escapeLike(await this.subtree(query.orgUnitId))}%`);
    }
    return loadDue(this.em, { sql: parts.join(' and '), params }, { before: query.before, after: query.after ?? null, limit: query.first + 1 });
  }

  /** The inspection frequencies, by utility, tier and kind. */
  policies(): Promise<InspectionPolicy[]> {
    return this.em.find(InspectionPolicy, {}, { orderBy: [{ utility: 'asc' }, { tier: 'asc' }, { kind: 'asc' }] });
  }

  /** Sets (or with null removes) how often customers of a utility and tier get a kind of inspection. */
  async setPolicy(utility: Utility, tier: CustomerTier, kind: InspectionKind, intervalMonths: number | null): Promise<InspectionPolicy[]> {
    if (kind === InspectionKind.SPECIAL) throw E.bad('kind', 'SPECIAL inspections are never scheduled');
    if (intervalMonths !== null && (!Number.isInteger(intervalMonths) || intervalMonths < 1 || intervalMonths > 60)) {
      throw E.bad('intervalMonths', 'must be a whole number of months from 1 to 60, or null to stop scheduling');
    }
    await this.em.transactional(async (em) => {
      const existing = await em.findOne(InspectionPolicy, { utility, tier, kind }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = existing ? { intervalMonths: existing.intervalMonths } : null;
      let id = existing?.id ?? 0;
      if (intervalMonths === null) {
        if (existing) em.remove(existing);
      } else if (existing) {
        existing.intervalMonths = intervalMonths;
      } else {
        const created = em.create(InspectionPolicy, { utility, tier, kind, intervalMonths });
        await em.flush();
        id = created.id;
      }
      await em.flush();
      if (before || intervalMonths !== null) {
        await recordAudit(em, this.actor, {
          action: 'inspection_policy.set',
          entityType: 'InspectionPolicy',
          entityId: id,
          before: before && { utility, tier, kind, ...before },
          after: intervalMonths === null ? null : { utility, tier, kind, intervalMonths },
        });
      }
    });
    return this.policies();
  }

  private async lockNotice(em: EntityManager, noticeId: number): Promise<RectificationNotice> {
    const notice = await em.findOne(RectificationNotice, { $and: [{ id: noticeId }, noticeScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!notice) throw E.noticeNotFound();
    return notice;
  }

  /** The path of an org unit filter, which must lie in the viewer's subtree. */
  private async subtree(orgUnitId: number): Promise<string> {
    const root = await this.em.findOne(OrgUnit, { id: orgUnitId });
    if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
    return root.path;
  }

  /** Rules of the input that need no database, as field errors. */
  private checkInspection(data: NewInspection, today: string): FieldError[] {
    const problems: FieldError[] = [];
    if (data.performedOn > today) problems.push({ field: 'performedOn', message: `must not be in the future (today is ${today})` });
    if (data.performedOn < addDays(today, -MAX_INSPECTION_AGE_DAYS)) problems.push({ field: 'performedOn', message: `must be within the last ${MAX_INSPECTION_AGE_DAYS} days` });
    if (data.findings.length > MAX_FINDINGS) problems.push({ field: 'findings', message: `must list at most ${MAX_FINDINGS} findings` });
    if (data.result === InspectionResult.HAZARDS_FOUND && !data.findings.length) problems.push({ field: 'findings', message: 'must list the hazards when the result is HAZARDS_FOUND' });
    data.findings.forEach((f, i) => {
      if (!trimmed(f.description)) problems.push({ field: `findings.${i}.description`, message: 'must not be empty' });
      if (f.openNotice) {
        if (data.result === InspectionResult.PASSED) problems.push({ field: `findings.${i}.openNotice`, message: 'cannot open a rectification notice when the result is PASSED' });
        if (!f.deadline) problems.push({ field: `findings.${i}.deadline`, message: 'is required to open a rectification notice 限期整改' });
        else if (f.deadline < today || f.deadline < data.performedOn) problems.push({ field: `findings.${i}.deadline`, message: `must not be before today (${today}) or the inspection day` });
      } else if (f.deadline || f.ownerId) {
        problems.push({ field: `findings.${i}.openNotice`, message: 'must be true when a deadline or owner is given' });
      }
    });
    return problems;
  }
}

/**
 * The daily scan's step for rectification deadlines 整改逾期 (replaces the
 * placeholder in jobs/daily-scan.ts): every OPEN notice whose deadline is
 * before the business date gets one RECTIFICATION_OVERDUE alert per
 * deadline, owned by the notice's owner; CRITICAL when its finding is.
 */
export async function scanRectificationDeadlines(em: EntityManager, businessDate: string, counts: Counts): Promise<void> {
  const overdue = await em.execute<Array<{ id: number; number: string; customerId: number; serviceAccountId: number | null; deadline: string; ownerId: number | null; severity: FindingSeverity }>>(
    `select n.id, n.number, n.customer_id as "customerId", n.service_account_id as "serviceAccountId", n.deadline::text as deadline,
            n.owner_id as "ownerId", f.severity
     from rectification_notice n join inspection_finding f on f.id = n.finding_id
     where n.status = 'OPEN' and n.deadline < ?::date
       and not exists (select 1 from alert a where a.dedupe_key = ? || n.id || ':' || n.deadline::text)
     order by n.id`,
    [businessDate, `${AlertKind.RECTIFICATION_OVERDUE}:notice:`],
  );
  for (const notice of overdue) {
    await raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.RECTIFICATION_OVERDUE,
      severity: notice.severity === FindingSeverity.CRITICAL ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
      customerId: notice.customerId,
      serviceAccountId: notice.serviceAccountId,
      ownerId: notice.ownerId,
      message: `整改通知书 ${notice.number} 逾期未整改：整改期限 ${notice.deadline}`,
      dedupeKey: overdueAlertKey(notice),
    });
    counts.raised += 1;
  }
}
