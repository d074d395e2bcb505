/**
 * Installment / settlement agreements 分期协议 (DOMAIN.md "Contracts":
 * 电费结算协议, installments 分次缴纳; issue 6 item 4): agreeing a plan whose
 * instalments add up exactly to its total, recording what is paid on them,
 * cancelling, and detecting a missed instalment the next business day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { detectBreaches } from '../../server/src/modules/installments/installment.service.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, inDays, localId, testUscc } from '../support/fixtures.js';
import { todayIn, addDays } from '../../server/src/calendar.js';

const AGREE = `mutation($input: AgreeInstallmentPlanInput!) { agreeInstallmentPlan(input: $input) {
  plan { id total status agreedOn note agreedBy { login } serviceAccount { id } customer { id }
         instalments { id sequence dueOn amount paidAmount paidAt status } } } }`;
const PAY = `mutation($input: RecordInstalmentPaymentInput!) { recordInstalmentPayment(input: $input) {
  instalment { id paidAmount paidAt status } plan { id status } } }`;
const CANCEL = `mutation($input: CancelInstallmentPlanInput!) { cancelInstallmentPlan(input: $input) { plan { id status cancelReason closedAt } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: string;
let repId: string;
let seq = 0;
const key = () => `inst-${++seq}-${Date.now()}`;

/** The first Friday at least `days` from today. */
const fridayFrom = (days: number) => {
  let date = inDays(days);
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== 5) date = addDays(date, 1);
  return date;
};

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(orgUnitId = station, rep: string | null = repId): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `分期测试用户${seq}`, uscc: testUscc(71000 + seq), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId, responsibleRepId: rep },
  });
  return data.createCustomer.customer.id;
}

async function addAccount(customerId: string, orgUnitId = station): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `77665544${String(seq).padStart(6, '0')}`, orgUnitId, address: '贵阳市南明区分期路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

async function bill(serviceAccountId: string, amount: string, dueOn = '2026-10-20') {
  seq += 1;
  await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount, dueOn, issuedOn: '2026-09-01', sourceSystem: '营销系统', externalId: `INST-${seq}`, idempotencyKey: key() },
  });
}

/** A customer with one account owing `amount`. */
async function owing(amount: string, orgUnitId = station): Promise<{ customer: string; account: string }> {
  const customer = await createCustomer(orgUnitId, orgUnitId === station ? repId : null);
  const account = await addAccount(customer, orgUnitId);
  await bill(account, amount);
  return { customer, account };
}

function planInput(customerId: string, total: string, instalments: Array<[string, string]>, extra: Record<string, unknown> = {}) {
  return { customerId, total, note: '按上月结算价格分次缴纳', instalments: instalments.map(([dueOn, amount]) => ({ dueOn, amount })), ...extra };
}

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from installment_plan) as plans, (select count(*)::int from instalment) as instalments,
    (select count(*)::int from domain_event) as events, (select count(*)::int from audit_entry) as audits, (select count(*)::int from alert) as alerts`);
  return rows[0];
}

async function refused(input: Record<string, unknown>, code = 'BAD_USER_INPUT', headers?: Record<string, string>) {
  const before = await counts();
  const res = await server.gql(AGREE, { input }, headers);
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  expect(await counts()).toEqual(before);
  return res.errors![0]!.extensions as { fields?: Array<{ field: string; message: string }> };
}


/** A station outside 贵阳分公司 (lead.gy's branch). */
async function stationOutsideGuiyang(): Promise<string> {
  const gy = await unitOf(server, 'lead.gy');
  const { rows } = await server.sql.query(`select id from org_unit where kind = 'STATION' and path not like $1 || '%' order by id limit 1`, [gy.path]);
  return toGlobalId('OrgUnit', rows[0].id);
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  station = (await unitOf(server, 'rep')).id;
  const { rows } = await server.sql.query(`select id from app_user where login = 'rep'`);
  repId = toGlobalId('User', rows[0].id);
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('agreeing a plan', () => {
  it('agrees a plan whose instalments add up exactly to the total, audited and announced', async () => {
    const { customer } = await owing('1000.00');
    const plan = (await must(AGREE, { input: planInput(customer, '1000.00', [[inDays(0), '333.33'], [inDays(30), '333.33'], [inDays(60), '333.34']]) }, bearer(await server.login('collector'))))
      .agreeInstallmentPlan.plan;
    expect(plan).toMatchObject({ total: '1000.00', status: 'ACTIVE', agreedOn: todayIn(), agreedBy: { login: 'collector' }, serviceAccount: null, customer: { id: customer } });
    expect(plan.instalments.map((i: any) => [i.sequence, i.amount, i.paidAmount, i.status])).toEqual([
      [1, '333.33', '0.00', 'DUE'], [2, '333.33', '0.00', 'DUE'], [3, '333.34', '0.00', 'DUE'],
    ]);
    const { rows: audits } = await server.sql.query(`select action from audit_entry where entity_type = 'InstallmentPlan' and entity_id = $1`, [localId(plan.id)]);
    expect(audits).toEqual([{ action: 'installment_plan.agree' }]);
    const { rows: events } = await server.sql.query(`select kind, payload->'changedFields' as fields from domain_event where kind like 'installment.%' and customer_id = $1`, [localId(customer)]);
    expect(events).toEqual([{ kind: 'installment.agreed', fields: ['installmentPlans'] }]);
    const read = await must(`query($id: ID!) { customer(id: $id) { installmentPlans { id instalments { sequence } } } }`, { id: customer });
    expect(read.customer.installmentPlans).toEqual([{ id: plan.id, instalments: [{ sequence: 1 }, { sequence: 2 }, { sequence: 3 }] }]);
  });

  it('refuses instalments that add up to 0.01 less or more than the total, naming instalments and the difference', async () => {
    const { customer } = await owing('1000.00');
    const short = await refused(planInput(customer, '1000.00', [[inDays(1), '500.00'], [inDays(2), '499.99']]));
    expect(short.fields).toEqual([{ field: 'instalments', message: expect.stringContaining('-0.01') }]);
    const over = await refused(planInput(customer, '1000.00', [[inDays(1), '500.00'], [inDays(2), '500.01']]));
    expect(over.fields).toEqual([{ field: 'instalments', message: expect.stringContaining('+0.01') }]);
  });

  it('adds amounts as decimals, so 0.10 + 0.20 makes exactly 0.30', async () => {
    const { customer } = await owing('0.30');
    const plan = (await must(AGREE, { input: planInput(customer, '0.30', [[inDays(1), '0.10'], [inDays(2), '0.20']]) })).agreeInstallmentPlan.plan;
    expect(plan.total).toBe('0.30');
  });

  it('needs at least two instalments', async () => {
    const { customer } = await owing('100.00');
    const one = await refused(planInput(customer, '100.00', [[inDays(1), '100.00']]));
    expect(one.fields?.[0]?.field).toBe('instalments');
    await must(AGREE, { input: planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) });
  });

  it('refuses a due date before today but accepts today', async () => {
    const { customer } = await owing('100.00');
    const past = await refused(planInput(customer, '100.00', [[inDays(-1), '50.00'], [inDays(2), '50.00']]));
    expect(past.fields?.[0]?.field).toBe('instalments.0.dueOn');
    await must(AGREE, { input: planInput(customer, '100.00', [[inDays(0), '50.00'], [inDays(2), '50.00']]) });
  });

  it('refuses due dates that do not strictly increase', async () => {
    const { customer } = await owing('100.00');
    const same = await refused(planInput(customer, '100.00', [[inDays(3), '50.00'], [inDays(3), '50.00']]));
    expect(same.fields?.[0]?.field).toBe('instalments.1.dueOn');
    const back = await refused(planInput(customer, '100.00', [[inDays(3), '50.00'], [inDays(2), '50.00']]));
    expect(back.fields?.[0]?.field).toBe('instalments.1.dueOn');
  });

  it('refuses an instalment of 0 and a total of 0', async () => {
    const { customer } = await owing('100.00');
    const zero = await refused(planInput(customer, '100.00', [[inDays(1), '0.00'], [inDays(2), '100.00']]));
    expect(zero.fields?.[0]?.field).toBe('instalments.0.amount');
    const none = await refused(planInput(customer, '0.00', [[inDays(1), '0.00'], [inDays(2), '0.00']]));
    expect(none.fields?.[0]?.field).toBe('total');
  });

  it('accepts a total equal to what the customer owes and refuses one a fen more', async () => {
    const { customer, account } = await owing('600.00');
    const second = await addAccount(customer);
    await bill(second, '400.00', inDays(20));
    const over = await refused(planInput(customer, '1000.01', [[inDays(1), '500.00'], [inDays(2), '500.01']]));
    expect(over.fields).toEqual([{ field: 'total', message: expect.stringContaining('1000.00') }]);
    // One account on its own owes only its bill.
    const accountOver = await refused(planInput(customer, '600.01', [[inDays(1), '300.00'], [inDays(2), '300.01']], { serviceAccountId: account }));
    expect(accountOver.fields?.[0]?.field).toBe('total');
    // Across both accounts (one bill not yet due) the customer owes 1000.00.
    await must(AGREE, { input: planInput(customer, '1000.00', [[inDays(1), '500.00'], [inDays(2), '500.00']]) });
  });

  it('subtracts unapplied credit from what is owed', async () => {
    const { customer, account } = await owing('100.00');
    await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
      input: { serviceAccountId: account, amount: '130.00', channel: 'CASH', paidAt: '2026-11-01T02:00:00Z', idempotencyKey: key() },
    });
    await bill(account, '100.00', inDays(10));
    // Owed: 200.00 billed − 130.00 paid = 70.00.
    await refused(planInput(customer, '70.01', [[inDays(1), '35.00'], [inDays(2), '35.01']]));
    await must(AGREE, { input: planInput(customer, '70.00', [[inDays(1), '35.00'], [inDays(2), '35.00']]) });
  });

  it('allows one active plan per customer or account: a second is CONFLICT until the first is cancelled', async () => {
    const { customer, account } = await owing('1000.00');
    const other = await addAccount(customer);
    await bill(other, '500.00');
    const first = (await must(AGREE, { input: planInput(customer, '400.00', [[inDays(1), '200.00'], [inDays(2), '200.00']], { serviceAccountId: account }) }))
      .agreeInstallmentPlan.plan;
    await refused(planInput(customer, '400.00', [[inDays(1), '200.00'], [inDays(2), '200.00']], { serviceAccountId: account }), 'CONFLICT');
    // The whole customer overlaps the account's plan.
    await refused(planInput(customer, '400.00', [[inDays(1), '200.00'], [inDays(2), '200.00']]), 'CONFLICT');
    // Another account of the customer may have its own plan.
    await must(AGREE, { input: planInput(customer, '400.00', [[inDays(1), '200.00'], [inDays(2), '200.00']], { serviceAccountId: other }) });
    await must(CANCEL, { input: { planId: first.id, reason: '客户重新协商' } });
    await must(AGREE, { input: planInput(customer, '400.00', [[inDays(1), '200.00'], [inDays(2), '200.00']], { serviceAccountId: account }) });
  });

  it('lets only one of several concurrent plans for the same customer through', async () => {
    const { customer } = await owing('100.00');
    const input = planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]);
    const results = await Promise.all(Array.from({ length: 6 }, () => server.gql(AGREE, { input })));
    expect(results.filter((r) => r.data?.agreeInstallmentPlan).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(5);
    const { rows } = await server.sql.query(`select count(*)::int as n from installment_plan where customer_id = $1`, [localId(customer)]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a service account of another customer', async () => {
    const { customer } = await owing('100.00');
    const { account } = await owing('100.00');
    const res = await refused(planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']], { serviceAccountId: account }));
    expect(res.fields?.[0]?.field).toBe('serviceAccountId');
  });

  it("treats another branch's customer as not found for a collector, and a rep or lead as forbidden", async () => {
    const branchB = await stationOutsideGuiyang();
    const { customer } = await owing('100.00', branchB);
    const input = planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]);
    await refused(input, 'NOT_FOUND', bearer(await server.login('collector')));
    await refused(input, 'FORBIDDEN', bearer(await server.login('rep')));
    await refused(input, 'FORBIDDEN', bearer(await server.login('lead')));
  });
});

describe('paying instalments and cancelling', () => {
  it('pushes BILLING_CHANGED with changedFields installmentPlans to customerChanged subscribers', async () => {
    const { customer } = await owing('100.00');
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id } } }`);
    await sub.prime(() => server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, {
      input: { id: customer, address: `预热${++seq}` },
    }));
    const count = sub.received.length;
    const plan = (await must(AGREE, { input: planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    await sub.waitFor(count + 1);
    await must(CANCEL, { input: { planId: plan.id, reason: '测试推送' } });
    const pushes = await sub.waitFor(count + 2);
    expect(pushes.slice(count).map((p) => p.data?.customerChanged)).toEqual([
      { kind: 'BILLING_CHANGED', changedFields: ['installmentPlans'], customer: { id: customer } },
      { kind: 'BILLING_CHANGED', changedFields: ['installmentPlans'], customer: { id: customer } },
    ]);
  });

  it('marks an instalment paid when what is paid reaches its amount, and the plan completed when all are', async () => {
    const { customer } = await owing('300.00');
    const plan = (await must(AGREE, { input: planInput(customer, '300.00', [[inDays(1), '100.00'], [inDays(2), '200.00']]) })).agreeInstallmentPlan.plan;
    const [first, second] = plan.instalments;
    const part = (await must(PAY, { input: { instalmentId: first.id, amount: '99.99', paidAt: '2026-11-02T02:00:00Z' } })).recordInstalmentPayment;
    expect(part).toMatchObject({ instalment: { paidAmount: '99.99', paidAt: null, status: 'DUE' }, plan: { status: 'ACTIVE' } });
    const over = await server.gql(PAY, { input: { instalmentId: first.id, amount: '0.02', paidAt: '2026-11-02T02:00:00Z' } });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'amount', message: expect.stringContaining('0.01') }] });
    const full = (await must(PAY, { input: { instalmentId: first.id, amount: '0.01', paidAt: '2026-11-03T02:00:00Z' } })).recordInstalmentPayment;
    expect(full).toMatchObject({ instalment: { paidAmount: '100.00', paidAt: '2026-11-03T02:00:00.000Z', status: 'PAID' }, plan: { status: 'ACTIVE' } });
    const again = await server.gql(PAY, { input: { instalmentId: first.id, amount: '1.00', paidAt: '2026-11-03T02:00:00Z' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const done = (await must(PAY, { input: { instalmentId: second.id, amount: '200.00', paidAt: '2026-11-04T02:00:00Z' } })).recordInstalmentPayment;
    expect(done.plan.status).toBe('COMPLETED');
  });

  it('cancels an active plan with a reason, and refuses to cancel it twice', async () => {
    const { customer } = await owing('100.00');
    const plan = (await must(AGREE, { input: planInput(customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    const blank = await server.gql(CANCEL, { input: { planId: plan.id, reason: '  ' } });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cancelled = (await must(CANCEL, { input: { planId: plan.id, reason: '客户已一次性结清' } })).cancelInstallmentPlan.plan;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: '客户已一次性结清' });
    const twice = await server.gql(CANCEL, { input: { planId: plan.id, reason: '再次取消' } });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const pay = await server.gql(PAY, { input: { instalmentId: plan.instalments[0].id, amount: '1.00', paidAt: '2026-11-04T02:00:00Z' } });
    expect(pay.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('breach detection', () => {
  it('breaches an instalment due on Friday on Monday, not on Saturday or Sunday, and raises one alert', async () => {
    const { customer } = await owing('300.00');
    const friday = fridayFrom(1);
    const plan = (await must(AGREE, { input: planInput(customer, '300.00', [[friday, '100.00'], [addDays(friday, 30), '200.00']]) })).agreeInstallmentPlan.plan;
    await must(PAY, { input: { instalmentId: plan.instalments[0].id, amount: '40.00', paidAt: '2026-11-04T02:00:00Z' } });
    const id = localId(plan.id);
    for (const day of [friday, addDays(friday, 1), addDays(friday, 2)]) {
      const report = await detectBreaches(orm.em.fork(), day);
      expect(report.planIds).not.toContain(id);
    }
    const monday = await detectBreaches(orm.em.fork(), addDays(friday, 3));
    expect(monday.planIds).toContain(id);
    const read = await must(`query($id: ID!) { node(id: $id) { ... on InstallmentPlan { status closedAt instalments { status } } } }`, { id: plan.id });
    expect(read.node).toMatchObject({ status: 'BREACHED', instalments: [{ status: 'MISSED' }, { status: 'DUE' }] });
    const { rows } = await server.sql.query(`select kind, amount::text, resolved_at from alert where customer_id = $1`, [localId(customer)]);
    expect(rows).toEqual([{ kind: 'INSTALMENT_BREACHED', amount: '60.00', resolved_at: null }]);
    const { rows: events } = await server.sql.query(`select kind from domain_event where customer_id = $1 and kind in ('installment.breached', 'alert.raised') order by id`, [localId(customer)]);
    expect(events.map((e) => e.kind)).toEqual(['alert.raised', 'installment.breached']);
  });

  it('is idempotent: a second run on the same or a later day changes nothing and raises no second alert', async () => {
    const { customer } = await owing('200.00');
    const friday = fridayFrom(1);
    const plan = (await must(AGREE, { input: planInput(customer, '200.00', [[friday, '100.00'], [addDays(friday, 7), '100.00']]) })).agreeInstallmentPlan.plan;
    const monday = addDays(friday, 3);
    expect((await detectBreaches(orm.em.fork(), monday)).planIds).toContain(localId(plan.id));
    const before = await counts();
    const again = await detectBreaches(orm.em.fork(), monday);
    expect(again.planIds).not.toContain(localId(plan.id));
    const later = await detectBreaches(orm.em.fork(), addDays(monday, 14));
    expect(later.planIds).not.toContain(localId(plan.id));
    expect(await counts()).toEqual(before);
    const { rows } = await server.sql.query(`select count(*)::int as n from alert where customer_id = $1 and kind = 'INSTALMENT_BREACHED'`, [localId(customer)]);
    expect(rows[0].n).toBe(1);
  });

  it('leaves an instalment paid in full on time alone', async () => {
    const { customer } = await owing('200.00');
    const friday = fridayFrom(1);
    const plan = (await must(AGREE, { input: planInput(customer, '200.00', [[friday, '100.00'], [addDays(friday, 7), '100.00']]) })).agreeInstallmentPlan.plan;
    await must(PAY, { input: { instalmentId: plan.instalments[0].id, amount: '100.00', paidAt: '2026-11-04T02:00:00Z' } });
    expect((await detectBreaches(orm.em.fork(), addDays(friday, 3))).planIds).not.toContain(localId(plan.id));
    const read = await must(`query($id: ID!) { node(id: $id) { ... on InstallmentPlan { status } } }`, { id: plan.id });
    expect(read.node.status).toBe('ACTIVE');
  });
});

describe('reading plans', () => {
  it('lists only the plans of customers the viewer may see, filtered by status and org unit', async () => {
    const branchB = await stationOutsideGuiyang();
    const own = await owing('100.00');
    const other = await owing('100.00', branchB);
    const mine = (await must(AGREE, { input: planInput(own.customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    const theirs = (await must(AGREE, { input: planInput(other.customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    const LIST = `query($f: InstallmentPlanFilter) { installmentPlans(first: 100, filter: $f) { totalCount edges { node { id status } } } }`;
    const ids = (data: any) => data.installmentPlans.edges.map((e: any) => e.node.id);
    const asLeadGy = await must(LIST, { f: { statuses: ['ACTIVE'] } }, bearer(await server.login('lead.gy')));
    expect(ids(asLeadGy)).toContain(mine.id);
    expect(ids(asLeadGy)).not.toContain(theirs.id);
    const asAdmin = await must(LIST, { f: { orgUnitId: branchB } });
    expect(ids(asAdmin)).toContain(theirs.id);
    expect(ids(asAdmin)).not.toContain(mine.id);
    const cancelled = await must(LIST, { f: { statuses: ['CANCELLED'] } });
    expect(ids(cancelled)).not.toContain(mine.id);
    const node = await must(`query($id: ID!) { node(id: $id) { id } }`, { id: theirs.id }, bearer(await server.login('lead.gy')));
    expect(node.node).toBeNull();
  });

  it("shows a rep the plans of its own customers only, not those of another rep's customers in its station", async () => {
    const own = await owing('100.00');
    const customerOfNobody = await createCustomer(station, null);
    const account = await addAccount(customerOfNobody);
    await bill(account, '100.00');
    const mine = (await must(AGREE, { input: planInput(own.customer, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    const notMine = (await must(AGREE, { input: planInput(customerOfNobody, '100.00', [[inDays(1), '50.00'], [inDays(2), '50.00']]) })).agreeInstallmentPlan.plan;
    const list = await must(`{ installmentPlans(first: 100) { edges { node { id } } } }`, {}, bearer(await server.login('rep')));
    const ids = list.installmentPlans.edges.map((e: any) => e.node.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(notMine.id);
  });

  it('reads plans and their instalments in a bounded number of statements', async () => {
    const { statements: few } = await server.gqlCounted(`{ installmentPlans(first: 2) { edges { node { id customer { id } instalments { id plan { id } } } } } }`);
    const { statements: many } = await server.gqlCounted(`{ installmentPlans(first: 20) { edges { node { id customer { id } instalments { id plan { id } } } } } }`);
    expect(many).toBe(few);
  });
});
