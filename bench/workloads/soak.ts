/**
 * W6 "soak" (issue 10): mixed load for `--soak-seconds` on one server —
 * customer-360 reads (closed loop, 4 clients, the load generator process),
 * recordPayment (closed loop, 1 client, a second load generator process),
 * `--soak-subscribers` arrearsAlerts subscribers (the subscriber process) and
 * an alert raised by recordBill every ALERT_EVERY_MS — cut into windows. Per
 * window: requests and errors of each stream, the server process's RSS and
 * heap, and its event-loop delay (perf_hooks.monitorEventLoopDelay: the server
 * runs in the bench's process). The figures are the first and the last
 * window, side by side; every request must succeed and every alert reach
 * every subscriber exactly once (errors must be 0).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type pg from 'pg';
import type { LoadGenerator, } from '../lib/http-load.js';
import { startLoadGenerator } from '../lib/http-load.js';
import type { Teardown } from '../lib/database.js';
import { fmt, table } from '../lib/report.js';
import { ALERTS_SUBSCRIPTION, alertAccounts, mergeReceipts, raiseArrearsAlert, startSubscribers } from './alerts.js';
import { paymentBodies, type PaymentAccount } from './payments.js';

const ALERT_EVERY_MS = 5_000;
const READ_CLIENTS = 4;
const PAYMENT_CLIENTS = 1;

export interface SoakContext {
  pool: pg.Pool;
  serverUrl: string;
  /** Headers of the read key (customer-360). */
  readHeaders: Record<string, string>;
  /** Headers of the ledger key (payments, bills, alerts:subscribe). */
  ledgerHeaders: Record<string, string>;
  readBodies: string[];
  paymentAccounts: PaymentAccount[];
  load: LoadGenerator;
  seconds: number;
  subscribers: number;
  stamp: string;
  teardown: Teardown;
  log: (line: string) => void;
}

export interface SoakWindow {
  index: number;
  seconds: number;
  reads: number;
  readErrors: number;
  readP99Ms: number | null;
  payments: number;
  paymentErrors: number;
  alertsRaised: number;
  rssMiB: number;
  heapUsedMiB: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export interface SoakFigures {
  seconds: number;
  subscribers: number;
  windows: SoakWindow[];
  first: SoakWindow;
  last: SoakWindow;
  totals: { reads: number; payments: number; alertsRaised: number; deliveries: number; expectedDeliveries: number; lost: number; duplicates: number; disconnected: number; errors: number };
}

function p99(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

export async function runSoak(ctx: SoakContext): Promise<{ lines: string[]; figures: SoakFigures }> {
  const { log } = ctx;
  const windowSeconds = Math.max(5, Math.min(60, Math.round(ctx.seconds / 10)));
  const windows = Math.max(1, Math.round(ctx.seconds / windowSeconds));
  const alertsNeeded = Math.ceil((windows * windowSeconds * 1000) / ALERT_EVERY_MS) + 2;
  const accounts = await alertAccounts(ctx.pool, alertsNeeded);

  const payLoad = startLoadGenerator();
  ctx.teardown.add('stop soak payment load generator', () => payLoad.close());
  const subscribers = ctx.subscribers > 0 ? startSubscribers() : null;
  if (subscribers) {
    ctx.teardown.add('stop soak subscribers', () => subscribers.exit());
    log(`W6: open ${ctx.subscribers} arrearsAlerts subscribers`);
    const opened = await subscribers.open({
      url: `${ctx.serverUrl.replace(/^http/, 'ws')}/graphql`,
      connectionParams: { apiKey: ctx.ledgerHeaders['x-api-key'] },
      query: ALERTS_SUBSCRIPTION,
      count: ctx.subscribers,
      parallel: 50,
      timeoutMs: 30_000,
    });
    if (opened.opened !== ctx.subscribers) throw new Error(`W6: only ${opened.opened} of ${ctx.subscribers} subscribers connected`);
    // Let the subscriptions start on the server before the first alert.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await subscribers.collect();
  }

  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const url = `${ctx.serverUrl}/graphql`;
  const results: SoakWindow[] = [];
  const raised: number[] = [];
  let nextAccount = 0;
  log(`W6: soak ${windows} × ${windowSeconds} s: customer-360 reads at ${READ_CLIENTS} clients, recordPayment at ${PAYMENT_CLIENTS}, an alert every ${ALERT_EVERY_MS / 1000} s to ${ctx.subscribers} subscribers`);
  try {
    for (let w = 0; w < windows; w++) {
      histogram.reset();
      const started = performance.now();
      const until = started + windowSeconds * 1000;
      // Enough distinct payment bodies for the window (each its own idempotency key).
      const payBodies = paymentBodies(ctx.paymentAccounts, windowSeconds * 200, `${ctx.stamp}-soak-${w}`);
      let alertsThisWindow = 0;
      const raiser = (async () => {
        while (performance.now() + ALERT_EVERY_MS <= until + 500 && nextAccount < accounts.length) {
          const account = accounts[nextAccount++]!;
          await raiseArrearsAlert(ctx.serverUrl, ctx.ledgerHeaders, account.globalId, `${ctx.stamp}-soak-alert-${account.id}`);
          raised.push(account.id);
          alertsThisWindow++;
          const rest = until - performance.now();
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ALERT_EVERY_MS, rest))));
        }
      })();
      const [reads, pays] = await Promise.all([
        ctx.load.run({ url, headers: ctx.readHeaders, bodies: ctx.readBodies, requests: 10_000_000, concurrency: READ_CLIENTS, deadlineMs: windowSeconds * 1000, timeoutMs: 30_000 }),
        payLoad.run({ url, headers: ctx.ledgerHeaders, bodies: payBodies, requests: payBodies.length, concurrency: PAYMENT_CLIENTS, deadlineMs: windowSeconds * 1000, timeoutMs: 30_000 }),
        raiser,
      ]);
      const memory = process.memoryUsage();
      const window: SoakWindow = {
        index: w,
        seconds: (performance.now() - started) / 1000,
        reads: reads.completed,
        readErrors: reads.failed,
        readP99Ms: p99(reads.latenciesMs),
        payments: pays.completed,
        paymentErrors: pays.failed,
        alertsRaised: alertsThisWindow,
        rssMiB: memory.rss / 2 ** 20,
        heapUsedMiB: memory.heapUsed / 2 ** 20,
        eventLoopDelayP50Ms: histogram.percentile(50) / 1e6,
        eventLoopDelayP99Ms: histogram.percentile(99) / 1e6,
        eventLoopDelayMaxMs: histogram.max / 1e6,
      };
      results.push(window);
      if (reads.failed || pays.failed) throw new Error(`W6 window ${w + 1}: ${reads.failed} reads and ${pays.failed} payments failed, e.g. ${[...reads.failures, ...pays.failures].slice(0, 3).join('; ')}`);
      log(
        `W6 window ${w + 1}/${windows}: ${reads.completed} reads, ${pays.completed} payments, ${alertsThisWindow} alerts; RSS ${fmt(window.rssMiB, 0)} MiB, ` +
          `event-loop delay p99 ${fmt(window.eventLoopDelayP99Ms, 1)} ms`,
      );
    }
  } finally {
    histogram.disable();
  }

  // Every raised alert reached every subscriber exactly once.
  let deliveries = 0;
  let lost = 0;
  let duplicates = 0;
  let disconnected = 0;
  const expected = raised.length * ctx.subscribers;
  if (subscribers) {
    const waitUntil = performance.now() + 60_000;
    while (performance.now() < waitUntil) {
      if ((await subscribers.count()).receipts >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const collected = await subscribers.collect();
    const receipts = new Map<string, { alertId: string; createdAt: string; receivedAt: number[] }>();
    mergeReceipts(receipts, collected);
    const { rows } = await ctx.pool.query<{ seq: string }>(
      `select seq::text as seq from alert where kind = 'ARREARS_OVER_THRESHOLD' and service_account_id = any($1::int[])`,
      [raised],
    );
    if (rows.length !== raised.length) throw new Error(`W6: ${raised.length} bills recorded but ${rows.length} alerts raised`);
    for (const row of rows) {
      const n = receipts.get(row.seq)?.receivedAt.length ?? 0;
      deliveries += n;
      lost += Math.max(0, ctx.subscribers - n);
    }
    duplicates = collected.duplicates;
    disconnected = collected.closed;
    await subscribers.closeAll();
    await subscribers.exit();
  }
  await payLoad.close();

  const first = results[0]!;
  const last = results.at(-1)!;
  const totals = {
    reads: results.reduce((n, w) => n + w.reads, 0),
    payments: results.reduce((n, w) => n + w.payments, 0),
    alertsRaised: raised.length,
    deliveries,
    expectedDeliveries: expected,
    lost,
    duplicates,
    disconnected,
    errors: results.reduce((n, w) => n + w.readErrors + w.paymentErrors, 0) + lost + duplicates + disconnected,
  };
  if (totals.errors) throw new Error(`W6: ${lost} deliveries lost, ${duplicates} pushed twice, ${disconnected} subscribers disconnected`);
  const figures: SoakFigures = { seconds: ctx.seconds, subscribers: ctx.subscribers, windows: results, first, last, totals };
  const row = (name: string, f: (w: SoakWindow) => string) => [name, f(first), f(last)];
  const lines = [
    '',
    `W6 soak: ${windows} windows of ${windowSeconds} s — customer-360 reads at ${READ_CLIENTS} clients, recordPayment at ${PAYMENT_CLIENTS}, ${ctx.subscribers} arrearsAlerts subscribers, an alert every ${ALERT_EVERY_MS / 1000} s`,
    `  ${totals.reads.toLocaleString('en')} reads, ${totals.payments.toLocaleString('en')} payments, ${totals.alertsRaised} alerts → ${totals.deliveries.toLocaleString('en')} of ${totals.expectedDeliveries.toLocaleString('en')} deliveries; errors ${totals.errors} (lost ${lost}, twice ${duplicates}, disconnected ${disconnected})`,
    '',
    table(
      ['server process', 'first window', 'last window'],
      [
        row('reads/s', (w) => fmt(w.reads / w.seconds, 1)),
        row('read latency p99 (ms)', (w) => fmt(w.readP99Ms, 0)),
        row('payments/s', (w) => fmt(w.payments / w.seconds, 1)),
        row('RSS (MiB)', (w) => fmt(w.rssMiB, 0)),
        row('heap used (MiB, no forced GC)', (w) => fmt(w.heapUsedMiB, 0)),
        row('event-loop delay p50 (ms)', (w) => fmt(w.eventLoopDelayP50Ms, 1)),
        row('event-loop delay p99 (ms)', (w) => fmt(w.eventLoopDelayP99Ms, 1)),
        row('event-loop delay max (ms)', (w) => fmt(w.eventLoopDelayMaxMs, 0)),
      ],
    ),
    `  RSS per window (MiB): ${results.map((w) => fmt(w.rssMiB, 0)).join(', ')}`,
  ];
  return { lines, figures };
}
