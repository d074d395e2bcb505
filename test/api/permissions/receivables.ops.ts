/** Receivables ledger: bills (bills:write, admins), payments (payments:write: collectors, admins), reads (receivables:read). */
import type { TestServer } from '../../support/harness.js';
import { next, only, type BaseTargets, type CallerName, type OperationSet, type Outcome } from './matrix.js';

interface Targets {
  accountOwn: string;
  accountB: string;
  numberOwn: string;
  billB: string;
  /** A payment of the own account with plenty of credit to refund from. */
  creditPayment: string;
}

/** Everyone who reads receivables: staff of every role; none of the matrix's keys has receivables:read. */
const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const COMPANY_READERS: CallerName[] = ['admin', 'lead', 'viewer'];
const BRANCH_NOT_FOUND: Partial<Record<CallerName, Outcome>> = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' };

const ADD = `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id accountNumber } } }`;
const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id amount serviceAccount { id customer { id } } } } }`;
const BILLS = `mutation($input: ImportBillsInput!) { importBills(input: $input) { recordedCount results { index bill { id } error { code } } } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id amount allocations { amount } } } }`;
const PAYS = `mutation($input: RecordPaymentsInput!) { recordPayments(input: $input) { recordedCount results { index payment { id } } } }`;
const ADJUST = `mutation($input: RecordAdjustmentInput!) { recordAdjustment(input: $input) { adjustment { id amount } } }`;
const REFUND = `mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { refund { id amount } } }`;
const BALANCE = 'balance { billed paid adjustments balance credit arrears ageing { days0to30 days31to90 days91to180 over180 } }';

const bill = (serviceAccountId: string) => ({
  serviceAccountId, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount: '100.00', dueOn: '2026-10-20', issuedOn: '2026-10-05',
  sourceSystem: '权限矩阵营销系统', externalId: `M-${next()}`,
});
const payment = (serviceAccountId: string) => ({ serviceAccountId, amount: '1.00', channel: 'COUNTER', paidAt: '2026-11-01T02:00:00Z' });

async function ok(server: TestServer, query: string, input: Record<string, unknown>) {
  const res = await server.gql(query, { input });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const account = async (customerId: string, orgUnitId: string) =>
      (await ok(server, ADD, { customerId, accountNumber: `6655${String(next()).padStart(10, '0')}`, orgUnitId, address: '权限矩阵账单地址' })).addServiceAccount
        .serviceAccount as { id: string; accountNumber: string };
    const own = await account(base.custOwn, base.stationA);
    const b = await account(base.custB, base.stationB);
    const billB = (await ok(server, BILL, { ...bill(b.id), idempotencyKey: `matrix-setup-${next()}` })).recordBill.bill.id;
    const credit = (await ok(server, PAY, { ...payment(own.id), amount: '1000.00', idempotencyKey: `matrix-setup-${next()}` })).recordPayment.payment.id;
    return { accountOwn: own.id, accountB: b.id, numberOwn: own.accountNumber, billB, creditPayment: credit };
  },
  operations: [
    {
      name: 'mutation recordBill (own, 贵阳)',
      run: (s, c, t) => s.gql(BILL, { input: { ...bill(t.accountOwn), idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordBill (other branch)',
      run: (s, c, t) => s.gql(BILL, { input: { ...bill(t.accountB), idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation importBills (own, 贵阳)',
      run: (s, c, t) => s.gql(BILLS, { input: { items: [bill(t.accountOwn), bill(t.accountOwn)], mode: 'ALL_OR_NOTHING', idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordPayment (own, 贵阳)',
      run: (s, c, t) => s.gql(PAY, { input: { ...payment(t.accountOwn), idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordPayment (other branch)',
      run: (s, c, t) => s.gql(PAY, { input: { ...payment(t.accountB), idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN', { collector: 'NOT_FOUND' }),
    },
    {
      name: 'mutation recordPayments (own, 贵阳)',
      run: (s, c, t) => s.gql(PAYS, { input: { items: [payment(t.accountOwn)], mode: 'PER_ITEM', idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordAdjustment (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(ADJUST, { input: { serviceAccountId: t.accountOwn, amount: '-1.00', kind: 'CREDIT_NOTE', reason: '矩阵红冲', idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation refundPayment (own, 贵阳)',
      run: (s, c, t) => s.gql(REFUND, { input: { paymentId: t.creditPayment, amount: '0.01', reason: '矩阵退款', idempotencyKey: `m-${next()}` } }, c.headers),
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query serviceAccount balance, bills and payments (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(`query($n: String!) { serviceAccount(accountNumber: $n) { id ${BALANCE} bills(first: 5) { totalCount edges { node { id outstanding } } }
          payments(first: 5) { totalCount edges { node { id unallocated allocations { amount } } } } } }`, { n: t.numberOwn }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer balance (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id ${BALANCE} } }`, { id: t.custOwn }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query collectionRate (own customer)',
      run: (s, c, t) =>
        s.gql(`query($f: CollectionRateFilter!) { collectionRate(filter: $f) { due collected rate billCount } }`,
          { f: { customerId: t.custOwn, periodFrom: '2026-01-01', periodTo: '2026-12-31' } }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query collectionRate (other branch customer)',
      run: (s, c, t) =>
        s.gql(`query($f: CollectionRateFilter!) { collectionRate(filter: $f) { due collected rate billCount } }`,
          { f: { customerId: t.custB, periodFrom: '2026-01-01', periodTo: '2026-12-31' } }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'FORBIDDEN', BRANCH_NOT_FOUND),
    },
    {
      name: 'query node (bill, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Bill { amount } } }`, { id: t.billB }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'null'),
    },
  ],
};
