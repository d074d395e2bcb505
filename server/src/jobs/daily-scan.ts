/**
 * The daily scan 日监测 / 日预警 / 日通报 (issue 6 item 5; DOMAIN.md
 * "Receivables and collection", seed 002: every account owing more than
 * 500 CNY is monitored, warned and reported daily).
 *
 * Exactly once per business date, however many instances try:
 *  - the whole scan is ONE transaction that first takes the transaction-level
 *    advisory lock `DAILY_SCAN_LOCK_BASE + epoch day` (so two instances never
 *    work on the same date at once; the second one waits), then claims the
 *    date with `insert into daily_scan_run … on conflict (business_date) do
 *    nothing`. Whoever inserts the row runs the scan; whoever finds it
 *    (after the lock is released by the winner's commit) returns the
 *    existing run and writes nothing.
 *  - a crashed run (process killed, database error) rolls back as a whole,
 *    its `daily_scan_run` row included, and the lock goes with its session:
 *    the next scheduler tick (every minute, on any instance) or
 *    `runDailyScan(input: { date })` simply runs it again. To re-run a date
 *    that DID complete, delete its row (`delete from daily_scan_run where
 *    business_date = '…'`; its snapshot and report rows are replaced on the
 *    re-run) — alerts are deduplicated, so a re-run raises nothing twice.
 *
 * Rules:
 *  1. Arrears of every service account (`loadBalances`, 500 accounts a
 *     statement; arrears = open amounts of bills past due, as of the run)
 *     are snapshotted per account and date. Over the threshold (the
 *     monitoring threshold of the company's collection policy, modules/
 *     collection-policies) → ARREARS_OVER_THRESHOLD (the same dedupe key as the
 *     ledger's own alert, so never twice while open). Over the threshold AND
 *     higher than in the latest earlier snapshot → ARREARS_GREW (no earlier
 *     snapshot at all: no baseline, nothing raised; an account missing from
 *     the earlier snapshot counts as 0 then). At or under the threshold →
 *     open ARREARS_OVER_THRESHOLD and ARREARS_GREW alerts of the account
 *     are resolved.
 *  2. Promises to pay 承诺缴费 (visit.promisedAmount / promisedOn): a promise
 *     due before the business date (yesterday or earlier, at most
 *     PROMISE_LOOKBACK_DAYS back) is KEPT when the payments on the visit's
 *     service account (or, for a visit about no account, on all the
 *     customer's accounts) paid at or after the visit add up to at least the
 *     promised amount; otherwise PROMISE_BROKEN is raised, once per visit
 *     ever (dedupe key `PROMISE_BROKEN:visit:<id>`, checked against resolved
 *     alerts too). A promise due today is not judged yet.
 *  3. Installment breaches: `detectBreaches` (modules/installments), see below.
 *  3b. Collection policies 催收策略: worklist items made, closed and cancelled,
 *     POLICY_VISIT_OVERDUE for items past due (modules/worklists/worklist.scan.ts).
 *  3c. Consumption swings 用量异常波动: last month's consumption against the
 *     same month last year and the trailing 3-month average, CONSUMPTION_SWING
 *     once per account and month above the tier's threshold (modules/meters/consumption-swings.ts).
 *  3d. Rectification deadlines 整改逾期: every OPEN rectification notice past
 *     its deadline gets RECTIFICATION_OVERDUE once per notice and deadline
 *     (modules/inspections, `scanRectificationDeadlines`).
 *  4. The daily report 日通报 per org unit, rolled up its subtree (by the
 *     customer's org unit, like the collection rate and the alerts): accounts
 *     in arrears, total arrears, accounts over the threshold, collected
 *     yesterday (payments paid on the previous calendar day, company time
 *     zone), and the month-to-date collection rate = allocations ÷ (amount +
 *     adjustments) of the bills due from the 1st of the month through the
 *     business date.
 */
import os from 'node:os';
import { Decimal } from 'decimal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, addDays } from '../calendar.js';
import { SYSTEM_ACTOR } from '../modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../modules/alerts/alert.entity.js';
import { arrearsSeverity } from '../modules/alerts/arrears-alerts.js';
import { COMPANY_OF, DEFAULT_POLICY, loadMonitoringThresholds } from '../modules/collection-policies/collection-policy.service.js';
import { scanCollectionPolicies } from '../modules/worklists/worklist.scan.js';
import { raiseAlert, resolveAlertsFor } from '../modules/alerts/alert.service.js';
import { detectBreaches } from '../modules/installments/installment.service.js';
import { scanConsumptionSwings } from '../modules/meters/consumption-swings.js';
import { scanRectificationDeadlines } from '../modules/inspections/inspection.service.js';
import { scanRewards } from '../modules/rewards/reward.service.js';
import { loadBalances, pgArray } from '../modules/receivables/receivables.service.js';
import { DailyScanRun } from './daily-scan.entity.js';

/** Advisory lock keys of the scan: this base plus the epoch day of the business date. */
export const DAILY_SCAN_LOCK_BASE = 7_241_700_000_000;
/** Accounts per `loadBalances` statement. */
export const SCAN_BATCH = 500;
/** How far back an unjudged broken promise is still raised. */
export const PROMISE_LOOKBACK_DAYS = 30;

export interface DailyScanResult {
  run: DailyScanRun;
  /** True when this call did the work; false when the date had already been scanned. */
  ranNow: boolean;
}

function epochDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Runs the scan of `businessDate` unless it already ran; returns the run either way. */
export async function runDailyScan(rootEm: EntityManager, businessDate: string, runBy = `${os.hostname()}:${process.pid}`): Promise<DailyScanResult> {
  const em = rootEm.fork();
  const done = await em.findOne(DailyScanRun, { businessDate });
  if (done) return { run: done, ranNow: false };
  const ranNow = await em.transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(?::bigint)`, [DAILY_SCAN_LOCK_BASE + epochDay(businessDate)]);
    const claimed = await tx.execute<Array<{ id: number }>>(
      `insert into daily_scan_run (business_date, started_at, finished_at, accounts_scanned, alerts_raised, alerts_resolved, run_by)
       values (?, clock_timestamp(), clock_timestamp(), 0, 0, 0, ?)
       on conflict (business_date) do nothing returning id`,
      [businessDate, runBy],
    );
    if (!claimed.length) return false;
    const counts = await scan(tx, businessDate);
    await tx.execute(
      `update daily_scan_run set finished_at = clock_timestamp(), accounts_scanned = ?, alerts_raised = ?, alerts_resolved = ? where id = ?`,
      [counts.accounts, counts.raised, counts.resolved, claimed[0]!.id],
    );
    return true;
  });
  const run = await rootEm.fork().findOneOrFail(DailyScanRun, { businessDate });
  return { run, ranNow };
}

export interface Counts {
  accounts: number;
  raised: number;
  resolved: number;
}

/**
 * One rule of the scan, run in its transaction in list order. Other modules
 * (collection policies, consumption swings, rectification deadlines) add
 * their rule to SCAN_STEPS below; a step adds what it raised and resolved to
 * `counts`.
 */
export type ScanStep = (em: EntityManager, businessDate: string, counts: Counts) => Promise<void>;

const SCAN_STEPS: ScanStep[] = [
  scanArrears,
  scanPromises,
  scanInstallments,
  // collection policies (issue 6 item 3): after scanArrears, whose snapshot it reads
  scanCollectionPolicies,
  // consumption swings 用量异常波动 (issue 8): modules/meters/consumption-swings.ts
  scanConsumptionSwings,
  scanRectificationDeadlines,
  // development rewards 开发专项奖励 whose window closed (issue 7 item 5): modules/rewards
  scanRewards,
];

async function scan(em: EntityManager, businessDate: string): Promise<Counts> {
  const counts: Counts = { accounts: 0, raised: 0, resolved: 0 };
  await em.execute(`delete from daily_arrears_snapshot where business_date = ?`, [businessDate]);
  await em.execute(`delete from daily_report where business_date = ?`, [businessDate]);
  for (const step of SCAN_STEPS) await step(em, businessDate, counts);
  await writeReport(em, businessDate);
  return counts;
}

async function scanArrears(em: EntityManager, businessDate: string, counts: Counts): Promise<void> {
  const [baseline] = await em.execute<Array<{ date: string | null }>>(
    `select max(business_date)::text as date from daily_arrears_snapshot where business_date < ?`,
    [businessDate],
  );
  const previousDate = baseline?.date ?? null;
  const open = await em.execute<Array<{ serviceAccountId: number; kind: AlertKind }>>(
    `select service_account_id as "serviceAccountId", kind from alert
     where resolved_at is null and service_account_id is not null and kind in (?, ?)`,
    [AlertKind.ARREARS_OVER_THRESHOLD, AlertKind.ARREARS_GREW],
  );
  const openKeys = new Set(open.map((row) => `${row.kind}:${row.serviceAccountId}`));
  // The monitoring threshold of each account's company (collection policy 催收策略).
  const thresholdOf = await loadMonitoringThresholds(em);
  let afterId = 0;
  for (;;) {
    const accounts = await em.execute<Array<{ id: number; customerId: number; orgUnitId: number; companyId: number }>>(
      `select sa.id, sa.customer_id as "customerId", c.org_unit_id as "orgUnitId", ${COMPANY_OF('o')} as "companyId"
       from service_account sa join customer c on c.id = sa.customer_id join org_unit o on o.id = c.org_unit_id
       where sa.id > ? order by sa.id limit ?`,
      [afterId, SCAN_BATCH],
    );
    if (!accounts.length) break;
    afterId = accounts[accounts.length - 1]!.id;
    counts.accounts += accounts.length;
    const ids = accounts.map((a) => a.id);
    const balances = new Map((await loadBalances(em, 'service_account_id', ids)).map((b) => [b.key, new Decimal(b.arrears)]));
    const previous = new Map<number, Decimal>();
    if (previousDate) {
      const rows = await em.execute<Array<{ id: number; arrears: string }>>(
        `select service_account_id as id, arrears::text as arrears from daily_arrears_snapshot where business_date = ? and service_account_id = any(?::int[])`,
        [previousDate, pgArray(ids)],
      );
      for (const row of rows) previous.set(row.id, new Decimal(row.arrears));
    }
    await em.execute(
      `insert into daily_arrears_snapshot (business_date, service_account_id, customer_id, org_unit_id, arrears)
       select ?::date, * from unnest(?::int[], ?::int[], ?::int[], ?::numeric[])`,
      [
        businessDate,
        pgArray(ids),
        pgArray(accounts.map((a) => a.customerId)),
        pgArray(accounts.map((a) => a.orgUnitId)),
        pgArray(accounts.map((a) => (balances.get(a.id) ?? new Decimal(0)).toFixed(2))),
      ],
    );
    for (const account of accounts) {
      const arrears = balances.get(account.id) ?? new Decimal(0);
      const threshold = thresholdOf(account.companyId);
      if (arrears.lte(threshold)) {
        if (openKeys.has(`${AlertKind.ARREARS_OVER_THRESHOLD}:${account.id}`) || openKeys.has(`${AlertKind.ARREARS_GREW}:${account.id}`)) {
          const resolved = await resolveAlertsFor(
            em,
            { serviceAccountId: account.id, kind: [AlertKind.ARREARS_OVER_THRESHOLD, AlertKind.ARREARS_GREW] },
            `日监测：欠费已降至 ${threshold.toFixed(2)} 元以下 (daily scan: arrears back under the threshold)`,
            SYSTEM_ACTOR,
          );
          counts.resolved += resolved.length;
        }
        continue;
      }
      const severity = arrearsSeverity(arrears, threshold);
      if (!openKeys.has(`${AlertKind.ARREARS_OVER_THRESHOLD}:${account.id}`)) {
        await raiseAlert(em, SYSTEM_ACTOR, {
          kind: AlertKind.ARREARS_OVER_THRESHOLD,
          severity,
          customerId: account.customerId,
          serviceAccountId: account.id,
          amount: arrears.toFixed(2),
          message: `日监测：欠费 ${arrears.toFixed(2)} 元，超过监测阈值 ${threshold.toFixed(2)} 元`,
        });
        counts.raised += 1;
      }
      const before = previousDate ? (previous.get(account.id) ?? new Decimal(0)) : null;
      if (before && arrears.gt(before) && !openKeys.has(`${AlertKind.ARREARS_GREW}:${account.id}`)) {
        await raiseAlert(em, SYSTEM_ACTOR, {
          kind: AlertKind.ARREARS_GREW,
          severity,
          customerId: account.customerId,
          serviceAccountId: account.id,
          amount: arrears.minus(before).toFixed(2),
          message: `日预警：欠费由 ${before.toFixed(2)} 元增至 ${arrears.toFixed(2)} 元`,
        });
        counts.raised += 1;
      }
    }
  }
}

async function scanPromises(em: EntityManager, businessDate: string, counts: Counts): Promise<void> {
  const broken = await em.execute<Array<{ id: number; customerId: number; serviceAccountId: number | null; promised: string; promisedOn: string; paid: string }>>(
    `select v.id, v.customer_id as "customerId", v.service_account_id as "serviceAccountId",
            v.promised_amount::text as promised, v.promised_on::text as "promisedOn", x.paid::text as paid
     from visit v
     cross join lateral (
       select coalesce(sum(p.amount), 0) as paid from payment p
       where p.paid_at >= v.occurred_at
         and (case when v.service_account_id is not null then p.service_account_id = v.service_account_id else p.customer_id = v.customer_id end)
     ) x
     where v.promised_on is not null and v.promised_amount is not null
       and v.promised_on < ?::date and v.promised_on >= ?::date
       and x.paid < v.promised_amount
       and not exists (select 1 from alert a where a.dedupe_key = 'PROMISE_BROKEN:visit:' || v.id)
     order by v.id`,
    [businessDate, addDays(businessDate, -PROMISE_LOOKBACK_DAYS)],
  );
  for (const visit of broken) {
    await raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.PROMISE_BROKEN,
      severity: AlertSeverity.WARNING,
      customerId: visit.customerId,
      serviceAccountId: visit.serviceAccountId,
      amount: new Decimal(visit.promised).minus(visit.paid).toFixed(2),
      message: `承诺 ${visit.promisedOn} 缴费 ${visit.promised} 元未兑现（已缴 ${visit.paid} 元）`,
      dedupeKey: `PROMISE_BROKEN:visit:${visit.id}`,
    });
    counts.raised += 1;
  }
}

/**
 * Installment breaches 分期协议违约 (issue 6 item 4): `detectBreaches` of the
 * installments module, inside the scan's transaction (a savepoint): every
 * DUE instalment of an ACTIVE plan due before the business date is MISSED,
 * its plan BREACHED, one INSTALMENT_BREACHED alert per plan. It does
 * nothing on Saturday and Sunday (the next business day catches up).
 */
async function scanInstallments(em: EntityManager, businessDate: string, counts: Counts): Promise<void> {
  const breaches = await detectBreaches(em, businessDate, SYSTEM_ACTOR);
  counts.raised += breaches.planIds.length;
}

async function writeReport(em: EntityManager, businessDate: string): Promise<void> {
  const monthStart = `${businessDate.slice(0, 8)}01`;
  await em.execute(
    `with s as (
       select d.org_unit_id as unit, count(*) filter (where d.arrears > 0) as in_arrears, sum(d.arrears) as arrears,
              count(*) filter (where d.arrears > coalesce(cp.monitoring_threshold, ?::numeric)) as over
       from daily_arrears_snapshot d join org_unit so on so.id = d.org_unit_id
       left join collection_policy cp on cp.company_id = ${COMPANY_OF('so')}
       where d.business_date = ? group by d.org_unit_id),
     p as (
       select c.org_unit_id as unit, sum(p.amount) as collected
       from payment p join customer c on c.id = p.customer_id
       where p.paid_at >= ((?::date - 1)::timestamp at time zone ?) and p.paid_at < (?::date::timestamp at time zone ?)
       group by c.org_unit_id),
     b as (
       select c.org_unit_id as unit,
              sum(b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)) as due,
              sum(coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)) as collected
       from bill b join customer c on c.id = b.customer_id
       where b.due_on between ?::date and ?::date
       group by c.org_unit_id),
     per_unit as (
       select o.id, o.path, s.in_arrears, s.arrears, s.over, p.collected as yesterday, b.due, b.collected as month_collected
       from org_unit o left join s on s.unit = o.id left join p on p.unit = o.id left join b on b.unit = o.id)
     insert into daily_report (business_date, org_unit_id, accounts_in_arrears, total_arrears, accounts_over_threshold,
                               collected_yesterday, due_month_to_date, collected_month_to_date)
     select ?::date, u.id, coalesce(sum(x.in_arrears), 0), coalesce(sum(x.arrears), 0), coalesce(sum(x.over), 0),
            coalesce(sum(x.yesterday), 0), coalesce(sum(x.due), 0), coalesce(sum(x.month_collected), 0)
     from org_unit u join per_unit x on starts_with(x.path, u.path)
     group by u.id`,
    [DEFAULT_POLICY.monitoringThreshold, businessDate, businessDate, COMPANY_TIME_ZONE, businessDate, COMPANY_TIME_ZONE, monthStart, businessDate, businessDate],
  );
}
