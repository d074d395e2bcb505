/**
 * The daily report 日通报 (written by the daily scan, jobs/daily-scan.ts) and
 * running the scan by hand. Reports are per org unit: the viewer may read
 * the units of its own subtree (a REP reads its station's figures).
 *
 * Also the read-only series behind the analytics charts (issue 9 item 5):
 * the collection rate 回收率 per month (DOMAIN.md "Receivables and
 * collection"; the same definition as receivables' collectionRate, one SQL
 * statement for all months), the arrears ageing 账龄 of a subtree (the sum of
 * its customers' ageing, as loadBalances ages a bill) and the consumption
 * swings 用量异常波动 of a customer (its CONSUMPTION_SWING alerts, see
 * meters/consumption-swings.ts). Like collectionRate they count a customer
 * under its own org unit and only customers the viewer may see.
 */
import { Decimal } from 'decimal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { todayIn } from '../../calendar.js';
import { AppError } from '../../graphql/errors.js';
import type { DataScope } from '../auth/viewer.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { escapeLike } from '../org/org.service.js';
import { runDailyScan, type DailyScanResult } from '../../jobs/daily-scan.js';
import type { DailyReport, DailyReportFigures } from './dto/daily-report.types.js';
import { scopeCondition } from '../receivables/receivables.service.js';
import { Alert, AlertKind } from '../alerts/alert.entity.js';
import type { MeterUnit } from '../meters/meter.entity.js';
import { shiftMonth } from '../meters/meter.consumption.js';
import type { ArrearsAgeing, CollectionRateMonth, ConsumptionSwingMark } from './dto/trends.types.js';

/** How many months collectionRateTrend may return at most. */
export const MAX_TREND_MONTHS = 36;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface ReportRow {
  date: string;
  accountsInArrears: number;
  totalArrears: string;
  accountsOverThreshold: number;
  collectedYesterday: string;
  dueMonthToDate: string;
  collectedMonthToDate: string;
}

function figures(row: ReportRow): DailyReportFigures {
  const due = new Decimal(row.dueMonthToDate);
  return {
    ...row,
    collectionRateMonthToDate: due.gt(0) ? new Decimal(row.collectedMonthToDate).div(due).toDecimalPlaces(6).toFixed(6) : null,
  };
}

export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** The report of an org unit (the viewer's own when omitted) for a date (the latest when omitted); null when none was written. */
  async dailyReport(orgUnitId: number | null, date: string | null): Promise<DailyReport | null> {
    const [unit] = await this.em.execute<Array<{ id: number }>>(
      orgUnitId === null
        ? `select id from org_unit where path = ?`
        : `select id from org_unit where id = ? and path like ?`,
      orgUnitId === null ? [this.scope.orgPath] : [orgUnitId, `${escapeLike(this.scope.orgPath)}%`],
    );
    if (!unit) throw AppError.notFound('OrgUnit');
    const rows = await this.em.execute<ReportRow[]>(
      `select business_date::text as date, accounts_in_arrears as "accountsInArrears", total_arrears::text as "totalArrears",
              accounts_over_threshold as "accountsOverThreshold", collected_yesterday::text as "collectedYesterday",
              due_month_to_date::text as "dueMonthToDate", collected_month_to_date::text as "collectedMonthToDate"
       from daily_report where org_unit_id = ? and business_date <= ?::date
       order by business_date desc limit 2`,
      [unit.id, date ?? todayIn()],
    );
    const [current, previous] = rows;
    if (!current || (date !== null && current.date !== date)) return null;
    const now = figures(current);
    const before = previous ? figures(previous) : null;
    return {
      orgUnitId: unit.id,
      date: current.date,
      current: now,
      previous: before,
      totalArrearsChange: before ? new Decimal(now.totalArrears).minus(before.totalArrears).toFixed(2) : null,
      accountsInArrearsChange: before ? now.accountsInArrears - before.accountsInArrears : null,
      accountsOverThresholdChange: before ? now.accountsOverThreshold - before.accountsOverThreshold : null,
      collectionRateChangePoints:
        before && now.collectionRateMonthToDate !== null && before.collectionRateMonthToDate !== null
          ? new Decimal(now.collectionRateMonthToDate).minus(before.collectionRateMonthToDate).times(100).toDecimalPlaces(4).toNumber()
          : null,
    };
  }

  /** Runs the daily scan of a date now (idempotent: a scanned date returns its run). */
  async runDailyScan(date: string): Promise<DailyScanResult> {
    if (date > todayIn()) throw AppError.badInput([{ field: 'input.date', message: 'must not be after today' }]);
    const result = await runDailyScan(this.em, date);
    if (result.ranNow) {
      await this.em.fork().transactional((tx) =>
        recordAudit(tx, this.actor, { action: 'dailyScan.run', entityType: 'DailyScanRun', entityId: result.run.id, after: { businessDate: date, manual: true } }),
      );
    }
    return result;
  }

  /**
   * Collection rate 回收率 of each of the last `months` calendar months up to
   * this one (company time zone), oldest first, for an org unit's subtree (the
   * viewer's own unit when omitted). Each month is what collectionRate returns
   * for its first..last day: bills whose period starts in the month, due =
   * amount + adjustments, collected = allocations — computed in ONE statement.
   */
  async collectionRateTrend(orgUnitId: number | null, months: number): Promise<CollectionRateMonth[]> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) {
      throw AppError.badInput([{ field: 'months', message: `must be 1 to ${MAX_TREND_MONTHS}` }]);
    }
    const unit = await this.unitInScope(orgUnitId);
    const last = todayIn().slice(0, 7);
    const first = shiftMonth(last, -(months - 1));
    const visible = scopeCondition(this.scope);
    const rows = await this.em.execute<Array<{ month: string; periodFrom: string; periodTo: string; due: string; collected: string; bills: number; rate: string | null }>>(
      `with m as (select generate_series(?::date, ?::date, interval '1 month')::date as start),
       b as (
         select date_trunc('month', b.period_start)::date as start,
                b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0) as due,
                coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0) as collected
         from bill b join customer c on c.id = b.customer_id
         where ${visible.sql}
           and exists (select 1 from org_unit u where u.id = c.org_unit_id and u.path like ?)
           and b.period_start between ?::date and (?::date + interval '1 month' - interval '1 day')::date)
       select to_char(m.start, 'YYYY-MM') as month, m.start::text as "periodFrom",
              (m.start + interval '1 month' - interval '1 day')::date::text as "periodTo",
              coalesce(sum(b.due), 0)::numeric(14,2)::text as due, coalesce(sum(b.collected), 0)::numeric(14,2)::text as collected,
              count(b.start)::int as bills,
              case when coalesce(sum(b.due), 0) > 0 then round(sum(b.collected) / sum(b.due), 6)::text end as rate
       from m left join b on b.start = m.start
       group by m.start order by m.start`,
      [`${first}-01`, `${last}-01`, ...visible.params, `${escapeLike(unit.path)}%`, `${first}-01`, `${last}-01`],
    );
    return rows.map((r) => ({
      month: r.month,
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      due: r.due,
      collected: r.collected,
      outstanding: new Decimal(r.due).minus(r.collected).toFixed(2),
      billCount: r.bills,
      rate: r.rate,
    }));
  }

  /**
   * Arrears ageing 账龄 of an org unit's subtree today: what is open on bills
   * past their due date, by days overdue — bucketed per bill exactly as a
   * customer's balance.ageing is (receivables loadBalances), so it equals the
   * sum over the subtree's visible customers.
   */
  async arrearsAgeing(orgUnitId: number | null): Promise<ArrearsAgeing> {
    const unit = await this.unitInScope(orgUnitId);
    const today = todayIn();
    const visible = scopeCondition(this.scope);
    const [row] = await this.em.execute<Array<{ arrears: string; d30: string; d90: string; d180: string; dmax: string; customers: number }>>(
      `with b as (
         -- Only the open bills (bill.open_amount, bill_open_account_due_idx); a bill with nothing open adds 0 to every sum.
         select b.customer_id, (?::date - b.due_on) as overdue, b.open_amount as open
         from bill b join customer c on c.id = b.customer_id
         where ${visible.sql}
           and exists (select 1 from org_unit u where u.id = c.org_unit_id and u.path like ?)
           and b.due_on < ?::date and b.open_amount > 0)
       select coalesce(sum(open), 0)::numeric(14,2)::text as arrears,
              coalesce(sum(open) filter (where overdue between 1 and 30), 0)::numeric(14,2)::text as d30,
              coalesce(sum(open) filter (where overdue between 31 and 90), 0)::numeric(14,2)::text as d90,
              coalesce(sum(open) filter (where overdue between 91 and 180), 0)::numeric(14,2)::text as d180,
              coalesce(sum(open) filter (where overdue > 180), 0)::numeric(14,2)::text as dmax,
              count(distinct customer_id) filter (where open > 0)::int as customers
       from b`,
      [today, ...visible.params, `${escapeLike(unit.path)}%`, today],
    );
    return {
      orgUnitId: unit.id,
      asOf: today,
      arrears: row!.arrears,
      ageing: { days0to30: row!.d30, days31to90: row!.d90, days91to180: row!.d180, over180: row!.dmax },
      customersInArrears: row!.customers,
    };
  }

  /**
   * The consumption swings 用量异常波动 of a customer's service accounts in
   * the months from..to (YYYY-MM): its CONSUMPTION_SWING alerts, open or
   * resolved, by month then account. The month is the one in the alert's
   * dedupe key (`CONSUMPTION_SWING:sa:<id>:<YYYY-MM>`, meters/consumption-swings.ts).
   */
  async consumptionSwings(customerId: number, from: string, to: string): Promise<ConsumptionSwingMark[]> {
    if (!MONTH.test(from)) throw AppError.badInput([{ field: 'from', message: 'must be a month written YYYY-MM' }]);
    if (!MONTH.test(to)) throw AppError.badInput([{ field: 'to', message: 'must be a month written YYYY-MM' }]);
    if (to < from) throw AppError.badInput([{ field: 'to', message: 'must not be before from' }]);
    const visible = scopeCondition(this.scope);
    const [seen] = await this.em.execute(`select 1 from customer c where c.id = ? and ${visible.sql}`, [customerId, ...visible.params]);
    if (!seen) throw AppError.notFound('Customer');
    const rows = await this.em.execute<Array<{ id: string; month: string; unit: MeterUnit | null; quantity: string | null }>>(
      `select s.id::text as id, s.month, cm.unit, cm.quantity::text as quantity
       from (select a.id, a.service_account_id, substring(a.dedupe_key from '([0-9]{4}-[0-9]{2})$') as month
             from alert a where a.customer_id = ? and a.kind = ?) s
       left join service_account sa on sa.id = s.service_account_id
       left join consumption_month cm on cm.service_account_id = s.service_account_id and cm.month = (s.month || '-01')::date
       where s.month between ? and ?
       order by s.month, sa.account_number, s.id`,
      [customerId, AlertKind.CONSUMPTION_SWING, from, to],
    );
    if (!rows.length) return [];
    // Alert ids are bigint: read as text, compared as numbers (the entity's type).
    const alerts = new Map((await this.em.find(Alert, { id: { $in: rows.map((r) => Number(r.id)) } })).map((a) => [a.id, a]));
    return rows.map((r) => ({ month: r.month, unit: r.unit, quantity: r.quantity, alert: alerts.get(Number(r.id))! }));
  }

  /** An org unit of the viewer's subtree (the viewer's own when null), or NOT_FOUND. */
  private async unitInScope(orgUnitId: number | null): Promise<{ id: number; path: string }> {
    const [unit] = await this.em.execute<Array<{ id: number; path: string }>>(
      orgUnitId === null ? `select id, path from org_unit where path = ?` : `select id, path from org_unit where id = ? and path like ?`,
      orgUnitId === null ? [this.scope.orgPath] : [orgUnitId, `${escapeLike(this.scope.orgPath)}%`],
    );
    if (!unit) throw AppError.notFound('OrgUnit');
    return unit;
  }
}
