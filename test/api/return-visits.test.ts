/**
 * Return visits 回访 (issue 8 item 4; DOMAIN.md "Service"; seed 003 §3(6)⑤):
 * scheduled after service events, made by logging a RETURN_VISIT visit
 * (which copies its satisfaction onto them), listed and scoped, and a
 * customer's monthly satisfaction trend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { gqlData, inDays, localId, testUscc } from '../support/fixtures.js';
import { todayIn } from '../../server/src/calendar.js';

const SCHEDULE = `mutation($input: ScheduleReturnVisitInput!) { scheduleReturnVisit(input: $input) {
  returnVisit { id reason status dueOn note overdue owner { id } serviceAccount { id } customer { id } visit { id } satisfaction completedAt } customer { id } } }`;
const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id occurredAt satisfaction } } }`;
const RETURN_VISITS = `query($id: ID!) { customer(id: $id) { returnVisits { id status reason dueOn satisfaction completedAt visit { id } } } }`;

let server: TestServer;
let station: string;
let repId: string;
let seq = 0;


const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(rep: string | null = repId): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `回访测试客户${seq}`, uscc: testUscc(83000 + seq), kind: 'PUBLIC_INSTITUTION', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: station, responsibleRepId: rep },
  });
  return data.createCustomer.customer.id;
}

async function addAccount(customerId: string): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `88776655${String(seq).padStart(6, '0')}`, orgUnitId: station, address: '贵阳市云岩区回访路2号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

async function schedule(customerId: string, extra: Record<string, unknown> = {}) {
  return (await must(SCHEDULE, { input: { customerId, reason: 'REPAIR', note: '调压器维修', ...extra } })).scheduleReturnVisit.returnVisit;
}

async function logVisit(customerId: string, purpose: string, satisfaction: number | null, occurredAt = new Date(), extra: Record<string, unknown> = {}) {
  return (await must(LOG, { input: { customerId, channel: 'PHONE', purpose, occurredAt: occurredAt.toISOString(), outcome: '电话回访，客户反馈良好', satisfaction, ...extra } })).logVisit.visit;
}

/** A moment `monthsBack` calendar months before this one: noon (Beijing time) of the 10th, or just now for this month. */
function inMonth(monthsBack: number): Date {
  if (monthsBack === 0) return new Date(Date.now() - 60_000);
  const [y, m] = todayIn().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - monthsBack, 10, 4, 0, 0));
}

const monthOf = (monthsBack: number) => {
  const [y, m] = todayIn().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - monthsBack, 1)).toISOString().slice(0, 7);
};

async function rowCounts() {
  const { rows } = await server.sql.query(`select (select count(*) from return_visit)::int as "returnVisits", (select count(*) from audit_entry)::int as audits,
    (select count(*) from domain_event)::int as events`);
  return rows[0];
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  repId = await userIdOf(server, 'rep');
});
afterAll(() => server?.close());

describe('return visits 回访', () => {
  it('schedules a return visit 3 days out for the customer\'s rep, and audits it', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    const visit = await schedule(customer, { serviceAccountId: account, reason: 'INSTALLATION', note: '新装流量计' });
    expect(visit).toEqual({
      id: expect.any(String), reason: 'INSTALLATION', status: 'SCHEDULED', dueOn: inDays(3), note: '新装流量计', overdue: false, owner: { id: repId },
      serviceAccount: { id: account }, customer: { id: customer }, visit: null, satisfaction: null, completedAt: null,
    });
    const { rows } = await server.sql.query(`select after from audit_entry where action = 'return_visit.schedule' and entity_id = $1`, [localId(visit.id)]);
    expect(rows[0].after).toMatchObject({ reason: 'INSTALLATION', dueOn: inDays(3) });
  });

  it('schedules an INSTALLATION return visit when a meter is installed, in the installing transaction', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    seq += 1;
    await must(`mutation($input: InstallMeterInput!) { installMeter(input: $input) { meter { id } } }`, {
      input: { serviceAccountId: account, model: '罗茨流量计 G100', serial: `RV-${seq}-${Date.now()}`, installedOn: todayIn(), calibrationIntervalMonths: 24, initialReading: '0' },
    });
    const list = (await must(`query($id: ID!) { customer(id: $id) { returnVisits { reason status dueOn serviceAccount { id } owner { id } } } }`, { id: customer })).customer.returnVisits;
    expect(list).toEqual([{ reason: 'INSTALLATION', status: 'SCHEDULED', dueOn: inDays(3), serviceAccount: { id: account }, owner: { id: repId } }]);
  });

  it('rejects a past due day and another customer\'s service account, writing nothing', async () => {
    const customer = await createCustomer();
    const otherAccount = await addAccount(await createCustomer());
    const before = await rowCounts();
    const past = await server.gql(SCHEDULE, { input: { customerId: customer, reason: 'REPAIR', dueOn: inDays(-1) } });
    expect(past.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(past.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('dueOn');
    const foreign = await server.gql(SCHEDULE, { input: { customerId: customer, reason: 'REPAIR', serviceAccountId: otherAccount } });
    expect(foreign.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('serviceAccountId');
    expect(await rowCounts()).toEqual(before);
  });

  it('is done when a RETURN_VISIT visit is logged: the visit is linked and its satisfaction copied', async () => {
    const customer = await createCustomer();
    const scheduled = await schedule(customer);
    const visit = await logVisit(customer, 'RETURN_VISIT', 4);
    const list = (await must(RETURN_VISITS, { id: customer })).customer.returnVisits;
    expect(list).toEqual([{ id: scheduled.id, status: 'DONE', reason: 'REPAIR', dueOn: inDays(3), satisfaction: 4, completedAt: visit.occurredAt, visit: { id: visit.id } }]);
    const timeline = await must(`query($id: ID!) { customer(id: $id) { timeline(first: 10, filter: { kinds: [RETURN_VISIT_SCHEDULED, RETURN_VISIT_DONE] }) {
      edges { node { kind actor { login } subject { ... on ReturnVisit { id status } } } } } } }`, { id: customer });
    expect(timeline.customer.timeline.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { kind: 'RETURN_VISIT_DONE', actor: { login: 'admin' }, subject: { id: scheduled.id, status: 'DONE' } },
      { kind: 'RETURN_VISIT_SCHEDULED', actor: null, subject: { id: scheduled.id, status: 'DONE' } },
    ]);
    const audit = await server.sql.query(`select after from audit_entry where action = 'return_visit.complete' and entity_id = $1`, [localId(scheduled.id)]);
    expect(audit.rows[0].after).toMatchObject({ status: 'DONE', visitId: localId(visit.id), satisfaction: 4 });
  });

  it('completes one return visit per visit, the one due soonest, and ignores visits of other purposes and from before it was scheduled', async () => {
    const customer = await createCustomer();
    const later = await schedule(customer, { dueOn: inDays(10) });
    const sooner = await schedule(customer, { dueOn: inDays(5) });
    await logVisit(customer, 'SERVICE', 5);
    await logVisit(customer, 'RETURN_VISIT', 3, new Date(Date.now() - 3 * 86_400_000));
    let list = (await must(RETURN_VISITS, { id: customer })).customer.returnVisits;
    expect(list.every((r: { status: string }) => r.status === 'SCHEDULED')).toBe(true);
    await logVisit(customer, 'RETURN_VISIT', 2);
    list = (await must(RETURN_VISITS, { id: customer })).customer.returnVisits;
    expect(Object.fromEntries(list.map((r: { id: string; status: string; satisfaction: number | null }) => [r.id, [r.status, r.satisfaction]]))).toEqual({
      [sooner.id]: ['DONE', 2],
      [later.id]: ['SCHEDULED', null],
    });
  });

  it('lists return visits by status, overdue, owner and due day, due soonest first, for the rep only its own', async () => {
    const own = await createCustomer();
    const notOwn = await createCustomer(null);
    const a = await schedule(own, { dueOn: inDays(20) });
    const b = await schedule(own, { dueOn: inDays(1) });
    const c = await schedule(notOwn, { dueOn: inDays(1) });
    const overdue = await schedule(own, { dueOn: todayIn() });
    await server.sql.query(`update return_visit set due_on = $2 where id = $1`, [localId(overdue.id), inDays(-2)]);
    const LIST = `query($filter: ReturnVisitFilter) { returnVisits(first: 100, filter: $filter) { totalCount edges { node { id dueOn status overdue customer { id } } } } }`;
    const rep = bearer(await server.login('rep'));
    const mine = await must(LIST, { filter: { statuses: ['SCHEDULED'], ownerId: repId, dueBefore: inDays(20) } }, rep);
    const ids = mine.returnVisits.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, overdue.id]));
    expect(ids).not.toContain(c.id);
    expect(ids.indexOf(overdue.id)).toBeLessThan(ids.indexOf(b.id));
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const late = await must(LIST, { filter: { overdue: true } });
    expect(late.returnVisits.edges.every((e: { node: { overdue: boolean } }) => e.node.overdue)).toBe(true);
    expect(late.returnVisits.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(overdue.id);
    const all = await must(LIST, { filter: { statuses: ['SCHEDULED'] } });
    expect(all.returnVisits.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(c.id);
    const forbidden = await server.gql(SCHEDULE, { input: { customerId: notOwn, reason: 'REPAIR' } }, rep);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('satisfaction trend 满意度趋势', () => {
  it('averages the satisfaction of RETURN_VISIT visits per calendar month, months without one included', async () => {
    const customer = await createCustomer();
    await logVisit(customer, 'RETURN_VISIT', 5, inMonth(0));
    await logVisit(customer, 'RETURN_VISIT', 4, inMonth(0));
    await logVisit(customer, 'RETURN_VISIT', 2, inMonth(1));
    await logVisit(customer, 'SERVICE', 1, inMonth(1));
    await logVisit(customer, 'RETURN_VISIT', 3, inMonth(5));
    const data = await must(`query($id: ID!) { customer(id: $id) { satisfactionTrend(months: 3) { month averageSatisfaction count } } }`, { id: customer });
    expect(data.customer.satisfactionTrend).toEqual([
      { month: monthOf(2), averageSatisfaction: null, count: 0 },
      { month: monthOf(1), averageSatisfaction: 2, count: 1 },
      { month: monthOf(0), averageSatisfaction: 4.5, count: 2 },
    ]);
    const six = await must(`query($id: ID!) { customer(id: $id) { satisfactionTrend(months: 6) { month averageSatisfaction count } } }`, { id: customer });
    expect(six.customer.satisfactionTrend[0]).toEqual({ month: monthOf(5), averageSatisfaction: 3, count: 1 });
    const bad = await server.gql(`query($id: ID!) { customer(id: $id) { satisfactionTrend(months: 0) { month } } }`, { id: customer });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('computes the trends of a page of customers in one statement', async () => {
    const Q = (n: number) => `{ customers(first: ${n}, filter: { utilities: [GAS] }) { edges { node { id satisfactionTrend(months: 12) { count } returnVisits { id } } } } }`;
    const small = await server.gqlCounted(Q(2));
    const large = await server.gqlCounted(Q(20));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.customers.edges[0].node.satisfactionTrend).toHaveLength(12);
    expect(large.statements).toBe(small.statements);
  });
});
