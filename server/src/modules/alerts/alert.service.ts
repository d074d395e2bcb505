/**
 * Alerts 预警 (issue 6, DOMAIN.md "Receivables and collection": 日监测、日预警).
 *
 * `raiseAlert` and `resolveAlertsFor` are called by the causes — a bill that
 * puts an account over the threshold, a payment that clears it, the daily
 * scan — inside THEIR transaction, so an alert exists exactly when its cause
 * committed. The raised alert gets its commit-order number `seq` from the
 * deferred trigger of the alerts migration; the `alert.raised` event carries
 * it after commit. AlertService holds the people's side: the board's list,
 * acknowledging, assigning and resolving.
 *
 * Throughput: numbering at commit serialises the commit tail of alert-raising
 * transactions (advisory lock, nextval, two updates by primary key, the
 * commit's WAL flush); transactions that raise no alert never take the lock.
 * Measured on a 2-CPU dev machine (embedded PostgreSQL, 200 raises per
 * client, each raise in its own transaction): 1 client ~120–220 raises/s,
 * 8–16 clients ~270–340 raises/s, with the trigger on or disabled alike —
 * the lock is lost in the noise of the ~8 statements a raise costs. Its
 * ceiling is one commit flush at a time, i.e. the disk's fsync rate.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/domain-events.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { pgArray } from '../receivables/receivables.service.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Alert, AlertKind, AlertSeverity } from './alert.entity.js';
import { AlertErrors } from './alert.errors.js';

/** Key of the advisory lock under which the commit trigger numbers alerts (see the alerts migration). */
export const ALERT_SEQ_LOCK = 7_241_600_001;

export interface RaiseAlertData {
  kind: AlertKind;
  severity: AlertSeverity;
  customerId: number;
  serviceAccountId?: number | null;
  /** Decimal string, e.g. the arrears. */
  amount?: string | null;
  message: string;
  /** Who should act; the customer's responsible rep when omitted. */
  ownerId?: number | null;
  /**
   * At most one OPEN alert per key; raising again returns the open one.
   * Default: kind + service account (or customer).
   */
  dedupeKey?: string | null;
}

export interface AlertTarget {
  customerId?: number | null;
  serviceAccountId?: number | null;
  /** One kind or several; all kinds when omitted. */
  kind?: AlertKind | AlertKind[] | null;
  /** Only the alert raised under this dedupe key, e.g. the one of a single rectification notice. */
  dedupeKey?: string | null;
}

export function defaultDedupeKey(data: Pick<RaiseAlertData, 'kind' | 'customerId' | 'serviceAccountId'>): string {
  return data.serviceAccountId ? `${data.kind}:sa:${data.serviceAccountId}` : `${data.kind}:c:${data.customerId}`;
}

function eventPayload(alert: { id: number; kind: string; severity: string; ownerId: number | null; serviceAccountId: number | null }, responsibleRepId: number | null) {
  return {
    alertId: alert.id,
    alertKind: alert.kind,
    severity: alert.severity,
    ownerId: alert.ownerId,
    serviceAccountId: alert.serviceAccountId,
    responsibleRepId,
  };
}

/**
 * Raises an alert inside the caller's transaction (`em` must be the
 * transactional EntityManager) with its audit entry and one `alert.raised`
 * event. When an open alert with the same dedupe key exists, returns it and
 * writes nothing; a concurrent raise of the same key waits for the other
 * transaction and then returns its alert.
 */
export async function raiseAlert(em: EntityManager, actor: Actor, data: RaiseAlertData): Promise<Alert> {
  const customer = await em.findOne(Customer, { id: data.customerId });
  if (!customer) throw CustomerErrors.notFound();
  const unit = await em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
  if (data.serviceAccountId) {
    const account = await em.findOne(ServiceAccount, { id: data.serviceAccountId, customer: customer.id });
    if (!account) throw AlertErrors.badInput([{ field: 'serviceAccountId', message: 'is not a service account of this customer' }]);
  }
  if (!data.message.trim()) throw AlertErrors.badInput([{ field: 'message', message: 'must not be empty' }]);
  const dedupeKey = data.dedupeKey ?? defaultDedupeKey(data);
  const ownerId = data.ownerId ?? customer.responsibleRep?.id ?? null;
  const serviceAccountId = data.serviceAccountId ?? null;

  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into alert (kind, severity, customer_id, service_account_id, amount, message, owner_id, org_unit_id, dedupe_key)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (dedupe_key) where resolved_at is null do nothing
     returning id::text as id`,
    [data.kind, data.severity, customer.id, serviceAccountId, data.amount ?? null, data.message.trim(), ownerId, unit.id, dedupeKey],
  );
  if (!inserted.length) {
    const open = await em.findOne(Alert, { dedupeKey, resolvedAt: null });
    if (open) return open;
    // The open one was resolved between our insert and this read: try once more.
    return raiseAlert(em, actor, data);
  }
  const id = Number(inserted[0]!.id);
  const responsibleRepId = customer.responsibleRep?.id ?? null;
  const eventId = await recordEvent(em, {
    kind: 'alert.raised',
    customerId: customer.id,
    orgUnitId: unit.id,
    orgPath: unit.path,
    payload: eventPayload({ id, kind: data.kind, severity: data.severity, ownerId, serviceAccountId }, responsibleRepId),
  });
  await em.execute(`update alert set event_id = ? where id = ?`, [eventId, id]);
  await recordAudit(em, actor, {
    action: 'alert.raise',
    entityType: 'Alert',
    entityId: id,
    after: { kind: data.kind, severity: data.severity, customerId: customer.id, serviceAccountId, amount: data.amount ?? null, message: data.message.trim(), ownerId, dedupeKey },
  });
  return em.findOneOrFail(Alert, { id }, { refresh: true });
}

/**
 * Resolves the open alerts of a customer or service account (of a kind), e.g.
 * when a payment clears the arrears, inside the caller's transaction; one
 * audit entry and one `alert.resolved` event per alert. Returns them.
 */
export async function resolveAlertsFor(em: EntityManager, target: AlertTarget, reason: string, actor: Actor = SYSTEM_ACTOR): Promise<Alert[]> {
  if (!target.customerId && !target.serviceAccountId) throw new Error('resolveAlertsFor needs a customerId or a serviceAccountId');
  const conditions = ['a.resolved_at is null'];
  const params: unknown[] = [];
  if (target.customerId) {
    conditions.push('a.customer_id = ?');
    params.push(target.customerId);
  }
  if (target.serviceAccountId) {
    conditions.push('a.service_account_id = ?');
    params.push(target.serviceAccountId);
  }
  if (target.dedupeKey) {
    conditions.push('a.dedupe_key = ?');
    params.push(target.dedupeKey);
  }
  const kinds = target.kind ? (Array.isArray(target.kind) ? target.kind : [target.kind]) : [];
  if (kinds.length) {
    conditions.push('a.kind in (?)');
    params.push(kinds);
  }
  const ids = await resolveWhere(em, conditions, params, reason, actor);
  if (!ids.length) return [];
  return em.find(Alert, { id: { $in: ids } }, { refresh: true, orderBy: { id: 'asc' } });
}

/**
 * Resolves the open alerts raised under these dedupe keys (e.g. one per
 * worklist item) inside the caller's transaction, audited and announced like
 * resolveAlertsFor. Returns how many.
 */
export async function resolveAlertsByKeys(em: EntityManager, dedupeKeys: string[], reason: string, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  if (!dedupeKeys.length) return 0;
  const ids = await resolveWhere(em, ['a.resolved_at is null', 'a.dedupe_key = any(?::text[])'], [pgArray(dedupeKeys)], reason, actor);
  return ids.length;
}

/**
 * The one statement that resolves alerts: marks those matching `conditions`
 * (with their `params`) resolved, then writes an audit entry and an
 * `alert.resolved` event for each. Returns their ids in order.
 */
async function resolveWhere(em: EntityManager, conditions: string[], params: unknown[], reason: string, actor: Actor): Promise<number[]> {
  const rows = await em.execute<Array<{ id: string; kind: string; severity: string; ownerId: number | null; serviceAccountId: number | null; customerId: number; orgUnitId: number; path: string; repId: number | null }>>(
    `with r as (
       update alert a set resolved_at = now(), resolved_by_id = ?, resolution_note = ?
       where ${conditions.join(' and ')}
       returning a.id, a.kind, a.severity, a.owner_id, a.service_account_id, a.customer_id, a.org_unit_id
     )
     select r.id::text as id, r.kind, r.severity, r.owner_id as "ownerId", r.service_account_id as "serviceAccountId",
            r.customer_id as "customerId", r.org_unit_id as "orgUnitId", o.path, c.responsible_rep_id as "repId"
     from r join org_unit o on o.id = r.org_unit_id join customer c on c.id = r.customer_id
     order by r.id`,
    [actor.userId, reason, ...params],
  );
  for (const row of rows) {
    const id = Number(row.id);
    await recordAudit(em, actor, { action: 'alert.resolve', entityType: 'Alert', entityId: id, before: { resolvedAt: null }, after: { resolutionNote: reason, automatic: true } });
    await recordEvent(em, {
      kind: 'alert.resolved',
      customerId: row.customerId,
      orgUnitId: row.orgUnitId,
      orgPath: row.path,
      payload: eventPayload({ ...row, id }, row.repId),
    });
  }
  return rows.map((row) => Number(row.id));
}

export interface AlertListQuery {
  first: number;
  /** Keyset of the last row seen: [id]. */
  afterId?: number | null;
  orgUnitId?: number | null;
  kinds?: AlertKind[] | null;
  severities?: AlertSeverity[] | null;
  /** true: only open ones; false: only resolved ones; null: both. */
  open?: boolean | null;
  ownerId?: number | null;
}

/** Alerts whose customer the scope may see (a rep: its own customers'). */
export function alertScopeFilter(scope: DataScope): FilterQuery<Alert> {
  return { customer: customerScopeFilter(scope) };
}

export class AlertService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** The board: newest first; `first + 1` rows and the total. */
  async listAlerts(query: AlertListQuery): Promise<{ rows: Alert[]; totalCount: number }> {
    const where: FilterQuery<Alert> = { $and: [alertScopeFilter(this.scope), await this.filterFor(query)] };
    const page: FilterQuery<Alert> = query.afterId ? { $and: [where, { id: { $lt: query.afterId } }] } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Alert, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(Alert, where),
    ]);
    return { rows, totalCount };
  }

  /** Marks an open alert seen. Acknowledging twice changes nothing. */
  async acknowledge(alertId: number): Promise<Alert> {
    return this.em.transactional(async (em) => {
      const { alert, unit, repId } = await this.openAlert(em, alertId);
      if (alert.acknowledgedAt) return alert;
      alert.acknowledgedAt = new Date();
      alert.acknowledgedBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      await em.flush();
      await this.changed(em, alert, unit, repId, 'alert.acknowledged', 'alert.acknowledge', { acknowledgedAt: null }, { acknowledgedAt: alert.acknowledgedAt.toISOString() });
      return alert;
    });
  }

  /**
   * Gives an open alert to someone to work: an active staff member within the
   * viewer's subtree who can see the customer (placed at its org unit or above).
   */
  async assign(alertId: number, assigneeId: number): Promise<Alert> {
    return this.em.transactional(async (em) => {
      const { alert, unit, repId } = await this.openAlert(em, alertId);
      const assignee = await em.findOne(User, { id: assigneeId }, { populate: ['orgUnit'] });
      const eligible =
        assignee && !assignee.disabledAt && isInSubtree(assignee.orgUnit.path, this.scope.orgPath) && isInSubtree(unit.path, assignee.orgUnit.path);
      if (!eligible) throw AlertErrors.badInput([{ field: 'assigneeId', message: "is not an active staff member of the customer's org unit or above it within your scope" }]);
      const before = { assignedToId: alert.assignedTo?.id ?? null };
      alert.assignedTo = assignee;
      alert.assignedAt = new Date();
      await em.flush();
      await this.changed(em, alert, unit, repId, 'alert.assigned', 'alert.assign', before, { assignedToId: assignee.id });
      return alert;
    });
  }

  /** Closes an open alert with a note saying how. */
  async resolve(alertId: number, note: string): Promise<Alert> {
    const trimmed = note.trim();
    if (!trimmed) throw AlertErrors.badInput([{ field: 'note', message: 'must not be empty' }]);
    return this.em.transactional(async (em) => {
      const { alert, unit, repId } = await this.openAlert(em, alertId);
      alert.resolvedAt = new Date();
      alert.resolvedBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      alert.resolutionNote = trimmed;
      await em.flush();
      await this.changed(em, alert, unit, repId, 'alert.resolved', 'alert.resolve', { resolvedAt: null }, { resolvedAt: alert.resolvedAt.toISOString(), resolutionNote: trimmed });
      return alert;
    });
  }

  /** An alert the viewer may see, locked for the change; resolved ones are CONFLICT. */
  private async openAlert(em: EntityManager, alertId: number): Promise<{ alert: Alert; unit: OrgUnit; repId: number | null }> {
    const alert = await em.findOne(Alert, { $and: [{ id: alertId }, alertScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!alert) throw AlertErrors.notFound();
    if (alert.resolvedAt) throw AlertErrors.resolved();
    const unit = await em.findOneOrFail(OrgUnit, { id: alert.orgUnit.id });
    const customer = await em.findOneOrFail(Customer, { id: alert.customer.id });
    return { alert, unit, repId: customer.responsibleRep?.id ?? null };
  }

  private async changed(
    em: EntityManager,
    alert: Alert,
    unit: OrgUnit,
    repId: number | null,
    kind: 'alert.acknowledged' | 'alert.assigned' | 'alert.resolved',
    action: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<void> {
    await recordAudit(em, this.actor, { action, entityType: 'Alert', entityId: alert.id, before, after });
    await recordEvent(em, {
      kind,
      customerId: alert.customer.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      payload: eventPayload({ id: alert.id, kind: alert.kind, severity: alert.severity, ownerId: alert.owner?.id ?? null, serviceAccountId: alert.serviceAccount?.id ?? null }, repId),
    });
  }

  private async filterFor(query: AlertListQuery): Promise<FilterQuery<Alert>> {
    const where: Record<string, unknown> = {};
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw AlertErrors.orgUnitMissing('filter.orgUnitId');
      where.orgUnit = { path: { $like: `${escapeLike(root.path)}%` } };
    }
    if (query.kinds?.length) where.kind = { $in: query.kinds };
    if (query.severities?.length) where.severity = { $in: query.severities };
    if (query.open === true) where.resolvedAt = null;
    if (query.open === false) where.resolvedAt = { $ne: null };
    if (query.ownerId) where.owner = query.ownerId;
    return where as FilterQuery<Alert>;
  }
}
