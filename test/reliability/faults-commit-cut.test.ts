/**
 * Fault injection (issue 10): the connection between the server and
 * PostgreSQL is cut just before a COMMIT reaches PostgreSQL (rolled back) or
 * just after (committed, but the server never hears so). Clients retry every
 * payment with its idempotency key until it succeeds; the ledger must hold
 * each payment exactly once, and a retry after the ambiguous failure must
 * answer with the payment that did commit (DESIGN.md idempotency) instead of
 * charging twice.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate, startTestServer, type TestServer } from '../support/harness.js';
import { startTcpProxy, type CommitAction, type TcpProxy } from '../support/tcp-proxy.js';
import { accountTotals, ledgerViolations } from '../support/ledger-invariants.js';
import { statusOf, waitUntil } from '../support/server-process.js';
import { BALANCE, PAY, expectCleanErrors, ledgerAccounts, localIds, paymentPlan, paymentsByKey, type Call } from './faults-ledger.js';

let clone: { url: string; drop(): Promise<void> };
let proxy: TcpProxy;
let server: TestServer;
/** Straight to PostgreSQL, not through the proxy: for checking what committed. */
let direct: pg.Pool;

beforeAll(async () => {
  clone = await cloneTemplate();
  const target = new URL(clone.url);
  proxy = await startTcpProxy(target.hostname, Number(target.port));
  server = await startTestServer({ databaseUrl: proxy.urlFor(clone.url), userRequestsPerMinute: 100_000 });
  direct = new pg.Pool({ connectionString: clone.url, max: 2 });
});
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await direct?.end();
  await clone?.drop();
});

describe('a connection cut around COMMIT', () => {
  it('sees COMMITs pass through the proxy untouched when no fault is set', async () => {
    const before = proxy.stats.forwarded;
    const call: Call = (query, variables) => server.gql(query, variables);
    const [account] = await ledgerAccounts(call, direct, 1, 1, 1, '10.00');
    const res = await server.gql(PAY, { input: paymentPlan('plain', [account!], 1, '10.00')[0]!.input });
    expect(res.errors).toBeUndefined();
    expect(proxy.stats.forwarded).toBeGreaterThan(before);
    expect(proxy.stats.droppedBefore + proxy.stats.droppedAfter).toBe(0);
  });

  it('leaves every payment exactly once when COMMITs are dropped before and after reaching PostgreSQL, and a retry never charges twice', async () => {
    const call: Call = (query, variables) => server.gql(query, variables);
    // Three accounts owing 4 × 50.00 each; 20 payments of 13.00 per account bring 260.00: 200.00 allocated, 60.00 credit.
    const accounts = await ledgerAccounts(call, direct, 2, 3, 4, '50.00');
    const plan = paymentPlan('cut', accounts, 60, '13.00');

    // Of every five COMMITs: one never arrives, one arrives but its answer is lost.
    const pattern: CommitAction[] = ['drop-before', 'forward', 'drop-after', 'forward', 'forward'];
    let commits = 0;
    proxy.onCommit(() => pattern[commits++ % pattern.length]!);

    const attempts = new Map<string, Array<{ ok: boolean; replayed?: boolean; paymentId?: string; code?: string }>>();
    const queue = [...plan];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const log: Array<{ ok: boolean; replayed?: boolean; paymentId?: string; code?: string }> = [];
        attempts.set(item.key, log);
        for (let attempt = 0; ; attempt++) {
          if (attempt >= 40) throw new Error(`${item.key} never succeeded: ${JSON.stringify(log)}`);
          const res = await server.gql(PAY, { input: item.input });
          if (res.data?.recordPayment && !res.errors) {
            log.push({ ok: true, replayed: res.data.recordPayment.replayed, paymentId: res.data.recordPayment.payment.id });
            break;
          }
          expectCleanErrors(res);
          log.push({ ok: false, code: res.errors![0]!.extensions!.code as string });
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    proxy.onCommit(null);

    // The faults did happen, and clients saw them.
    expect(proxy.stats.droppedBefore).toBeGreaterThanOrEqual(5);
    expect(proxy.stats.droppedAfter).toBeGreaterThanOrEqual(5);
    const logs = [...attempts.values()];
    const failed = logs.flat().filter((a) => !a.ok);
    expect(failed.length).toBeGreaterThanOrEqual(10);
    // A cut connection is reported as retryable, not as an internal error.
    expect(new Set(failed.map((a) => a.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));

    // Exactly one payment per key, and it is the one the client was finally told about.
    const byKey = await paymentsByKey(direct, plan.map((p) => p.key));
    for (const { key } of plan) {
      const rows = byKey.get(key)!;
      const final = attempts.get(key)!.at(-1)!;
      expect(rows.rows, key).toHaveLength(1);
      expect(rows.recorded, key).toBe(rows.rows[0]);
      expect(localIds([final.paymentId!])[0], key).toBe(rows.rows[0]);
    }

    // The ambiguous case occurred: a write committed while its client saw an error, and the retry replayed it.
    const ambiguous = logs.filter((log) => log.length > 1 && log.at(-1)!.replayed);
    expect(ambiguous.length).toBeGreaterThanOrEqual(1);
    expect(ambiguous.length).toBeLessThanOrEqual(proxy.stats.droppedAfter);
    // A payment whose first success was not a replay never had a committed earlier attempt.
    for (const log of logs) expect(log.filter((a) => a.ok && a.replayed === false).length).toBeLessThanOrEqual(1);

    // The ledger adds up: nothing charged twice, nothing lost.
    const ids = localIds(accounts);
    for (const row of await accountTotals(direct, ids)) {
      expect(row).toMatchObject({ payments: 20, paid: '260.00', billed: '200.00', allocated: '200.00', balance: '0.00', credit: '60.00', billsNotExactlyPaid: 0 });
    }
    expect(await ledgerViolations(direct, ids)).toEqual([]);
    for (const account of accounts) {
      const res = await server.gql(BALANCE, { id: account });
      expect(res.data.node.balance).toEqual({ billed: '200.00', paid: '200.00', balance: '0.00', credit: '60.00' });
    }
  }, 120_000);
});

describe('a database that stops answering', () => {
  it('makes /readyz answer 503 within its time limit instead of hanging, and 200 again once PostgreSQL answers', async () => {
    expect(await statusOf(`${server.url}/readyz`)).toBe(200);
    proxy.blackhole(true);
    try {
      const started = Date.now();
      expect(await statusOf(`${server.url}/readyz`, 8_000)).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await statusOf(`${server.url}/healthz`)).toBe(200);
    } finally {
      proxy.blackhole(false);
    }
    await waitUntil('/readyz 200 again', async () => (await statusOf(`${server.url}/readyz`)) === 200, 15_000);
    const res = await server.gql(`query { customers(first: 1) { totalCount } }`);
    expect(res.errors).toBeUndefined();
  });
});
