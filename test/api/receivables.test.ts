/**
 * The receivables ledger (DOMAIN.md "Receivables and collection"; issue 6):
 * bills, payments allocated oldest first, adjustments and refunds, exact to
 * the fen; idempotent writes; batches all-or-nothing or per item; balances,
 * arrears, ageing and the collection rate 回收率.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { gqlData, inDays, testUscc } from '../support/fixtures.js';
import { ledgerViolations } from '../support/ledger-invariants.js';

const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { replayed bill { id amount allocated outstanding dueOn serviceAccount { id } } } }`;
const BILLS = `mutation($input: ImportBillsInput!) { importBills(input: $input) { replayed recordedCount results { index bill { id externalId } error { code message fields { field message } } } } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { replayed payment { id amount allocated unallocated refunded allocations { amount bill { id } } } } }`;
const PAYS = `mutation($input: RecordPaymentsInput!) { recordPayments(input: $input) { replayed recordedCount results { index payment { id } error { code fields { field } } } } }`;
const ADJUST = `mutation($input: RecordAdjustmentInput!) { recordAdjustment(input: $input) { replayed adjustment { id amount kind bill { id } } } }`;
const REFUND = `mutation($input: RefundPaymentInput!) { refundPayment(input: $input) { replayed refund { id amount payment { id unallocated } } } }`;
const BALANCE_FIELDS = 'billed paid adjustments balance credit arrears ageing { days0to30 days31to90 days91to180 over180 }';
const ACCOUNT_BALANCE = `query($id: ID!) { node(id: $id) { ... on ServiceAccount { balance { ${BALANCE_FIELDS} } } } }`;

let server: TestServer;
let station: string;
let repId: string;
let seq = 0;
const key = () => `k-${++seq}-${Date.now()}`;

/** Money in fen (integers) on the test side; the server works in numeric. */
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const fenOf = (text: string) => {
  const negative = text.startsWith('-');
  const [whole, fraction = '0'] = (negative ? text.slice(1) : text).split('.');
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
};

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(orgUnitId = station, rep: string | null = repId): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `账务测试燃气用户${seq}`, uscc: testUscc(52000 + seq), kind: 'INDUSTRIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId, responsibleRepId: rep },
  });
  return data.createCustomer.customer.id;
}

async function addAccount(customerId: string, orgUnitId = station): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `55443322${String(seq).padStart(6, '0')}`, orgUnitId, address: '贵阳市观山湖区账务路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

function billInput(serviceAccountId: string, amount: string, dueOn: string, extra: Record<string, unknown> = {}) {
  seq += 1;
  return { serviceAccountId, periodStart: '2026-08-01', periodEnd: '2026-08-31', amount, dueOn, issuedOn: '2020-01-01', sourceSystem: '营销系统', externalId: `B${seq}`, ...extra };
}

async function recordBill(serviceAccountId: string, amount: string, dueOn: string, extra: Record<string, unknown> = {}) {
  return (await must(BILL, { input: { ...billInput(serviceAccountId, amount, dueOn, extra), idempotencyKey: key() } })).recordBill.bill;
}

function paymentInput(serviceAccountId: string, amount: string, extra: Record<string, unknown> = {}) {
  return { serviceAccountId, amount, channel: 'WECHAT_PAY', paidAt: '2026-11-20T03:00:00Z', ...extra };
}

async function balanceOf(accountId: string) {
  return (await must(ACCOUNT_BALANCE, { id: accountId })).node.balance;
}

/** What the ledger tables hold; an independent recomputation with plain SQL. */
async function ledgerCounts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from bill) as bills, (select count(*)::int from payment) as payments,
    (select count(*)::int from allocation) as allocations, (select count(*)::int from adjustment) as adjustments, (select count(*)::int from refund) as refunds,
    (select count(*)::int from idempotency_record) as keys, (select count(*)::int from domain_event) as events, (select count(*)::int from audit_entry) as audits`);
  return rows[0];
}

async function sqlLedger(accountId: string) {
  const id = parseGlobalId(accountId)!.id;
  const { rows } = await server.sql.query(
    `select (select coalesce(sum(amount), 0) from bill where service_account_id = $1)::text as billed,
            (select coalesce(sum(a.amount), 0) from allocation a join bill b on b.id = a.bill_id where b.service_account_id = $1)::text as allocated,
            (select coalesce(sum(amount), 0) from adjustment where service_account_id = $1)::text as adjustments,
            (select coalesce(sum(amount), 0) from payment where service_account_id = $1)::text as payments,
            (select coalesce(sum(f.amount), 0) from refund f join payment p on p.id = f.payment_id where p.service_account_id = $1)::text as refunds,
            (select count(*)::int from bill b where b.service_account_id = $1
               and (select coalesce(sum(amount), 0) from allocation where bill_id = b.id) > b.amount) as overallocated_bills,
            (select count(*)::int from payment p where p.service_account_id = $1
               and (select coalesce(sum(amount), 0) from allocation where payment_id = p.id)
                 + (select coalesce(sum(amount), 0) from refund where payment_id = p.id) > p.amount) as overallocated_payments,
            (select count(*)::int from allocation a join bill b on b.id = a.bill_id join payment p on p.id = a.payment_id
               where p.service_account_id = $1 and b.service_account_id <> p.service_account_id) as foreign_allocations`,
    [id],
  );
  return rows[0];
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  repId = await userIdOf(server, 'rep');
});
afterAll(() => server?.close());

describe('bills', () => {
  it('records a bill once per idempotency key and answers a retry with the same bill', async () => {
    const account = await addAccount(await createCustomer());
    const input = { ...billInput(account, '1234.5', '2026-09-15'), idempotencyKey: key() };
    const first = (await must(BILL, { input })).recordBill;
    expect(first).toMatchObject({ replayed: false, bill: { amount: '1234.50', allocated: '0.00', outstanding: '1234.50' } });
    const before = await ledgerCounts();
    const again = (await must(BILL, { input })).recordBill;
    expect(again).toMatchObject({ replayed: true, bill: { id: first.bill.id } });
    expect(await ledgerCounts()).toEqual(before);
    const { rows } = await server.sql.query(`select action, after->>'amount' as amount from audit_entry where entity_type = 'Bill' and entity_id = $1`, [parseGlobalId(first.bill.id)!.id]);
    expect(rows).toEqual([{ action: 'bill.record', amount: '1234.50' }]);
  });

  it('refuses a reused idempotency key with a different input as CONFLICT and writes nothing', async () => {
    const account = await addAccount(await createCustomer());
    const input = { ...billInput(account, '10.00', '2026-09-15'), idempotencyKey: key() };
    await must(BILL, { input });
    const before = await ledgerCounts();
    const res = await server.gql(BILL, { input: { ...input, amount: '11.00' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await ledgerCounts()).toEqual(before);
  });

  it('refuses a second bill with the same source system and external id as CONFLICT', async () => {
    const account = await addAccount(await createCustomer());
    const input = billInput(account, '10.00', '2026-09-15');
    await must(BILL, { input: { ...input, idempotencyKey: key() } });
    const res = await server.gql(BILL, { input: { ...input, idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'externalId' }] });
  });

  it('refuses a zero amount, a period that ends before it starts and a bad date, writing nothing', async () => {
    const account = await addAccount(await createCustomer());
    const before = await ledgerCounts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ amount: '0.00' }, 'amount'],
      [{ amount: '-5.00' }, 'amount'],
      [{ periodEnd: '2026-07-01' }, 'periodEnd'],
      [{ dueOn: '2026-02-30' }, 'dueOn'],
    ];
    for (const [change, field] of cases) {
      const res = await server.gql(BILL, { input: { ...billInput(account, '10.00', '2026-09-15'), ...change, idempotencyKey: key() } });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toContain(field);
    }
    expect(await ledgerCounts()).toEqual(before);
  });

  it('imports a batch all or nothing: one bad item fails the whole batch and names it', async () => {
    const account = await addAccount(await createCustomer());
    const before = await ledgerCounts();
    const items = [billInput(account, '1.00', '2026-09-15'), billInput(account, '0.00', '2026-09-15'), billInput(account, '3.00', '2026-09-15')];
    const res = await server.gql(BILLS, { input: { items, mode: 'ALL_OR_NOTHING', idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'items.1.amount' }] });
    expect(await ledgerCounts()).toEqual(before);
    const good = (await must(BILLS, { input: { items: [items[0], items[2]], mode: 'ALL_OR_NOTHING', idempotencyKey: key() } })).importBills;
    expect(good.recordedCount).toBe(2);
  });

  it('imports a batch per item: good items are written, bad ones come back with their error', async () => {
    const account = await addAccount(await createCustomer());
    const duplicate = billInput(account, '2.00', '2026-09-15');
    await must(BILL, { input: { ...duplicate, idempotencyKey: key() } });
    const outside = toGlobalId('ServiceAccount', 999999);
    const items = [billInput(account, '1.00', '2026-09-15'), duplicate, billInput(outside, '1.00', '2026-09-15'), billInput(account, '4.00', '2026-09-15')];
    const input = { items, mode: 'PER_ITEM', idempotencyKey: key() };
    const payload = (await must(BILLS, { input })).importBills;
    expect(payload.recordedCount).toBe(2);
    expect(payload.results.map((r: any) => r.error?.code ?? 'ok')).toEqual(['ok', 'CONFLICT', 'NOT_FOUND', 'ok']);
    const again = (await must(BILLS, { input })).importBills;
    expect(again.replayed).toBe(true);
    expect(again.results.map((r: any) => r.bill?.id ?? null)).toEqual(payload.results.map((r: any) => r.bill?.id ?? null));
    expect((await balanceOf(account)).billed).toBe('7.00');
  });
});

describe('payments', () => {
  it('allocates a payment to the oldest open bills first and keeps the rest as credit', async () => {
    const account = await addAccount(await createCustomer());
    const late = await recordBill(account, '300.00', '2026-10-15');
    const early = await recordBill(account, '100.00', '2026-09-15');
    const payment = (await must(PAY, { input: { ...paymentInput(account, '450.10'), idempotencyKey: key() } })).recordPayment.payment;
    expect(payment.allocations).toEqual([
      { amount: '100.00', bill: { id: early.id } },
      { amount: '300.00', bill: { id: late.id } },
    ]);
    expect(payment).toMatchObject({ allocated: '400.00', unallocated: '50.10' });
    expect(await balanceOf(account)).toMatchObject({ billed: '400.00', paid: '400.00', balance: '0.00', credit: '50.10', arrears: '0.00' });
  });

  it("keeps each bill's open amount in step with its allocations and adjustments, also when allocations are moved or removed in SQL", async () => {
    const account = await addAccount(await createCustomer());
    const early = await recordBill(account, '100.00', '2026-09-15');
    const late = await recordBill(account, '300.00', '2026-10-15');
    const openOf = async () => {
      const { rows } = await server.sql.query(`select id, open_amount::text as open from bill where id = any($1::int[]) order by id`, [
        [early.id, late.id].map((id) => parseGlobalId(id)!.id),
      ]);
      return rows.map((r) => r.open);
    };
    expect(await openOf()).toEqual(['100.00', '300.00']);
    const payment = (await must(PAY, { input: { ...paymentInput(account, '150.00'), idempotencyKey: key() } })).recordPayment.payment;
    expect(await openOf()).toEqual(['0.00', '250.00']);
    await must(ADJUST, { input: { serviceAccountId: account, billId: late.id, amount: '-20.50', kind: 'CREDIT_NOTE', reason: '抄表差错', idempotencyKey: key() } });
    expect(await openOf()).toEqual(['0.00', '229.50']);
    // An allocation moved to the other bill, then undone (an un-allocating correction): both bills follow.
    const paymentId = parseGlobalId(payment.id)!.id;
    await server.sql.query(`update allocation set bill_id = $1, amount = amount - 10 where payment_id = $2 and bill_id = $3`, [
      parseGlobalId(late.id)!.id,
      paymentId,
      parseGlobalId(early.id)!.id,
    ]);
    expect(await openOf()).toEqual(['100.00', '139.50']);
    await server.sql.query(`delete from allocation where payment_id = $1`, [paymentId]);
    expect(await openOf()).toEqual(['100.00', '279.50']);
    expect(await ledgerViolations(server.sql, [parseGlobalId(account)!.id])).toEqual([]);
  });

  it('allocates to the bills named in allocateTo, and refuses more than is open on a bill', async () => {
    const account = await addAccount(await createCustomer());
    await recordBill(account, '100.00', '2026-09-15');
    const second = await recordBill(account, '80.00', '2026-10-15');
    const payment = (await must(PAY, { input: { ...paymentInput(account, '90.00', { allocateTo: [{ billId: second.id, amount: '80.00' }] }), idempotencyKey: key() } }))
      .recordPayment.payment;
    expect(payment.allocations).toEqual([{ amount: '80.00', bill: { id: second.id } }]);
    const before = await ledgerCounts();
    const res = await server.gql(PAY, { input: { ...paymentInput(account, '5.00', { allocateTo: [{ billId: second.id, amount: '0.01' }] }), idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'allocateTo.0.amount' }] });
    expect(await ledgerCounts()).toEqual(before);
  });

  it("leaves nothing behind when a payment names another account's bill, not even its idempotency key", async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    const other = await addAccount(customer);
    const foreign = await recordBill(other, '100.00', '2026-09-15');
    const before = await ledgerCounts();
    const input = { ...paymentInput(account, '50.00', { allocateTo: [{ billId: foreign.id, amount: '50.00' }] }), idempotencyKey: key() };
    const res = await server.gql(PAY, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'allocateTo.0.billId' }] });
    expect(await ledgerCounts()).toEqual(before);
    // The key was not used up: the corrected request with the same key goes through.
    const ok = (await must(PAY, { input: { ...input, allocateTo: null } })).recordPayment;
    expect(ok.replayed).toBe(false);
  });

  it('refuses a payment paid in the future (beyond five minutes of clock skew), writing nothing', async () => {
    const account = await addAccount(await createCustomer());
    const before = await ledgerCounts();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const res = await server.gql(PAY, { input: { ...paymentInput(account, '1.00', { paidAt: tomorrow }), idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'paidAt', message: 'must not be in the future' }]);
    expect(await ledgerCounts()).toEqual(before);
    const aMinuteAhead = new Date(Date.now() + 60_000).toISOString();
    expect((await server.gql(PAY, { input: { ...paymentInput(account, '1.00', { paidAt: aMinuteAhead }), idempotencyKey: key() } })).errors).toBeUndefined();
  });

  it('refuses a second payment with the same channel reference as CONFLICT', async () => {
    const account = await addAccount(await createCustomer());
    const reference = `WX${Date.now()}`;
    await must(PAY, { input: { ...paymentInput(account, '1.00', { externalReference: reference }), idempotencyKey: key() } });
    const res = await server.gql(PAY, { input: { ...paymentInput(account, '1.00', { externalReference: reference }), idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('records payment batches all or nothing, or per item', async () => {
    const account = await addAccount(await createCustomer());
    const before = await ledgerCounts();
    const bad = [paymentInput(account, '1.00'), paymentInput(account, '0.00')];
    const res = await server.gql(PAYS, { input: { items: bad, mode: 'ALL_OR_NOTHING', idempotencyKey: key() } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'items.1.amount' }] });
    expect(await ledgerCounts()).toEqual(before);
    const perItem = (await must(PAYS, { input: { items: bad, mode: 'PER_ITEM', idempotencyKey: key() } })).recordPayments;
    expect(perItem.recordedCount).toBe(1);
    expect(perItem.results[1].error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'amount' }] });
  });

  it('refunds at most the unallocated remainder of a payment', async () => {
    const account = await addAccount(await createCustomer());
    await recordBill(account, '60.00', '2026-09-15');
    const payment = (await must(PAY, { input: { ...paymentInput(account, '100.00'), idempotencyKey: key() } })).recordPayment.payment;
    const before = await ledgerCounts();
    const tooMuch = await server.gql(REFUND, { input: { paymentId: payment.id, amount: '40.01', reason: '多缴退费', idempotencyKey: key() } });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'amount' }] });
    expect(await ledgerCounts()).toEqual(before);
    const refund = (await must(REFUND, { input: { paymentId: payment.id, amount: '40.00', reason: '多缴退费', idempotencyKey: key() } })).refundPayment.refund;
    expect(refund.payment.unallocated).toBe('0.00');
    expect(await balanceOf(account)).toMatchObject({ balance: '0.00', credit: '0.00' });
  });

  it('may not be recorded by a rep, who lacks payments:write', async () => {
    const account = await addAccount(await createCustomer());
    const res = await server.gql(PAY, { input: { ...paymentInput(account, '1.00'), idempotencyKey: key() } }, bearer(await server.login('rep')));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('scoping', () => {
  it('lets a collector pay into its station\'s accounts only; other branches\' accounts and units do not exist for it', async () => {
    const gy = await unitOf(server, 'lead.gy');
    const { rows } = await server.sql.query(`select id from org_unit where kind = 'STATION' and path not like $1 || '%' order by id limit 1`, [gy.path]);
    const farStation = toGlobalId('OrgUnit', rows[0].id);
    const near = await addAccount(await createCustomer());
    const farCustomer = await createCustomer(farStation, null);
    const far = await addAccount(farCustomer, farStation);
    await recordBill(far, '10.00', '2026-09-15');
    const collector = bearer(await server.login('collector'));
    const ok = await server.gql(PAY, { input: { ...paymentInput(near, '5.00', { channel: 'CASH' }), idempotencyKey: key() } }, collector);
    expect(ok.errors).toBeUndefined();
    const before = await ledgerCounts();
    const denied = await server.gql(PAY, { input: { ...paymentInput(far, '5.00', { channel: 'CASH' }), idempotencyKey: key() } }, collector);
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await ledgerCounts()).toEqual(before);
    const leadGy = bearer(await server.login('lead.gy'));
    const rate = await server.gql(`query($f: CollectionRateFilter!) { collectionRate(filter: $f) { due } }`, { f: { orgUnitId: farStation, periodFrom: '2026-01-01', periodTo: '2026-12-31' } }, leadGy);
    expect(rate.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const balance = await server.gql(ACCOUNT_BALANCE, { id: far }, leadGy);
    expect(balance.data?.node).toBeNull();
  });
});

describe('events', () => {
  it('pushes BILLING_CHANGED to customerChanged subscribers after a payment commits, and nothing for a failed one', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    const other = await addAccount(await createCustomer());
    const foreign = await recordBill(other, '9.00', '2026-09-15');
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id balance { credit } } } }`);
    let n = 0;
    await sub.prime(() => server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: customer, address: `预热${++n}` } }));
    const seen = sub.received.length;
    const failed = await server.gql(PAY, { input: { ...paymentInput(account, '9.00', { allocateTo: [{ billId: foreign.id, amount: '9.00' }] }), idempotencyKey: key() } });
    expect(failed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await must(PAY, { input: { ...paymentInput(account, '12.34'), idempotencyKey: key() } });
    const pushes = await sub.waitFor(seen + 1);
    expect(pushes.slice(seen).map((p) => p.data!.customerChanged)).toEqual([
      { kind: 'BILLING_CHANGED', changedFields: ['balance'], customer: { id: customer, balance: { credit: '12.34' } } },
    ]);
    const { rows } = await server.sql.query(`select kind, payload->>'amount' as amount from domain_event where kind like 'receivables.%' and customer_id = $1`, [parseGlobalId(customer)!.id]);
    expect(rows).toEqual([{ kind: 'receivables.payment_recorded', amount: '12.34' }]);
  });
});

describe('balances', () => {
  it('ages arrears by days past due, and adds adjustments to the balance', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    const second = await addAccount(customer);
    await recordBill(account, '10.00', inDays(-10));
    await recordBill(account, '20.00', inDays(-60));
    const old = await recordBill(account, '30.00', inDays(-120));
    await recordBill(account, '40.00', inDays(-400));
    await recordBill(second, '50.00', inDays(5));
    const credit = (await must(ADJUST, { input: { serviceAccountId: account, billId: old.id, amount: '-5.00', kind: 'CREDIT_NOTE', reason: '抄表差错红冲', idempotencyKey: key() } }))
      .recordAdjustment.adjustment;
    expect(credit).toMatchObject({ amount: '-5.00', kind: 'CREDIT_NOTE', bill: { id: old.id } });
    const wrongSign = await server.gql(ADJUST, { input: { serviceAccountId: account, amount: '5.00', kind: 'CREDIT_NOTE', reason: 'x', idempotencyKey: key() } });
    expect(wrongSign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await balanceOf(account)).toEqual({
      billed: '100.00', paid: '0.00', adjustments: '-5.00', balance: '95.00', credit: '0.00', arrears: '95.00',
      ageing: { days0to30: '10.00', days31to90: '20.00', days91to180: '25.00', over180: '40.00' },
    });
    const view = (await must(`query($id: ID!) { customer(id: $id) { balance { ${BALANCE_FIELDS} } } }`, { id: customer })).customer.balance;
    expect(view).toMatchObject({ billed: '150.00', balance: '145.00', arrears: '95.00' });
  });

  it('reads balances, bills and payments of a page of customers with a fixed number of statements', async () => {
    const customers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const customer = await createCustomer();
      const account = await addAccount(customer);
      await recordBill(account, '10.00', inDays(-3));
      await recordBill(account, '20.00', inDays(3));
      await must(PAY, { input: { ...paymentInput(account, '15.00'), idempotencyKey: key() } });
      const payment = (await must(PAY, { input: { ...paymentInput(account, '100.00'), idempotencyKey: key() } })).recordPayment.payment;
      await must(REFUND, { input: { paymentId: payment.id, amount: '0.01', reason: '多缴退费', idempotencyKey: key() } });
      customers.push(customer);
    }
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id balance { balance arrears } serviceAccounts { id balance { balance }
      bills(first: 3, filter: { openOnly: true }) { totalCount edges { node { id outstanding allocations { amount payment { id } } } } }
      payments(first: 3) { totalCount edges { node { id unallocated refunds { amount } } } } } } } }`;
    const small = await server.gqlCounted(query, { ids: customers.slice(0, 2) });
    const large = await server.gqlCounted(query, { ids: customers });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.nodes[5].serviceAccounts[0]).toMatchObject({ bills: { totalCount: 0 }, payments: { totalCount: 2 } });
    expect(large.statements).toBe(small.statements);
  });

  it('lists bills and payments of an account newest first, page by page', async () => {
    const account = await addAccount(await createCustomer());
    for (let i = 0; i < 3; i++) await recordBill(account, '1.00', inDays(-1 - i));
    await recordBill(account, '1.00', inDays(10));
    const q = `query($id: ID!, $after: String, $filter: BillFilter) { node(id: $id) { ... on ServiceAccount {
      bills(first: 2, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;
    const first = (await must(q, { id: account })).node.bills;
    expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const second = (await must(q, { id: account, after: first.pageInfo.endCursor })).node.bills;
    expect(second.edges).toHaveLength(2);
    expect((await must(q, { id: account, filter: { overdueOnly: true } })).node.bills.totalCount).toBe(3);
  });

  it('computes the collection rate per customer, org unit and person as an exact ratio', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    await recordBill(account, '100000.00', '2026-04-20', { periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    await must(PAY, { input: { ...paymentInput(account, '99999.00'), idempotencyKey: key() } });
    const q = `query($f: CollectionRateFilter!) { collectionRate(filter: $f) { due collected outstanding billCount rate } }`;
    const rate = (await must(q, { f: { customerId: customer, periodFrom: '2026-03-01', periodTo: '2026-03-31' } })).collectionRate;
    expect(rate).toEqual({ due: '100000.00', collected: '99999.00', outstanding: '1.00', billCount: 1, rate: '0.999990' });
    const byUnit = (await must(q, { f: { orgUnitId: station, periodFrom: '2026-03-01', periodTo: '2026-03-31' } })).collectionRate;
    expect(byUnit.billCount).toBeGreaterThanOrEqual(1);
    const byRep = (await must(q, { f: { responsibleRepId: repId, periodFrom: '2026-03-01', periodTo: '2026-03-31' } })).collectionRate;
    expect(byRep.billCount).toBeGreaterThanOrEqual(1);
    const both = await server.gql(q, { f: { customerId: customer, orgUnitId: station, periodFrom: '2026-03-01', periodTo: '2026-03-31' } });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('ledger invariants', () => {
  type Command =
    | { kind: 'bill'; fen: number; dueIn: number }
    | { kind: 'pay'; fen: number }
    | { kind: 'payTo'; pick: number; extraFen: number }
    | { kind: 'credit'; pick: number; fen: number }
    | { kind: 'refund'; pick: number };
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('bill' as const), fen: fc.integer({ min: 1, max: 50_000_00 }), dueIn: fc.integer({ min: -300, max: 30 }) }),
    fc.record({ kind: fc.constant('pay' as const), fen: fc.integer({ min: 1, max: 30_000_00 }) }),
    fc.record({ kind: fc.constant('payTo' as const), pick: fc.nat(), extraFen: fc.integer({ min: 0, max: 1_000_00 }) }),
    fc.record({ kind: fc.constant('credit' as const), pick: fc.nat(), fen: fc.integer({ min: 1, max: 5_000_00 }) }),
    fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  );

  it('keeps balance = billed − allocated + adjustments, and no allocation above its bill or payment, after random sequences', async () => {
    const customer = await createCustomer();
    const accounts: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 10 }), async (commands) => {
        const account = await addAccount(customer);
        const bills: string[] = [];
        const payments: string[] = [];
        let billed = 0;
        let paid = 0;
        let adjusted = 0;
        let refunded = 0;
        for (const c of commands) {
          if (c.kind === 'bill') {
            bills.push((await recordBill(account, yuan(c.fen), inDays(c.dueIn))).id);
            billed += c.fen;
          } else if (c.kind === 'pay') {
            payments.push((await must(PAY, { input: { ...paymentInput(account, yuan(c.fen)), idempotencyKey: key() } })).recordPayment.payment.id);
            paid += c.fen;
          } else if (c.kind === 'payTo' && bills.length) {
            const billId = bills[c.pick % bills.length]!;
            const bill = (await must(`query($id: ID!) { node(id: $id) { ... on Bill { amount allocated outstanding } } }`, { id: billId })).node;
            const take = Math.max(0, Math.min(fenOf(bill.outstanding), fenOf(bill.amount) - fenOf(bill.allocated)));
            const allocateTo = take > 0 ? [{ billId, amount: yuan(take) }] : null;
            const amount = take + c.extraFen || 1;
            payments.push((await must(PAY, { input: { ...paymentInput(account, yuan(amount), { allocateTo }), idempotencyKey: key() } })).recordPayment.payment.id);
            paid += amount;
          } else if (c.kind === 'credit') {
            const billId = bills.length && c.pick % 2 === 0 ? bills[c.pick % bills.length] : null;
            await must(ADJUST, { input: { serviceAccountId: account, billId, amount: yuan(-c.fen), kind: 'CREDIT_NOTE', reason: '随机红冲', idempotencyKey: key() } });
            adjusted -= c.fen;
          } else if (c.kind === 'refund' && payments.length) {
            const paymentId = payments[c.pick % payments.length]!;
            const left = fenOf((await must(`query($id: ID!) { node(id: $id) { ... on Payment { unallocated } } }`, { id: paymentId })).node.unallocated);
            if (left > 0) {
              await must(REFUND, { input: { paymentId, amount: yuan(left), reason: '随机退费', idempotencyKey: key() } });
              refunded += left;
            }
          }
        }
        const balance = await balanceOf(account);
        const ledger = await sqlLedger(account);
        expect(fenOf(balance.billed)).toBe(billed);
        expect(fenOf(ledger.billed)).toBe(billed);
        expect(fenOf(balance.adjustments)).toBe(adjusted);
        expect(fenOf(ledger.payments)).toBe(paid);
        expect(fenOf(ledger.refunds)).toBe(refunded);
        expect(fenOf(balance.paid)).toBe(fenOf(ledger.allocated));
        expect(fenOf(balance.balance)).toBe(fenOf(ledger.billed) - fenOf(ledger.allocated) + fenOf(ledger.adjustments));
        // Money is conserved: every fen paid is allocated, refunded or still credit.
        expect(fenOf(balance.paid) + fenOf(balance.credit) + refunded).toBe(paid);
        expect(ledger).toMatchObject({ overallocated_bills: 0, overallocated_payments: 0, foreign_allocations: 0 });
        accounts.push(parseGlobalId(account)!.id);
      }),
      { numRuns: 25 },
    );
    // Each bill's maintained open_amount (the worklist's index) still equals amount + adjustments − allocations.
    expect(await ledgerViolations(server.sql, accounts)).toEqual([]);
  });
});
