/**
 * The demo ledger at work: bills, payments and adjustments in the customer's
 * timeline (modules/receivables/receivables.timeline.ts, codes 11–13) for
 * readers with receivables:read, each source read through its (customer,
 * moment, id) index; the seeded ledger in the demo customers' timelines; and
 * a freshly seeded demo showing its arrears alerts as soon as it starts
 * (jobs/scheduler.ts catches up the missed daily scan).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { initOrm } from '../../server/src/db/orm.js';
import { addDays, todayIn } from '../../server/src/calendar.js';
import { dateToScan, startDailyScanScheduler } from '../../server/src/jobs/scheduler.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiKeyHeader, bearer, createKey } from '../support/fixtures-auth.js';
import { insert, insertCustomer, staff, type Staff } from '../support/history-rows.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { sourceOfKind } from '../../server/src/modules/timeline/timeline.sources.js';
import { TimelineKind } from '../../server/src/modules/timeline/timeline-entry.js';
import '../../server/src/modules/receivables/receivables.timeline.js';
import { gqlData } from '../support/fixtures.js';

const TIMELINE = `query($id: ID!, $filter: TimelineFilterInput) {
  customer(id: $id) { timeline(first: 100, filter: $filter) {
    totalCount
    edges { node { kind occurredAt actor { id } subject { __typename ... on Node { id } } } }
  } }
}`;
const LEDGER_KINDS = ['BILL_ISSUED', 'PAYMENT_RECEIVED', 'BALANCE_ADJUSTED'];

let server: TestServer;
let people: Staff;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer();
  people = await staff(server.sql);
});
afterAll(() => server?.close());

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

/** A customer of the demo rep with one service account, and a bill, a payment (by the collector) and a credit note on it. */
async function customerWithLedger() {
  const c = await insertCustomer(server.sql, people.stationId, people.repId, '账务时间线');
  const account = await insert.serviceAccount(server.sql, c.id, people.stationId, '2026-01-02T09:00:00+08:00', '2026-01-02T09:00:00+08:00');
  const accountId = toGlobalId('ServiceAccount', account);
  seq += 1;
  const bill = (await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: {
      serviceAccountId: accountId, periodStart: '2026-02-01', periodEnd: '2026-02-28', amount: '1234.56', dueOn: '2026-03-20',
      issuedOn: '2026-03-05', sourceSystem: '燃气营收系统', externalId: `TL-${seq}-${Date.now()}`, idempotencyKey: `tl-bill-${seq}-${Date.now()}`,
    },
  })).recordBill.bill.id as string;
  const collector = await server.login('collector');
  const payment = (await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId: accountId, amount: '1000.00', channel: 'CASH', paidAt: '2026-03-10T10:30:00+08:00', idempotencyKey: `tl-pay-${seq}-${Date.now()}` },
  }, bearer(collector))).recordPayment.payment.id as string;
  const adjustment = (await must(`mutation($input: RecordAdjustmentInput!) { recordAdjustment(input: $input) { adjustment { id } } }`, {
    input: { serviceAccountId: accountId, billId: bill, amount: '-34.56', kind: 'CREDIT_NOTE', reason: '抄表差错退补', idempotencyKey: `tl-adj-${seq}-${Date.now()}` },
  })).recordAdjustment.adjustment.id as string;
  return { c, bill, payment, adjustment };
}

describe('ledger entries in the customer timeline', () => {
  it('shows the bill at the start of its issue day, the payment when paid with who took it, and the adjustment, newest first', async () => {
    const { c, bill, payment, adjustment } = await customerWithLedger();
    const data = await must(TIMELINE, { id: c.gid, filter: { kinds: LEDGER_KINDS } });
    const edges = data.customer.timeline.edges.map((e: { node: unknown }) => e.node);
    const { rows } = await server.sql.query(`select id from app_user where login = 'collector'`);
    expect(edges).toEqual([
      { kind: 'BALANCE_ADJUSTED', occurredAt: expect.any(String), actor: null, subject: { __typename: 'Adjustment', id: adjustment } },
      { kind: 'PAYMENT_RECEIVED', occurredAt: new Date('2026-03-10T10:30:00+08:00').toISOString(), actor: { id: toGlobalId('User', rows[0].id) }, subject: { __typename: 'Payment', id: payment } },
      { kind: 'BILL_ISSUED', occurredAt: new Date('2026-03-05T00:00:00+08:00').toISOString(), actor: null, subject: { __typename: 'Bill', id: bill } },
    ]);
    expect(Date.parse(edges[0].occurredAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(data.customer.timeline.totalCount).toBe(3);
    // Unfiltered, the ledger sits among the other facts (the service account's opening is the oldest).
    const all = await must(TIMELINE, { id: c.gid });
    expect(all.customer.timeline.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
      'BALANCE_ADJUSTED', 'PAYMENT_RECEIVED', 'BILL_ISSUED', 'SERVICE_ACCOUNT_OPENED',
    ]);
  });

  it('leaves ledger entries out of pages and counts for a partner key without receivables:read', async () => {
    const { c } = await customerWithLedger();
    const unit = toGlobalId('OrgUnit', people.stationId);
    const plain = await createKey(server, ['CUSTOMERS_READ'], unit);
    const ledger = await createKey(server, ['CUSTOMERS_READ', 'RECEIVABLES_READ'], unit);
    const without = await must(TIMELINE, { id: c.gid }, apiKeyHeader(plain.secret));
    expect(without.customer.timeline.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['SERVICE_ACCOUNT_OPENED']);
    expect(without.customer.timeline.totalCount).toBe(1);
    const asked = await must(TIMELINE, { id: c.gid, filter: { kinds: ['PAYMENT_RECEIVED'] } }, apiKeyHeader(plain.secret));
    expect(asked.customer.timeline).toEqual({ totalCount: 0, edges: [] });
    const withScope = await must(TIMELINE, { id: c.gid }, apiKeyHeader(ledger.secret));
    expect(withScope.customer.timeline.totalCount).toBe(4);
  });

  it("lists a demo customer's seeded bills and payments, one entry per ledger row", async () => {
    const { rows } = await server.sql.query(`select customer_id, count(*)::int as bills,
        (select count(*) from payment p where p.customer_id = b.customer_id)::int as payments
      from bill b group by customer_id order by count(*) desc, customer_id limit 1`);
    expect(rows[0].bills).toBeGreaterThan(0);
    const id = toGlobalId('Customer', rows[0].customer_id);
    const bills = await must(TIMELINE, { id, filter: { kinds: ['BILL_ISSUED'] } });
    const payments = await must(TIMELINE, { id, filter: { kinds: ['PAYMENT_RECEIVED'] } });
    expect(bills.customer.timeline.totalCount).toBe(rows[0].bills);
    expect(payments.customer.timeline.totalCount).toBe(rows[0].payments);
    const times = bills.customer.timeline.edges.map((e: { node: { occurredAt: string } }) => e.node.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('reads each ledger source of a page with its (customer, moment, id) index and no sort', async () => {
    const client = await server.sql.connect();
    try {
      await client.query('begin');
      // Tiny test tables would be scanned whole; what matters is that an index yields the page order.
      await client.query('set local enable_seqscan = off');
      await client.query('set local enable_bitmapscan = off');
      const expected: Record<string, string> = {
        [TimelineKind.BILL_ISSUED]: 'bill_customer_issued_idx',
        [TimelineKind.PAYMENT_RECEIVED]: 'payment_customer_paid_idx',
        [TimelineKind.BALANCE_ADJUSTED]: 'adjustment_customer_created_idx',
      };
      for (const [kind, index] of Object.entries(expected)) {
        const source = sourceOfKind(kind)!;
        const { rows } = await client.query(
          `explain (format json) select x.id, ${source.occurredAt} as occurred_at from ${source.from}
           where ${source.customerId} = 1 and ${source.occurredAt} < now() order by occurred_at desc, x.id desc limit 11`,
        );
        const plan = JSON.stringify(rows[0]['QUERY PLAN']);
        expect(plan, kind).toContain(`"Index Name":"${index}"`);
        expect(plan, kind).not.toContain('"Node Type":"Sort"');
      }
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('a freshly seeded demo', () => {
  it('picks yesterday for a scheduler started before the scan time, today after it, and nothing later before it', () => {
    // 2026-11-26 03:00 and 07:00 in Beijing.
    const early = new Date('2026-11-25T19:00:00Z');
    const late = new Date('2026-11-25T23:00:00Z');
    expect(dateToScan(early, '06:00', true)).toBe('2026-11-25');
    expect(dateToScan(early, '06:00', false)).toBeNull();
    expect(dateToScan(late, '06:00', true)).toBe('2026-11-26');
    expect(dateToScan(late, '06:00', false)).toBe('2026-11-26');
  });

  it('raises an arrears alert for every seeded account over the threshold as soon as the scheduler starts, once', async () => {
    const { rows: before } = await server.sql.query(`select count(*)::int as n from daily_scan_run`);
    expect(before[0].n).toBe(0);
    const today = todayIn();
    // Before 23:59 (almost always) the start catches up yesterday's missed scan; from 23:59 on, today's is due anyway.
    const at = '23:59';
    const expected = dateToScan(new Date(), at, true)!;
    expect([addDays(today, -1), today]).toContain(expected);
    const orms = await Promise.all([initOrm(server.databaseUrl), initOrm(server.databaseUrl)]);
    const schedulers = orms.map((orm) => startDailyScanScheduler(orm.em, at, pino({ level: 'silent' })));
    try {
      await expect
        .poll(async () => (await server.sql.query(`select count(*)::int as n from daily_scan_run where business_date = $1`, [expected])).rows[0].n, { timeout: 60_000 })
        .toBe(1);
    } finally {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      await Promise.all(orms.map((orm) => orm.close()));
    }
    expect((await server.sql.query(`select count(*)::int as n from daily_scan_run`)).rows[0].n).toBe(1);
    // Every seeded account owing more than 500 CNY past due has its one open alert.
    const { rows } = await server.sql.query(`
      with arrears as (
        select b.service_account_id as id,
               sum(greatest(0, b.amount - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)
                                        + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0))) as owed
        from bill b where b.due_on < $1::date group by b.service_account_id)
      select array(select id from arrears where owed > 500 order by id) as over,
             array(select service_account_id from alert where kind = 'ARREARS_OVER_THRESHOLD' and resolved_at is null order by service_account_id) as alerted`,
      [today],
    );
    expect(rows[0].over.length).toBeGreaterThan(0);
    expect(rows[0].alerted).toEqual(rows[0].over);
  }, 120_000);
});
