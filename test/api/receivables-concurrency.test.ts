/**
 * Concurrency of the ledger (issue 6): fifty clients posting payments to the
 * same accounts at once leave exact balances, and retries with one
 * idempotency key — even concurrent ones — record one payment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiKeyHeader, createKey, unitOf } from '../support/fixtures-auth.js';
import { gqlData, testUscc } from '../support/fixtures.js';
import { accountTotals, ledgerViolations } from '../support/ledger-invariants.js';

const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { replayed payment { id } } }`;
const BILLS = `mutation($input: ImportBillsInput!) { importBills(input: $input) { recordedCount } }`;

let server: TestServer;
let channel: Record<string, string>;
let station: string;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function newAccounts(n: number, tag: number): Promise<string[]> {
  const customer = (await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `并发缴费测试用户${tag}`, uscc: testUscc(53000 + tag), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId: station },
  })).createCustomer.customer.id;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
      input: { customerId: customer, accountNumber: `4433${tag}${String(i).padStart(6, '0')}`, orgUnitId: station, address: '并发测试地址' },
    });
    ids.push(res.addServiceAccount.serviceAccount.id);
  }
  return ids;
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  const company = await unitOf(server, 'admin');
  const key = await createKey(server, ['PAYMENTS_WRITE', 'RECEIVABLES_READ', 'CUSTOMERS_READ'], company.id, 100_000);
  channel = apiKeyHeader(key.secret);
});
afterAll(() => server?.close());

describe('concurrent payments', () => {
  it('50 clients × 20 payments on five shared accounts leave exact balances and counts', async () => {
    const accounts = await newAccounts(5, 1);
    // Each account owes 500.00 in ten bills; 200 payments of 3.33 bring 666.00, so 166.00 must end up as credit.
    for (const [a, account] of accounts.entries()) {
      const items = Array.from({ length: 10 }, (_, i) => ({
        serviceAccountId: account, periodStart: '2026-01-01', periodEnd: '2026-01-31', amount: '50.00', dueOn: `2026-02-${String(10 + i).padStart(2, '0')}`,
        issuedOn: '2026-02-01', sourceSystem: '并发测试', externalId: `C${a}-${i}`,
      }));
      expect((await must(BILLS, { input: { items, mode: 'ALL_OR_NOTHING', idempotencyKey: `bills-${a}` } })).importBills.recordedCount).toBe(10);
    }
    const clients = Array.from({ length: 50 }, (_, c) => (async () => {
      for (let i = 0; i < 20; i++) {
        const account = accounts[(c + i) % accounts.length]!;
        const res = await server.gql(PAY, { input: { serviceAccountId: account, amount: '3.33', channel: 'ALIPAY', paidAt: '2026-11-20T01:00:00Z', idempotencyKey: `c${c}-p${i}` } }, channel);
        if (res.errors) throw new Error(JSON.stringify(res.errors));
      }
    })());
    await Promise.all(clients);
    const ids = accounts.map((a) => parseGlobalId(a)!.id);
    const totals = await accountTotals(server.sql, ids);
    for (const row of totals) {
      expect(row).toMatchObject({ payments: 200, paid: '666.00', billed: '500.00', allocated: '500.00', balance: '0.00', credit: '166.00', billsNotExactlyPaid: 0 });
    }
    expect(await ledgerViolations(server.sql, ids)).toEqual([]);
    const balances = await Promise.all(accounts.map((id) => must(`query($id: ID!) { node(id: $id) { ... on ServiceAccount { balance { billed paid balance credit } } } }`, { id }, channel)));
    for (const b of balances) expect(b.node.balance).toEqual({ billed: '500.00', paid: '500.00', balance: '0.00', credit: '166.00' });
    // A correctness test: 200 payments queue on each account's lock, so on a busy
    // 2-core machine it can take minutes. Throughput is measured by `pnpm bench`.
  }, 300_000);

  it('records one payment for twenty concurrent retries with one key, and answers each with it', async () => {
    const [account] = await newAccounts(1, 2);
    const input = { serviceAccountId: account, amount: '88.80', channel: 'BANK', paidAt: '2026-11-20T01:00:00Z', externalReference: 'BANK-RETRY-1', idempotencyKey: 'retry-1' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => must(PAY, { input }, channel)));
    const paymentIds = new Set(answers.map((a) => a.recordPayment.payment.id));
    expect(paymentIds.size).toBe(1);
    expect(answers.filter((a) => !a.recordPayment.replayed)).toHaveLength(1);
    const { rows } = await server.sql.query(`select count(*)::int as n from payment where service_account_id = $1`, [parseGlobalId(account!)!.id]);
    expect(rows[0].n).toBe(1);
    const mismatch = await server.gql(PAY, { input: { ...input, amount: '88.81' } }, channel);
    expect(mismatch.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('keeps idempotency keys per caller: the same key from another caller is a new payment', async () => {
    const [account] = await newAccounts(1, 3);
    const input = { serviceAccountId: account, amount: '1.00', channel: 'CASH', paidAt: '2026-11-20T01:00:00Z', idempotencyKey: 'shared-key' };
    const byKey = (await must(PAY, { input }, channel)).recordPayment;
    const byAdmin = (await must(PAY, { input })).recordPayment;
    expect(byAdmin.payment.id).not.toBe(byKey.payment.id);
    expect(toGlobalId('Payment', parseGlobalId(byAdmin.payment.id)!.id)).toBe(byAdmin.payment.id);
  });
});

describe('concurrent batches crossing on shared counters', () => {
  const PAYS = `mutation($input: RecordPaymentsInput!) { recordPayments(input: $input) { recordedCount } }`;
  const pay = (serviceAccountId: string, day: string, reference: string) => ({ serviceAccountId, amount: '1.00', channel: 'ALIPAY', paidAt: `${day}T02:00:00Z`, externalReference: reference });

  it('never fails on a deadlock: batches that add to the same daily counters in opposite orders all commit', async () => {
    // Four accounts of four customers, so only the daily counters (day 1, day 2) are shared:
    // one batch adds to day 1 then day 2, the other to day 2 then day 1.
    const accounts = (await Promise.all([71, 72, 73, 74].map((tag) => newAccounts(1, tag)))).flat();
    const [a, b, c, d] = accounts as [string, string, string, string];
    const rounds = 8;
    const results = await Promise.all(
      Array.from({ length: rounds }, (_, round) => [
        server.gql(PAYS, { input: { mode: 'ALL_OR_NOTHING', idempotencyKey: `cross-${round}-1`, items: [pay(a, '2026-11-18', `x${round}a`), pay(b, '2026-11-19', `x${round}b`)] } }, channel),
        server.gql(PAYS, { input: { mode: 'ALL_OR_NOTHING', idempotencyKey: `cross-${round}-2`, items: [pay(c, '2026-11-19', `x${round}c`), pay(d, '2026-11-18', `x${round}d`)] } }, channel),
      ]).flat(),
    );
    for (const res of results) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const { rows } = await server.sql.query(`select count(*)::int as n, sum(amount)::text as total from payment where service_account_id = any($1::int[])`, [
      accounts.map((id) => parseGlobalId(id)!.id),
    ]);
    expect(rows[0]).toEqual({ n: rounds * 4, total: `${rounds * 4}.00` });
    expect(await ledgerViolations(server.sql)).toEqual([]);
  });
});
