/**
 * "alerts": `arrearsAlerts` subscribers on loopback, in a child process
 * (lib/ws-subscribers-worker.ts), while the bench raises alerts the way the
 * ledger does: `recordBill` over HTTP for an overdue bill above the 500 CNY
 * threshold, which raises ARREARS_OVER_THRESHOLD in the bill's transaction
 * (server/src/modules/alerts/arrears-alerts.ts). One service account per
 * alert (an account has at most one open alert of a kind).
 *
 * Measured: commit-to-receipt latency of every delivery, alerts lost or
 * pushed twice (both must be 0), the server's heap per connected subscriber
 * and its CPU per delivery.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type pg from 'pg';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import type { Collected, OpenJob } from '../lib/ws-subscribers-worker.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import { forkWorker } from '../lib/worker-process.js';
import { SOURCE_SYSTEM } from './payments.js';

export const ALERTS_SUBSCRIPTION = 'subscription { arrearsAlerts { seq alert { id createdAt } } }';
const BILL_AMOUNT = '600.00';

// ------------------------------------------------------------------ the subscriber process

export interface Subscribers {
  open(job: Omit<OpenJob, 'type'>): Promise<{ opened: number; ms: number }>;
  collect(): Promise<Collected>;
  /** Pushes received since the last collect, without sending them. */
  count(): Promise<{ receipts: number; closed: number }>;
  closeAll(): Promise<void>;
  exit(): Promise<void>;
}

export function startSubscribers(): Subscribers {
  // Its own heap limit: 5,000 subscribers' receipts fit well within the default.
  const worker = forkWorker(new URL('../lib/ws-subscribers-worker.ts', import.meta.url), 'subscriber process');
  return {
    open: (job) => worker.ask({ type: 'open', ...job }, job.timeoutMs + 120_000),
    collect: () => worker.ask<Collected>({ type: 'collect' }, 60_000),
    count: () => worker.ask<{ receipts: number; closed: number }>({ type: 'count' }, 30_000),
    closeAll: async () => {
      await worker.ask({ type: 'close' }, 30_000);
    },
    exit: () => worker.close(),
  };
}

// ------------------------------------------------------------------ heap

let gcFn: (() => void) | null | undefined;
/** A full GC of this process (where the server runs), exposed at run time. */
function gc(): boolean {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  if (!gcFn) return false;
  gcFn();
  return true;
}

/** Median heap used of `readings` readings, each after a full GC (when available). */
export async function heapUsed(readings = 5): Promise<{ bytes: number; gc: boolean }> {
  const values: number[] = [];
  let forced = false;
  for (let i = 0; i < readings; i++) {
    forced = gc();
    values.push(process.memoryUsage().heapUsed);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  values.sort((a, b) => a - b);
  return { bytes: values[Math.floor(values.length / 2)]!, gc: forced };
}

// ------------------------------------------------------------------ raising alerts

/**
 * `count` service accounts that owe nothing (no bill open, as with most accounts
 * of the seeded ledger) and have no open arrears alert, from the top of the seed
 * (the payments workload takes a spread): one overdue bill raises a new alert.
 */
export async function alertAccounts(pool: pg.Pool, count: number): Promise<Array<{ id: number; globalId: string }>> {
  const { rows } = await pool.query<{ id: number }>(
    `select s.id from service_account s
      where not exists (select 1 from bill b where b.service_account_id = s.id
                          and b.amount > coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)
                                       - coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0))
        and not exists (select 1 from alert x where x.service_account_id = s.id and x.resolved_at is null)
      order by s.id desc limit $1`,
    [count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} service accounts owing nothing, the alerts workload needs ${count}`);
  return rows.map((r) => ({ id: r.id, globalId: toGlobalId('ServiceAccount', r.id) }));
}

const RECORD_BILL = 'mutation($input: RecordBillInput!) { recordBill(input: $input) { replayed bill { id } } }';

function isoDay(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

/** Wall-clock milliseconds, fractional: comparable with the subscriber process's receipts. */
export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Records one overdue bill of 600 CNY on the account (due 10 days ago), which
 * raises an ARREARS_OVER_THRESHOLD alert in its transaction. Returns when the
 * request was sent and when its answer arrived (the commit lies between).
 */
export async function raiseArrearsAlert(serverUrl: string, headers: Record<string, string>, accountGlobalId: string, key: string): Promise<{ sentAt: number; answeredAt: number; statements: number }> {
  const body = JSON.stringify({
    query: RECORD_BILL,
    variables: {
      input: {
        serviceAccountId: accountGlobalId,
        periodStart: isoDay(-60),
        periodEnd: isoDay(-31),
        amount: BILL_AMOUNT,
        dueOn: isoDay(-10),
        issuedOn: isoDay(-30),
        sourceSystem: SOURCE_SYSTEM,
        externalId: key,
        idempotencyKey: key,
      },
    },
  });
  const sentAt = wallNow();
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const answeredAt = wallNow();
  if (res.status !== 200 || text.includes('"errors":')) throw new Error(`recordBill answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  const parsed = JSON.parse(text) as { data: { recordBill: { replayed: boolean } } };
  if (parsed.data.recordBill.replayed) throw new Error(`recordBill ${key} was replayed: the bench's keys must be new`);
  return { sentAt, answeredAt, statements: Number(res.headers.get('x-sql-statements')) };
}

/** Merges a collect answer into the running per-seq receipts. */
export function mergeReceipts(into: Map<string, { alertId: string; createdAt: string; receivedAt: number[] }>, part: Collected): void {
  for (const [seq, entry] of Object.entries(part.bySeq)) {
    const have = into.get(seq);
    if (have) for (const t of entry.receivedAt) have.receivedAt.push(t);
    else into.set(seq, { ...entry, receivedAt: [...entry.receivedAt] });
  }
}

/** Alert rows' service accounts, by the alerts' global IDs. */
export async function alertServiceAccounts(pool: pg.Pool, alertGlobalIds: string[]): Promise<Map<string, number>> {
  const ids = alertGlobalIds.map((g) => {
    const parsed = parseGlobalId(g);
    if (!parsed || parsed.type !== 'Alert') throw new Error(`not an Alert id: ${g}`);
    return parsed.id;
  });
  const { rows } = await pool.query<{ id: number; service_account_id: number | null }>(`select id, service_account_id from alert where id = any($1::int[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r.service_account_id]));
  const out = new Map<string, number>();
  for (const [i, g] of alertGlobalIds.entries()) {
    const account = byId.get(ids[i]!);
    if (account !== undefined && account !== null) out.set(g, account);
  }
  return out;
}

export interface DeliveryFigures {
  /** Receipt − mutation answered (the commit happened before it: may be slightly negative). */
  fromAnswer: LatencySummary;
  /** Receipt − mutation sent (an upper bound of commit-to-receipt). */
  fromSent: LatencySummary;
  /** Receipt − alert.createdAt (the transaction's start, PostgreSQL's clock, ms resolution). */
  fromCreatedAt: LatencySummary;
  /** Per alert, the last subscriber's receipt − mutation answered: how long the whole fan-out took. */
  lastFromAnswer: LatencySummary;
}

export function deliveryFigures(samples: { fromAnswer: number[]; fromSent: number[]; fromCreatedAt: number[]; lastFromAnswer: number[] }): DeliveryFigures {
  return {
    fromAnswer: summarize(samples.fromAnswer),
    fromSent: summarize(samples.fromSent),
    fromCreatedAt: summarize(samples.fromCreatedAt),
    lastFromAnswer: summarize(samples.lastFromAnswer),
  };
}
