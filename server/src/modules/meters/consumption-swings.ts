/**
 * Consumption swings 用量异常波动 (issue 8 item 2; DOMAIN.md "Customers": a
 * large rise or fall is flagged for follow-up; seed 003 (4)
 * 把用气量升降变化幅度大的大客户列入重点跟踪范围): a step of the daily scan and
 * the per-tier thresholds it uses.
 *
 * Rule, for business date D: the last complete month L is the month before
 * D's month. Every service account (not CLOSED) with a known consumption of
 * L (consumption_month) is compared with
 *   (a) the same month last year (L − 12), when known, and
 *   (b) the trailing 3-month average of L−1, L−2, L−3, when all three are known.
 * It swings when |L − base| > base × threshold% of its customer's tier —
 * STRICTLY more: exactly the threshold does not count. A base of zero (or
 * unknown) is not compared: a share of nothing is undefined, and a new or
 * idle account would otherwise alert every month. One CONSUMPTION_SWING
 * alert per account and month, ever (dedupe key `CONSUMPTION_SWING:sa:<id>:<YYYY-MM>`,
 * checked against resolved alerts too, so a re-run raises nothing twice).
 * All comparisons are numeric in SQL without division (3 × month against the
 * 3-month sum): no float or rounded average ever decides a boundary.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal } from 'decimal.js';
import { SYSTEM_ACTOR, recordAudit, type Actor } from '../audit/audit.service.js';
import { CustomerTier } from '../customers/customer.enums.js';
import { AlertKind, AlertSeverity } from '../alerts/alert.entity.js';
import { raiseAlert } from '../alerts/alert.service.js';
import type { Counts, ScanStep } from '../../jobs/daily-scan.js';
import { shiftMonth } from './meter.consumption.js';
import { MeterErrors as E } from './meter.errors.js';

/** Built-in thresholds in percent, used while a tier has no row of its own. */
export const DEFAULT_SWING_PERCENT: Record<CustomerTier, string> = {
  [CustomerTier.STRATEGIC]: '20.00',
  [CustomerTier.KEY]: '30.00',
  [CustomerTier.REGULAR]: '50.00',
  [CustomerTier.PROSPECT]: '50.00',
};

const UNIT_LABEL: Record<string, string> = { KWH: 'kWh', M3: 'm³', GJ: 'GJ', T: 't' };
const PERCENT = /^(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?$/;

export interface SwingThreshold {
  tier: CustomerTier;
  percent: string;
  isDefault: boolean;
}

/** The effective threshold of every tier. */
export async function loadSwingThresholds(em: EntityManager): Promise<SwingThreshold[]> {
  const rows = await em.execute<Array<{ tier: CustomerTier; percent: string }>>(`select tier, percent::text as percent from consumption_swing_threshold`);
  const set = new Map(rows.map((r) => [r.tier, new Decimal(r.percent).toFixed(2)]));
  return Object.values(CustomerTier).map((tier) => ({ tier, percent: set.get(tier) ?? DEFAULT_SWING_PERCENT[tier], isDefault: !set.has(tier) }));
}

/** Sets the thresholds of the given tiers (admins); more than 0 and at most 1000 percent. */
export async function updateSwingThresholds(em: EntityManager, actor: Actor, changes: Array<{ tier: CustomerTier; percent: string }>): Promise<SwingThreshold[]> {
  if (!changes.length) throw E.bad('thresholds', 'must name at least one tier');
  const seen = new Set<CustomerTier>();
  for (const [i, change] of changes.entries()) {
    if (seen.has(change.tier)) throw E.bad(`thresholds.${i}.tier`, 'is listed twice');
    seen.add(change.tier);
    if (!PERCENT.test(change.percent) || new Decimal(change.percent).lte(0) || new Decimal(change.percent).gt(1000)) {
      throw E.bad(`thresholds.${i}.percent`, 'must be more than 0 and at most 1000 (percent)');
    }
  }
  return em.transactional(async (tx) => {
    const before = await loadSwingThresholds(tx);
    for (const change of changes) {
      await tx.execute(
        `insert into consumption_swing_threshold (tier, percent, updated_by_id, updated_at) values (?, ?, ?, now())
         on conflict (tier) do update set percent = excluded.percent, updated_by_id = excluded.updated_by_id, updated_at = now()`,
        [change.tier, change.percent, actor.userId],
      );
    }
    const after = await loadSwingThresholds(tx);
    await recordAudit(tx, actor, {
      action: 'consumption_swing_threshold.update',
      entityType: 'ConsumptionSwingThreshold',
      entityId: 0,
      before: Object.fromEntries(before.map((t) => [t.tier, t.percent])),
      after: Object.fromEntries(after.map((t) => [t.tier, t.percent])),
    });
    return after;
  });
}

interface SwingRow {
  accountId: number;
  customerId: number;
  accountNumber: string;
  unit: string;
  current: string;
  lastYear: string | null;
  trailing: string | null;
  percent: string;
  byLastYear: boolean;
  byTrailing: boolean;
}

/** The swings of month `month` ('YYYY-MM') not yet alerted, per the module comment. */
export async function findSwings(em: EntityManager, month: string): Promise<SwingRow[]> {
  const m = `${month}-01`;
  return em.execute<SwingRow[]>(
    `with cur as (
       select cm.service_account_id, cm.quantity, cm.unit from consumption_month cm where cm.month = ?::date),
     cmp as (
       select cur.service_account_id, cur.quantity, cur.unit,
              (select p.quantity from consumption_month p where p.service_account_id = cur.service_account_id and p.month = ?::date) as last_year,
              (select case when count(*) = 3 then sum(p.quantity) end from consumption_month p
                where p.service_account_id = cur.service_account_id and p.month between ?::date and ?::date) as trailing_sum
       from cur),
     judged as (
       select cmp.*, sa.customer_id, sa.account_number,
              coalesce(t.percent, case c.tier ${Object.entries(DEFAULT_SWING_PERCENT).map(([tier, p]) => `when '${tier}' then ${p}`).join(' ')} end) as percent
       from cmp
       join service_account sa on sa.id = cmp.service_account_id and sa.status <> 'CLOSED'
       join customer c on c.id = sa.customer_id
       left join consumption_swing_threshold t on t.tier = c.tier)
     select service_account_id as "accountId", customer_id as "customerId", account_number as "accountNumber", unit,
            quantity::text as "current", last_year::text as "lastYear", round(trailing_sum / 3, 3)::text as "trailing", percent::text as percent,
            coalesce(last_year > 0 and abs(quantity - last_year) * 100 > last_year * percent, false) as "byLastYear",
            coalesce(trailing_sum > 0 and abs(3 * quantity - trailing_sum) * 100 > trailing_sum * percent, false) as "byTrailing"
     from judged
     where (coalesce(last_year > 0 and abs(quantity - last_year) * 100 > last_year * percent, false)
         or coalesce(trailing_sum > 0 and abs(3 * quantity - trailing_sum) * 100 > trailing_sum * percent, false))
       and not exists (select 1 from alert a where a.dedupe_key = 'CONSUMPTION_SWING:sa:' || judged.service_account_id || ':' || ?)
     order by service_account_id`,
    [m, `${shiftMonth(month, -12)}-01`, `${shiftMonth(month, -3)}-01`, `${shiftMonth(month, -1)}-01`, month],
  );
}

function describe(current: Decimal, base: Decimal, label: string): string {
  const change = current.minus(base).dividedBy(base).times(100);
  return `较${label}${change.isNegative() ? '下降' : '上升'} ${change.abs().toFixed(1)}%（${base.toFixed(3)}）`;
}

/** The daily-scan step: raises CONSUMPTION_SWING for the month before the business date's month. */
export const scanConsumptionSwings: ScanStep = async (em: EntityManager, businessDate: string, counts: Counts): Promise<void> => {
  const month = shiftMonth(businessDate.slice(0, 7), -1);
  for (const row of await findSwings(em, month)) {
    const current = new Decimal(row.current);
    const unit = UNIT_LABEL[row.unit] ?? row.unit;
    const parts: string[] = [];
    if (row.byLastYear) parts.push(describe(current, new Decimal(row.lastYear!), '去年同期'));
    if (row.byTrailing) parts.push(describe(current, new Decimal(row.trailing!), '前三个月平均'));
    await raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.CONSUMPTION_SWING,
      severity: AlertSeverity.WARNING,
      customerId: row.customerId,
      serviceAccountId: row.accountId,
      amount: null,
      message: `用量异常波动：户号 ${row.accountNumber} ${month} 用量 ${current.toFixed(3)} ${unit}，${parts.join('；')}，超过阈值 ${new Decimal(row.percent).toFixed(2)}%`,
      dedupeKey: `${AlertKind.CONSUMPTION_SWING}:sa:${row.accountId}:${month}`,
    });
    counts.raised += 1;
  }
};
