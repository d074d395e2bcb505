/**
 * Starts the daily scan once per business day at GRIDLINE_DAILY_SCAN_AT
 * (HH:MM, company time zone; default 06:00). Every instance runs this timer;
 * `runDailyScan` makes sure only one of them scans a date (advisory lock +
 * the unique business date of `daily_scan_run`). Each minute after the
 * configured time, an instance that sees no run for today tries, so a run
 * that crashed (and rolled back) is retried within a minute.
 *
 * Catch-up on start: an instance started BEFORE the configured time scans
 * yesterday's date first if nobody did (the server was down at that time,
 * or the database was just seeded), so a fresh demo shows its arrears
 * alerts at once instead of after the next 06:00. Started after the
 * configured time, the first tick scans today anyway. Either way
 * `runDailyScan` keeps each date exactly-once.
 */
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, addDays, todayIn } from '../calendar.js';
import { runDailyScan } from './daily-scan.js';
import { DailyScanRun } from './daily-scan.entity.js';

function localTime(now: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: COMPANY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** The date a tick scans at `now`: today once the configured time has passed; before it, yesterday while catching up after start. */
export function dateToScan(now: Date, at: string, catchUp: boolean): string | null {
  const today = todayIn(COMPANY_TIME_ZONE, now);
  if (localTime(now) >= at) return today;
  return catchUp ? addDays(today, -1) : null;
}

export function startDailyScanScheduler(em: EntityManager, at: string, logger: Logger, intervalMs = 60_000): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  // Until a scan succeeds, a tick before the configured time still catches up yesterday (a failed catch-up is retried).
  let catchUp = true;
  const tick = () => {
    if (stopped || running) return;
    const date = dateToScan(new Date(), at, catchUp);
    if (date === null) return;
    running = (async () => {
      if (!(await em.fork().findOne(DailyScanRun, { businessDate: date }))) {
        const started = Date.now();
        const { run, ranNow } = await runDailyScan(em, date);
        if (ranNow) logger.info({ businessDate: date, ms: Date.now() - started, accounts: run.accountsScanned, raised: run.alertsRaised, resolved: run.alertsResolved }, 'daily scan done');
      }
      catchUp = false;
    })()
      .catch((error: unknown) => logger.error({ err: error, businessDate: date }, 'daily scan failed; retrying next minute'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
