/**
 * Starts the daily scan once per business day at GRIDLINE_DAILY_SCAN_AT
 * (HH:MM, company time zone; default 06:00). Every instance runs this timer;
 * `runDailyScan` makes sure only one of them scans a date (advisory lock +
 * the unique business date of `daily_scan_run`). Each minute after the
 * configured time, an instance that sees no run for today tries, so a run
 * that crashed (and rolled back) is retried within a minute.
 */
import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, todayIn } from '../calendar.js';
import { runDailyScan } from './daily-scan.js';
import { DailyScanRun } from './daily-scan.entity.js';

function localTime(now: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: COMPANY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startDailyScanScheduler(em: EntityManager, at: string, logger: Logger, intervalMs = 60_000): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    const now = new Date();
    if (localTime(now) < at) return;
    const date = todayIn(COMPANY_TIME_ZONE, now);
    running = (async () => {
      if (await em.fork().findOne(DailyScanRun, { businessDate: date })) return;
      const started = Date.now();
      const { run, ranNow } = await runDailyScan(em, date);
      if (ranNow) logger.info({ businessDate: date, ms: Date.now() - started, accounts: run.accountsScanned, raised: run.alertsRaised, resolved: run.alertsResolved }, 'daily scan done');
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
