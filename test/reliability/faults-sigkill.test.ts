/**
 * Fault injection (issue 10): the server process is SIGKILLed in the middle
 * of a burst of payments — no draining, transactions cut wherever they were.
 * Restarted on the same database, clients retry every payment with its
 * idempotency key: each must exist exactly once and the ledger must add up
 * (what was committed before the kill is replayed, what was not is written).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTemplate } from '../support/harness.js';
import { killServerProcesses, loginHeader, post, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { accountTotals, ledgerViolations } from '../support/ledger-invariants.js';
import { BALANCE, PAY, expectCleanErrors, ledgerAccounts, localIds, paymentPlan, paymentsByKey, type Call } from './faults-ledger.js';

let clone: { url: string; drop(): Promise<void> };
let sql: pg.Pool;

beforeAll(async () => {
  clone = await cloneTemplate();
  sql = new pg.Pool({ connectionString: clone.url, max: 2 });
});
afterAll(async () => {
  killServerProcesses();
  await sql?.end();
  await clone?.drop();
});

describe('a server killed mid-burst', () => {
  it('records every payment exactly once after SIGKILL, restart and retries with the same keys', async () => {
    let server: ServerProcess = await startServerProcess({ databaseUrl: clone.url });
    const auth = await loginHeader(server.url);
    const call: Call = async (query, variables) => (await post(server.url, query, variables, auth)).body;
    // Eight accounts owing 4 × 25.00; 200 payments of 5.00 (25 per account) bring 125.00 each: 100.00 allocated, 25.00 credit.
    const accounts = await ledgerAccounts(call, sql, 3, 8, 4, '25.00');
    const plan = paymentPlan('kill', accounts, 200, '5.00');

    // The burst: 8 in flight; the server is killed once half have been answered.
    const answered = new Set<string>();
    let killed: Promise<unknown> | null = null;
    let failedByKill = 0;
    const queue = [...plan];
    const worker = async () => {
      for (let item = queue.shift(); item && !killed; item = queue.shift()) {
        try {
          const { body } = await post(server.url, PAY, { input: item.input }, auth);
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          answered.add(item.key);
          if (answered.size >= plan.length / 2 && !killed) killed = server.kill();
        } catch (error) {
          // Only the kill may fail a request (the connection is reset).
          if (!killed) throw error;
          failedByKill += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
    expect(answered.size).toBeGreaterThanOrEqual(100);
    expect(answered.size).toBeLessThan(plan.length);
    const before = await sql.query<{ n: number }>(`select count(*)::int as n from payment where external_reference like 'kill-pay-%'`);
    expect(before.rows[0]!.n).toBeGreaterThanOrEqual(answered.size);
    expect(before.rows[0]!.n).toBeLessThanOrEqual(answered.size + 8);

    // Restart on the same database and port; retry ALL payments with their keys, 8 at a time.
    server = await startServerProcess({ databaseUrl: clone.url, port: server.port });
    const outcomes = new Map<string, { replayed: boolean; paymentId: string }>();
    const retry = [...plan];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let item = retry.shift(); item; item = retry.shift()) {
          const { body } = await post(server.url, PAY, { input: item.input }, auth);
          if (body.errors) {
            expectCleanErrors(body);
            throw new Error(`${item.key} failed after the restart: ${JSON.stringify(body.errors)}`);
          }
          outcomes.set(item.key, { replayed: body.data.recordPayment.replayed, paymentId: body.data.recordPayment.payment.id });
        }
      }),
    );
    // Everything answered before the kill is a replay now; what was cut is written now (or replayed, if it had committed).
    for (const key of answered) expect(outcomes.get(key)!.replayed, key).toBe(true);
    const replayed = [...outcomes.values()].filter((o) => o.replayed).length;
    expect(replayed).toBe(before.rows[0]!.n);

    const byKey = await paymentsByKey(sql, plan.map((p) => p.key));
    for (const { key } of plan) {
      const found = byKey.get(key)!;
      expect(found.rows, key).toHaveLength(1);
      expect(found.recorded, key).toBe(found.rows[0]);
      expect(localIds([outcomes.get(key)!.paymentId])[0], key).toBe(found.rows[0]);
    }
    const ids = localIds(accounts);
    for (const row of await accountTotals(sql, ids)) {
      expect(row).toMatchObject({ payments: 25, paid: '125.00', billed: '100.00', allocated: '100.00', balance: '0.00', credit: '25.00', billsNotExactlyPaid: 0 });
    }
    expect(await ledgerViolations(sql, ids)).toEqual([]);
    for (const account of accounts) {
      expect((await call(BALANCE, { id: account })).data.node.balance).toEqual({ billed: '100.00', paid: '100.00', balance: '0.00', credit: '25.00' });
    }
    expect(failedByKill).toBeLessThanOrEqual(8);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  }, 300_000);
});
