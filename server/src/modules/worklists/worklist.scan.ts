/**
 * The collection policies' daily rules 催收策略 (issue 6 item 3, daily scan
 * item 5; DOMAIN.md "Receivables and collection"; seed 002), run as a step of
 * the daily scan (jobs/daily-scan.ts) in its transaction, and the hook that
 * lets a collection visit close what it answers (issue 6 item 9).
 *
 * For business date D (company time zone), policy of the customer's company
 * (collection-policies), every statement set-based:
 * 1. ARREARS_FOLLOW_UP: every service account whose arrears in D's snapshot
 *    (written by the scan's arrears step just before, so that step must run
 *    first) EXCEED the monitoring threshold gets an OPEN item due D, unless it
 *    already has an open one (an unanswered one from an earlier day is then
 *    overdue). An open item whose account is no longer over is CANCELLED.
 * 2. BIG_USER_COLLECTION: a big user (ACTIVE, estimated monthly consumption
 *    above its utility's threshold) that has had k < N collections this month
 *    — distinct days from the 1st to D with a COLLECTION visit or a payment —
 *    gets an OPEN item for collection k+1, due on day floor((k+1)·days/N) of
 *    the month (N=3 in a 30-day month: the 10th, 20th, 30th), never before D.
 *    Open items for collections already made are DONE (a payment or a visit
 *    did it); those of earlier months or of customers no longer big users are
 *    CANCELLED.
 * 3. RISK_CHECK: a customer with an open risk-ledger entry gets an OPEN item
 *    due `interval` days after its last collection visit up to D (or after it
 *    was put on the ledger, if later or never visited); one item per entry
 *    and last visit, so the visit that closes an item starts the next
 *    interval. Off the ledger, open items are CANCELLED.
 * 4. Every OPEN item due before D raises POLICY_VISIT_OVERDUE once per item
 *    (dedupe key `POLICY_VISIT_OVERDUE:item:<id>`, resolved ones included, so
 *    a re-run raises nothing twice); closing an item resolves its alert.
 * Dedupe keys name the rule, the account or customer and the period, so the
 * scan never makes an item twice. Each customer whose items a run (or a
 * visit) made, closed or cancelled gets ONE audit entry and ONE
 * `worklist.updated` event for all of them (recordCustomerChange), not one
 * per item, which keeps the scan's single transaction small.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, addDays } from '../../calendar.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { onCustomerChange, recordCustomerChange, type CustomerChangeHook } from '../../events/customer-change.js';
import { Customer } from '../customers/customer.entity.js';
import type { Counts } from '../../jobs/daily-scan.js';
import { AlertKind, AlertSeverity } from '../alerts/alert.entity.js';
import { raiseAlert, resolveAlertsByKeys } from '../alerts/alert.service.js';
import { pgArray } from '../receivables/receivables.service.js';
import { COMPANY_OF, DEFAULT_POLICY } from '../collection-policies/collection-policy.service.js';
import { VisitPurpose } from '../visits/visit.entity.js';
import { WorklistItemKind } from './worklist-item.entity.js';

/** Dedupe key of the overdue alert of an item. */
export const overdueAlertKey = (itemId: number) => `${AlertKind.POLICY_VISIT_OVERDUE}:item:${itemId}`;

const KIND_LABEL: Record<WorklistItemKind, string> = {
  [WorklistItemKind.ARREARS_FOLLOW_UP]: '欠费跟进',
  [WorklistItemKind.BIG_USER_COLLECTION]: '大客户催收',
  [WorklistItemKind.RISK_CHECK]: '风险客户催收',
};

/** SQL joining customer `c` to its org unit `o` and its company's policy `cp` (left join: defaults when none). */
const POLICY_JOIN = `join org_unit o on o.id = c.org_unit_id left join collection_policy cp on cp.company_id = ${COMPANY_OF('o')}`;
/** SQL: who owns a customer-wide item of customer `c` — its first account's collector, else its responsible rep. */
const CUSTOMER_OWNER = `coalesce((select sa.collector_id from service_account sa where sa.customer_id = c.id and sa.collector_id is not null order by sa.id limit 1), c.responsible_rep_id)`;

function daysInMonth(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day of the month collection `slot` of `n` is due: spread evenly, the last on the month's last day. */
export function bigUserDueDay(slot: number, n: number, days: number): number {
  return Math.max(1, Math.floor((slot * days) / n));
}

/** Resolves the open overdue alerts of closed items inside the caller's transaction. Returns how many. */
export function resolveItemAlerts(em: EntityManager, itemIds: number[], reason: string, actor: Actor): Promise<number> {
  return resolveAlertsByKeys(em, itemIds.map(overdueAlertKey), reason, actor);
}

export interface PolicyScanReport {
  created: number;
  done: number;
  cancelled: number;
  raised: number;
  resolved: number;
}

/** A worklist item a statement wrote. */
interface ItemRow {
  id: number;
  customerId: number;
}

/** What one run wrote, by outcome. */
interface ScanChanges {
  created: ItemRow[];
  done: ItemRow[];
  cancelled: ItemRow[];
  raised: number;
}

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

async function arrearsFollowUps(em: EntityManager, date: string, changes: ScanChanges): Promise<void> {
  const over = `with over as (
       select s.service_account_id as sa, s.customer_id as cust, s.arrears, coalesce(cp.monitoring_threshold, ?::numeric) as threshold,
              c.org_unit_id as unit, coalesce(sa.collector_id, c.responsible_rep_id) as owner
       from daily_arrears_snapshot s join service_account sa on sa.id = s.service_account_id join customer c on c.id = s.customer_id ${POLICY_JOIN}
       where s.business_date = ?::date and s.arrears > coalesce(cp.monitoring_threshold, ?::numeric))`;
  const params = [DEFAULT_POLICY.monitoringThreshold, date, DEFAULT_POLICY.monitoringThreshold];
  // No snapshot of the date (the arrears step did not run for it): no judgement either way.
  const [snapshot] = await em.execute<Array<{ present: boolean }>>(`select exists (select 1 from daily_arrears_snapshot where business_date = ?::date) as present`, [date]);
  if (!snapshot?.present) return;
  const cancelled = await em.execute<ItemRow[]>(
    `${over}
     update worklist_item w set status = 'CANCELLED', closed_at = now(), close_note = '欠费已降至监测阈值以下 (arrears back under the threshold)'
     where w.kind = 'ARREARS_FOLLOW_UP' and w.status = 'OPEN' and not exists (select 1 from over where over.sa = w.service_account_id)
     returning w.id, w.customer_id as "customerId"`,
    params,
  );
  const created = await em.execute<ItemRow[]>(
    `${over}
     insert into worklist_item (kind, customer_id, service_account_id, owner_id, org_unit_id, due_on, status, amount, reason, dedupe_key)
     select 'ARREARS_FOLLOW_UP', over.cust, over.sa, over.owner, over.unit, ?::date, 'OPEN', over.arrears,
            '日监测：欠费 ' || over.arrears::numeric(14,2)::text || ' 元，超过监测阈值 ' || over.threshold::numeric(14,2)::text || ' 元',
            'ARREARS_FOLLOW_UP:sa:' || over.sa || ':' || ?::text
     from over
     where not exists (select 1 from worklist_item w where w.kind = 'ARREARS_FOLLOW_UP' and w.status = 'OPEN' and w.service_account_id = over.sa)
     on conflict (dedupe_key) do nothing
     returning id, customer_id as "customerId"`,
    [...params, date, date],
  );
  changes.created.push(...created);
  changes.cancelled.push(...cancelled);
}

async function bigUserCollections(em: EntityManager, date: string, changes: ScanChanges): Promise<void> {
  const month = date.slice(0, 7);
  const monthStart = `${month}-01`;
  const days = daysInMonth(date);
  const big = await em.execute<Array<{ id: number; orgUnitId: number; ownerId: number | null; n: number; done: number; consumption: string; threshold: string }>>(
    `with p as (select ?::date as d, ?::date as start, ?::text as tz, ?::jsonb as defaults, ?::int as n)
     select c.id, c.org_unit_id as "orgUnitId", ${CUSTOMER_OWNER} as "ownerId",
            coalesce(cp.big_user_collections_per_month, p.n)::int as n,
            c.estimated_monthly_consumption::text as consumption,
            coalesce(cp.big_user_thresholds ->> c.utility, p.defaults ->> c.utility) as threshold,
            (select count(*) from (
               select (v.occurred_at at time zone p.tz)::date from visit v
               where v.customer_id = c.id and v.purpose = 'COLLECTION'
                 and v.occurred_at >= (p.start::timestamp at time zone p.tz) and v.occurred_at < ((p.d + 1)::timestamp at time zone p.tz)
               union
               select (y.paid_at at time zone p.tz)::date from payment y
               where y.customer_id = c.id and y.paid_at >= (p.start::timestamp at time zone p.tz) and y.paid_at < ((p.d + 1)::timestamp at time zone p.tz)
             ) x)::int as done
     from p cross join customer c ${POLICY_JOIN}
     where c.status = 'ACTIVE' and c.estimated_monthly_consumption > coalesce(cp.big_user_thresholds ->> c.utility, p.defaults ->> c.utility)::numeric
     order by c.id`,
    [date, monthStart, COMPANY_TIME_ZONE, JSON.stringify(DEFAULT_POLICY.bigUserThresholds), DEFAULT_POLICY.bigUserCollectionsPerMonth],
  );
  const cancelled = await em.execute<ItemRow[]>(
    `update worklist_item set status = 'CANCELLED', closed_at = now(),
            close_note = case when split_part(dedupe_key, ':', 4) < ? then '月份已结束 (the month is over)' else '不再是大客户 (no longer a big user)' end
     where kind = 'BIG_USER_COLLECTION' and status = 'OPEN' and (split_part(dedupe_key, ':', 4) < ? or customer_id <> all(?::int[]))
     returning id, customer_id as "customerId"`,
    [month, month, pgArray(big.map((b) => b.id))],
  );
  // dedupe_key = BIG_USER_COLLECTION:c:<customer>:<YYYY-MM>:<collection number>
  const done = await em.execute<ItemRow[]>(
    `update worklist_item w set status = 'DONE', closed_at = now(), close_note = '本月第 ' || split_part(w.dedupe_key, ':', 5) || ' 次催收已完成 (collection made)'
     from unnest(?::int[], ?::int[]) as b(id, done)
     where w.kind = 'BIG_USER_COLLECTION' and w.status = 'OPEN' and w.customer_id = b.id
       and split_part(w.dedupe_key, ':', 4) = ? and split_part(w.dedupe_key, ':', 5)::int <= b.done
     returning w.id, w.customer_id as "customerId"`,
    [pgArray(big.map((b) => b.id)), pgArray(big.map((b) => b.done)), month],
  );
  const due = big.filter((b) => b.done < b.n);
  if (due.length) {
    const rows = due.map((b) => {
      const slot = b.done + 1;
      const dueOn = addDays(monthStart, bigUserDueDay(slot, b.n, days) - 1);
      return {
        ...b,
        dueOn: dueOn < date ? date : dueOn,
        key: `${WorklistItemKind.BIG_USER_COLLECTION}:c:${b.id}:${month}:${slot}`,
        reason: `大客户（月用量 ${b.consumption}，阈值 ${b.threshold}）本月第 ${slot}/${b.n} 次催收`,
      };
    });
    const created = await em.execute<ItemRow[]>(
      `insert into worklist_item (kind, customer_id, service_account_id, owner_id, org_unit_id, due_on, status, reason, dedupe_key)
       select 'BIG_USER_COLLECTION', x.customer, null, x.owner, x.unit, x.due, 'OPEN', x.reason, x.key
       from unnest(?::int[], ?::int[], ?::int[], ?::date[], ?::text[], ?::text[]) as x(customer, owner, unit, due, reason, key)
       where not exists (select 1 from worklist_item w where w.kind = 'BIG_USER_COLLECTION' and w.status = 'OPEN' and w.customer_id = x.customer)
       on conflict (dedupe_key) do nothing
       returning id, customer_id as "customerId"`,
      [
        pgArray(rows.map((r) => r.id)),
        `{${rows.map((r) => r.ownerId ?? 'NULL').join(',')}}`,
        pgArray(rows.map((r) => r.orgUnitId)),
        pgArray(rows.map((r) => r.dueOn)),
        textArray(rows.map((r) => r.reason)),
        textArray(rows.map((r) => r.key)),
      ],
    );
    changes.created.push(...created);
  }
  changes.done.push(...done);
  changes.cancelled.push(...cancelled);
}

/** A PostgreSQL text[] literal with every element quoted. */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

async function riskChecks(em: EntityManager, date: string, changes: ScanChanges): Promise<void> {
  const cancelled = await em.execute<ItemRow[]>(
    `update worklist_item w set status = 'CANCELLED', closed_at = now(), close_note = '已移出风险客户台账 (off the risk ledger)'
     where w.kind = 'RISK_CHECK' and w.status = 'OPEN'
       and not exists (select 1 from risk_entry r where r.customer_id = w.customer_id and r.closed_at is null)
     returning w.id, w.customer_id as "customerId"`,
  );
  const created = await em.execute<ItemRow[]>(
    `with p as (select ?::date as d, ?::text as tz, ?::int as n),
     due as (
       select c.id as customer, c.org_unit_id as unit, ${CUSTOMER_OWNER} as owner, r.id as entry, r.level,
              coalesce(cp.risk_check_interval_days, p.n) as n, coalesce(lv.id, 0) as visit,
              greatest((r.opened_at at time zone p.tz)::date, lv.day) as base
       from p cross join risk_entry r join customer c on c.id = r.customer_id ${POLICY_JOIN}
       left join lateral (
         select v.id, (v.occurred_at at time zone p.tz)::date as day from visit v
         where v.customer_id = c.id and v.purpose = 'COLLECTION' and v.occurred_at < ((p.d + 1)::timestamp at time zone p.tz)
         order by v.occurred_at desc, v.id desc limit 1) lv on true
       where r.closed_at is null)
     insert into worklist_item (kind, customer_id, service_account_id, owner_id, org_unit_id, due_on, status, reason, dedupe_key)
     select 'RISK_CHECK', due.customer, null, due.owner, due.unit, due.base + due.n, 'OPEN',
            '风险客户（' || due.level || '）每 ' || due.n || ' 天催收一次，上次催收或列入台账：' || to_char(due.base, 'YYYY-MM-DD'),
            'RISK_CHECK:c:' || due.customer || ':r' || due.entry || ':v' || due.visit
     from due
     where not exists (select 1 from worklist_item w where w.kind = 'RISK_CHECK' and w.status = 'OPEN' and w.customer_id = due.customer)
     on conflict (dedupe_key) do nothing
     returning id, customer_id as "customerId"`,
    [date, COMPANY_TIME_ZONE, DEFAULT_POLICY.riskCheckIntervalDays],
  );
  changes.created.push(...created);
  changes.cancelled.push(...cancelled);
}

async function overdueAlerts(em: EntityManager, date: string, changes: ScanChanges): Promise<void> {
  const overdue = await em.execute<Array<{ id: number; kind: WorklistItemKind; customerId: number; serviceAccountId: number | null; ownerId: number | null; dueOn: string; amount: string | null }>>(
    `select w.id, w.kind, w.customer_id as "customerId", w.service_account_id as "serviceAccountId", w.owner_id as "ownerId",
            to_char(w.due_on, 'YYYY-MM-DD') as "dueOn", w.amount::text as amount
     from worklist_item w
     where w.status = 'OPEN' and w.due_on < ?::date
       and not exists (select 1 from alert a where a.dedupe_key = ? || w.id)
     order by w.id`,
    [date, `${AlertKind.POLICY_VISIT_OVERDUE}:item:`],
  );
  for (const item of overdue) {
    await raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.POLICY_VISIT_OVERDUE,
      severity: AlertSeverity.WARNING,
      customerId: item.customerId,
      serviceAccountId: item.serviceAccountId,
      amount: item.amount,
      ownerId: item.ownerId,
      message: `策略催收逾期：${KIND_LABEL[item.kind]}应于 ${item.dueOn} 完成，尚未催收`,
      dedupeKey: overdueAlertKey(item.id),
    });
    changes.raised += 1;
  }
}

/** The collection-policy rules for `businessDate`, in the caller's transaction (see the module comment). */
export async function runCollectionPolicies(em: EntityManager, businessDate: string): Promise<PolicyScanReport> {
  const changes: ScanChanges = { created: [], done: [], cancelled: [], raised: 0 };
  await arrearsFollowUps(em, businessDate, changes);
  await bigUserCollections(em, businessDate, changes);
  await riskChecks(em, businessDate, changes);
  const resolved = await resolveItemAlerts(em, ids([...changes.done, ...changes.cancelled]), '策略催收任务已关闭 (the worklist item was closed)', SYSTEM_ACTOR);
  await overdueAlerts(em, businessDate, changes);
  await recordItemChanges(em, businessDate, changes);
  return { created: changes.created.length, done: changes.done.length, cancelled: changes.cancelled.length, raised: changes.raised, resolved };
}

/** One audit entry and one `worklist.updated` event per customer whose items the run made, closed or cancelled. */
async function recordItemChanges(em: EntityManager, businessDate: string, changes: ScanChanges): Promise<void> {
  const byCustomer = new Map<number, { created: number[]; done: number[]; cancelled: number[] }>();
  const entry = (customerId: number) => {
    let found = byCustomer.get(customerId);
    if (!found) byCustomer.set(customerId, (found = { created: [], done: [], cancelled: [] }));
    return found;
  };
  for (const row of changes.created) entry(row.customerId).created.push(row.id);
  for (const row of changes.done) entry(row.customerId).done.push(row.id);
  for (const row of changes.cancelled) entry(row.customerId).cancelled.push(row.id);
  if (!byCustomer.size) return;
  const customers = await em.find(Customer, { id: { $in: [...byCustomer.keys()] } }, { populate: ['orgUnit'], orderBy: { id: 'asc' } });
  for (const customer of customers) {
    const items = byCustomer.get(customer.id)!;
    await recordCustomerChange(em, SYSTEM_ACTOR, customer, {
      action: 'worklist.scan',
      entityType: 'WorklistItem',
      entityId: [...items.created, ...items.done, ...items.cancelled][0]!,
      before: null,
      after: { businessDate, ...items },
      kind: 'worklist.updated',
      changedFields: ['worklistItems'],
      payload: { created: items.created, done: items.done, cancelled: items.cancelled },
    });
  }
}

/** The daily scan's step (SCAN_STEPS in jobs/daily-scan.ts): adds what it raised and resolved to the run's counts. */
export async function scanCollectionPolicies(em: EntityManager, businessDate: string, counts: Counts): Promise<void> {
  const report = await runCollectionPolicies(em, businessDate);
  counts.raised += report.raised;
  counts.resolved += report.resolved;
}

/**
 * A COLLECTION visit (action 'visit.log', in the visit's transaction) closes
 * the OPEN items of its customer — customer-wide ones, and account ones of
 * the account it names (all accounts when it names none) — as DONE, linked
 * to the visit and its recorder, and resolves their overdue alerts.
 */
const closeOnCollectionVisit: CustomerChangeHook = async (em, actor, customer, change) => {
  if (change.action !== 'visit.log' || change.after?.purpose !== VisitPurpose.COLLECTION) return;
  const accountId = (change.after.serviceAccountId as number | null) ?? null;
  const doneBy = (change.after.recordedById as number | null) ?? actor.userId;
  const closed = await em.execute<ItemRow[]>(
    `update worklist_item set status = 'DONE', closed_at = now(), done_by_id = ?, visit_id = ?
     where customer_id = ? and status = 'OPEN' and (?::int is null or service_account_id is null or service_account_id = ?::int)
     returning id`,
    [doneBy, change.entityId, customer.id, accountId, accountId],
  );
  if (!closed.length) return;
  await resolveItemAlerts(em, ids(closed), '已催收走访 (collection visit logged)', actor);
  await recordCustomerChange(em, actor, customer, {
    action: 'worklist.close',
    entityType: 'WorklistItem',
    entityId: closed[0]!.id,
    before: { status: 'OPEN' },
    after: { status: 'DONE', itemIds: ids(closed), visitId: change.entityId },
    kind: 'worklist.updated',
    changedFields: ['worklistItems'],
    payload: { done: ids(closed), visitId: change.entityId },
  });
};

let installed = false;

/** Connects collection visits to the worklists, once per process. */
export function installWorklists(): void {
  if (installed) return;
  installed = true;
  onCustomerChange(closeOnCollectionVisit);
}
