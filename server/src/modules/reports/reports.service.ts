/**
 * The daily report 日通报 (written by the daily scan, jobs/daily-scan.ts) and
 * running the scan by hand. Reports are per org unit: the viewer may read
 * the units of its own subtree (a REP reads its station's figures).
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
}
