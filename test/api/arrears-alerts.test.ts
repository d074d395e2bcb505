import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';

const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`;
const OPEN = `query($f: AlertFilter) { alerts(first: 10, filter: $f) { edges { node { kind severity amount resolvedAt serviceAccount { accountNumber } } } } }`;

let server: TestServer;
let account: { id: string; accountNumber: string; localId: number };
let n = 0;

function bill(amount: string, dueOn: string) {
  n += 1;
  return { serviceAccountId: account.id, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount, dueOn, issuedOn: '2026-10-01', sourceSystem: '营财一体化系统', externalId: `arrears-test-${n}`, idempotencyKey: `arrears-bill-${n}` };
}

function payment(amount: string) {
  n += 1;
  return { serviceAccountId: account.id, amount, channel: 'WECHAT_PAY', paidAt: new Date().toISOString(), externalReference: `wx-arrears-${n}`, idempotencyKey: `arrears-pay-${n}` };
}

async function alertsOfAccount() {
  const res = await server.gql(OPEN, { f: { kinds: ['ARREARS_OVER_THRESHOLD'] } });
  expect(res.errors).toBeUndefined();
  return res.data.alerts.edges.map((e: any) => e.node).filter((a: any) => a.serviceAccount?.accountNumber === account.accountNumber);
}

beforeAll(async () => {
  server = await startTestServer();
  // A fresh account with nothing billed yet.
  const { rows } = await server.sql.query(`select c.id as customer_id, c.org_unit_id from customer c where c.status = 'ACTIVE' order by c.id limit 1`);
  const res = await server.gql(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id accountNumber } } }`, {
    input: { customerId: toGlobalId('Customer', rows[0].customer_id), accountNumber: '99887766554433', orgUnitId: toGlobalId('OrgUnit', rows[0].org_unit_id), address: '贵州省贵阳市南明区欠费测试路1号' },
  });
  expect(res.errors).toBeUndefined();
  const created = res.data.addServiceAccount.serviceAccount;
  account = { id: created.id, accountNumber: created.accountNumber, localId: Number(Buffer.from(created.id, 'base64url').toString().split(':')[1]) };
});
afterAll(() => server?.close());

describe('arrears alerts raised by the ledger', () => {
  it('raise nothing while the overdue balance stays at or under 500 CNY', async () => {
    expect((await server.gql(BILL, { input: bill('500.00', '2026-10-15') })).errors).toBeUndefined();
    expect(await alertsOfAccount()).toEqual([]);
  });

  it('raise an alert in the same transaction as the bill that crosses the threshold, pushed to subscribers', async () => {
    // since 0: replay then live, so the push arrives whether or not the subscription was ready before the bill.
    const sub = subscribe(server.ws(), `subscription { arrearsAlerts(since: "0") { seq replayed alert { kind amount serviceAccount { accountNumber } } } }`);
    expect((await server.gql(BILL, { input: bill('0.01', '2026-10-20') })).errors).toBeUndefined();
    const pushes = await sub.waitFor(1);
    const push = pushes.find((p) => p.data?.arrearsAlerts.alert.serviceAccount?.accountNumber === account.accountNumber);
    expect(push!.data!.arrearsAlerts.alert).toEqual({ kind: 'ARREARS_OVER_THRESHOLD', amount: '500.01', serviceAccount: { accountNumber: account.accountNumber } });
    const open = await alertsOfAccount();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'WARNING', amount: '500.01', resolvedAt: null });
  });

  it('keep one open alert however many bills follow', async () => {
    await server.gql(BILL, { input: bill('100.00', '2026-10-25') });
    expect((await alertsOfAccount()).filter((a: any) => !a.resolvedAt)).toHaveLength(1);
  });

  it('resolve the alert when a payment brings the arrears back under the threshold', async () => {
    expect((await server.gql(PAY, { input: payment('200.00') })).errors).toBeUndefined();
    const alerts = await alertsOfAccount();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].resolvedAt).not.toBeNull();
  });

  it('raise no alert for a bill that is not yet due', async () => {
    await server.gql(BILL, { input: bill('9000.00', '2099-12-31') });
    expect((await alertsOfAccount()).filter((a: any) => !a.resolvedAt)).toHaveLength(0);
  });
});
