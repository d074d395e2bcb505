/**
 * Worklists 工作清单 (issue 6 item 9; DOMAIN.md "Who uses it": collectors
 * chase arrears): a collector's day — accounts in arrears by priority,
 * policy visits due, promises due, breached plans — closed by the collection
 * visit that answers an item, scoped to the viewer's subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { addDays, todayIn } from '../../server/src/calendar.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { raiseAlert } from '../../server/src/modules/alerts/alert.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, localId, testUscc } from '../support/fixtures.js';

const WORKLIST = `query($ownerId: ID, $orgUnitId: ID, $date: String, $limit: Int) { worklist(ownerId: $ownerId, orgUnitId: $orgUnitId, date: $date, limit: $limit) {
  date owner { login }
  accountsInArrears { serviceAccount { id } customer { id } arrears oldestOverdueDays onRiskLedger brokenPromises priority }
  policyVisitsDue { id kind status dueOn customer { id } serviceAccount { id } owner { login } }
  promisesDue { id promisedAmount promisedOn customer { id } }
  breachedPlans { id status customer { id } } } }`;
const ITEMS = `query($first: Int, $after: String, $filter: WorklistItemFilter) { worklistItems(first: $first, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id kind status dueOn customer { id } owner { login } visit { id } doneBy { login } } } } }`;
const RUN = `mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow run { alertsRaised } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: string;
let collectorId: number;
let leadId: string;
let collectorToken: string;
let seq = 0;
const today = todayIn();

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `工作清单测试用户${seq}`, uscc: testUscc(74000 + seq), kind: 'COMMERCIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId: station },
  });
  return data.createCustomer.customer.id;
}

/** A service account of the customer collected by the demo `collector`. */
async function collectedAccount(customerId: string): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `4455667${String(seq).padStart(7, '0')}`, orgUnitId: station, address: '贵阳市南明区清单路2号' },
  });
  const id = data.addServiceAccount.serviceAccount.id as string;
  await server.sql.query(`update service_account set collector_id = $1 where id = $2`, [collectorId, localId(id)]);
  return id;
}

async function bill(serviceAccountId: string, amount: string, dueOn: string) {
  seq += 1;
  await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: addDays(dueOn, -40), periodEnd: addDays(dueOn, -11), amount, dueOn, issuedOn: addDays(dueOn, -10), sourceSystem: '营财一体化系统', externalId: `WL-${seq}`, idempotencyKey: `wl-bill-${seq}` },
  });
}

async function visit(customerId: string, purpose: string, serviceAccountId: string | null = null, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const data = await must(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
    input: { customerId, serviceAccountId, channel: 'PHONE', purpose, occurredAt: new Date().toISOString(), outcome: '电话联系客户', ...extra },
  }, headers);
  return data.logVisit.visit.id as string;
}

/** The whole daily scan of today (again, when it ran already); returns how many alerts it raised. */
async function scanToday(): Promise<number> {
  await server.sql.query(`delete from daily_scan_run where business_date = $1`, [today]);
  return (await must(RUN, { input: { date: today } })).runDailyScan.run.alertsRaised;
}

async function items(customerId: string) {
  const { rows } = await server.sql.query(
    `select id, status, service_account_id as "accountId", visit_id as "visitId", done_by_id as "doneById" from worklist_item where customer_id = $1 order by service_account_id, id`,
    [localId(customerId)],
  );
  return rows;
}

async function openAlert(itemId: number): Promise<boolean> {
  const { rows } = await server.sql.query(`select resolved_at is null as open from alert where dedupe_key = $1`, [`POLICY_VISIT_OVERDUE:item:${itemId}`]);
  return rows[0]?.open ?? false;
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  station = (await unitOf(server, 'collector')).id;
  const { rows } = await server.sql.query(`select id from app_user where login = 'collector'`);
  collectorId = rows[0].id;
  leadId = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'lead'`)).rows[0].id);
  collectorToken = await server.login('collector');
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('closing items with a collection visit', () => {
  it("closes the items a collection visit answers, links the visit, resolves their overdue alerts, and leaves other accounts' items open", async () => {
    const customer = await createCustomer();
    const [a, b] = [await collectedAccount(customer), await collectedAccount(customer)];
    await bill(a, '800.00', addDays(today, -5));
    await bill(b, '900.00', addDays(today, -5));
    await scanToday();
    // Yesterday's follow-ups left unanswered: overdue today.
    await server.sql.query(`update worklist_item set due_on = due_on - 1 where customer_id = $1`, [localId(customer)]);
    expect(await scanToday()).toBeGreaterThanOrEqual(2);
    const [itemA, itemB] = await items(customer);
    expect([await openAlert(itemA.id), await openAlert(itemB.id)]).toEqual([true, true]);

    // A service visit answers nothing.
    await visit(customer, 'SERVICE');
    expect((await items(customer)).map((i) => i.status)).toEqual(['OPEN', 'OPEN']);

    const visitA = await visit(customer, 'COLLECTION', a, { promisedAmount: '800.00', promisedOn: today }, bearer(collectorToken));
    let after = await items(customer);
    expect(after.map((i) => [i.status, i.visitId, i.doneById])).toEqual([['DONE', localId(visitA), collectorId], ['OPEN', null, null]]);
    expect([await openAlert(itemA.id), await openAlert(itemB.id)]).toEqual([false, true]);
    const { rows: events } = await server.sql.query(`select payload->'done' as done, payload->'visitId' as "visitId" from domain_event where kind = 'worklist.updated' and customer_id = $1 and payload ? 'visitId'`, [localId(customer)]);
    expect(events).toEqual([{ done: [itemA.id], visitId: localId(visitA) }]);

    const visitAll = await visit(customer, 'COLLECTION');
    after = await items(customer);
    expect(after.map((i) => [i.status, i.visitId])).toEqual([['DONE', localId(visitA)], ['DONE', localId(visitAll)]]);
    expect(await openAlert(itemB.id)).toBe(false);

    const read = await must(ITEMS, { first: 5, filter: { statuses: ['DONE'], ownerId: toGlobalId('User', collectorId) } });
    const mine = read.worklistItems.edges.map((e: any) => e.node).filter((n: any) => n.customer.id === customer);
    expect(mine.map((n: any) => [n.visit?.id, n.doneBy?.login])).toContainEqual([visitA, 'collector']);
  }, 60_000);
});

describe("a collector's day", () => {
  let first: { customer: string; account: string };
  let risky: { customer: string; account: string };
  let old: { customer: string; account: string };
  let promiser: { customer: string; account: string };

  beforeAll(async () => {
    // 5,000.00 overdue 10 days: 10 + 0.33 = 10.33
    first = { customer: await createCustomer(), account: '' };
    first.account = await collectedAccount(first.customer);
    await bill(first.account, '5000.00', addDays(today, -10));
    // 1,000.00 overdue 10 days, on the risk ledger: 2 + 0.33 + 5 = 7.33
    risky = { customer: await createCustomer(), account: '' };
    risky.account = await collectedAccount(risky.customer);
    await bill(risky.account, '1000.00', addDays(today, -10));
    await must(`mutation($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) { entry { id } } }`, {
      input: { customerId: risky.customer, level: 'MEDIUM', reason: '经营困难', responsibleLeaderId: leadId, plan: [{ action: '每五天催收', dueOn: addDays(today, 20) }] },
    });
    // 1,000.00 overdue 40 days, one promise to pay broken: 2 + 1.33 + 3 = 6.33
    promiser = { customer: await createCustomer(), account: '' };
    promiser.account = await collectedAccount(promiser.customer);
    await bill(promiser.account, '1000.00', addDays(today, -40));
    await orm.em.fork().transactional((em) =>
      raiseAlert(em, SYSTEM_ACTOR, {
        kind: AlertKind.PROMISE_BROKEN, severity: AlertSeverity.WARNING, customerId: localId(promiser.customer), serviceAccountId: localId(promiser.account),
        amount: '1000.00', message: '承诺缴费未兑现', dedupeKey: `PROMISE_BROKEN:test:${promiser.account}`,
      }),
    );
    // 1,000.00 overdue 100 days: 2 + 3.33 = 5.33
    old = { customer: await createCustomer(), account: '' };
    old.account = await collectedAccount(old.customer);
    await bill(old.account, '1000.00', addDays(today, -100));
    await scanToday();
  }, 60_000);

  it('orders my accounts in arrears by priority: arrears, age, risk ledger, broken promises', async () => {
    const { worklist } = await must(WORKLIST, { limit: 100 }, bearer(collectorToken));
    expect(worklist.owner).toEqual({ login: 'collector' });
    expect(worklist.date).toBe(today);
    const ours = worklist.accountsInArrears.filter((e: any) => [first.account, risky.account, promiser.account, old.account].includes(e.serviceAccount.id));
    expect(ours.map((e: any) => [e.serviceAccount.id, e.arrears, e.oldestOverdueDays, e.onRiskLedger, e.brokenPromises, e.priority])).toEqual([
      [first.account, '5000.00', 10, false, 0, '10.33'],
      [risky.account, '1000.00', 10, true, 0, '7.33'],
      [promiser.account, '1000.00', 40, false, 1, '6.33'],
      [old.account, '1000.00', 100, false, 0, '5.33'],
    ]);
    const priorities = worklist.accountsInArrears.map((e: any) => Number(e.priority));
    expect(priorities).toEqual([...priorities].sort((x, y) => y - x));
    const bounded = await must(WORKLIST, { limit: 1 }, bearer(collectorToken));
    expect(bounded.worklist.accountsInArrears).toHaveLength(1);
  });

  it('lists my policy visits due, the promises to pay due today and plans breached lately', async () => {
    const promised = await visit(old.customer, 'COLLECTION', null, { promisedAmount: '1000.00', promisedOn: today }, bearer(collectorToken));
    // The visit closed old's follow-up; first's and risky's are still due today.
    const planId = (await must(`mutation($input: AgreeInstallmentPlanInput!) { agreeInstallmentPlan(input: $input) { plan { id } } }`, {
      input: { customerId: first.customer, serviceAccountId: first.account, total: '5000.00', note: '分两期', instalments: [{ dueOn: addDays(today, 1), amount: '2500.00' }, { dueOn: addDays(today, 31), amount: '2500.00' }] },
    }, bearer(collectorToken))).agreeInstallmentPlan.plan.id;
    // As detectBreaches leaves it the business day after a missed instalment.
    await server.sql.query(`update installment_plan set status = 'BREACHED', closed_at = now() where id = $1`, [localId(planId)]);

    const { worklist } = await must(WORKLIST, { limit: 100 }, bearer(collectorToken));
    const due = worklist.policyVisitsDue.filter((i: any) => [first.customer, risky.customer, old.customer].includes(i.customer.id));
    expect(due.map((i: any) => [i.kind, i.customer.id, i.dueOn, i.owner.login])).toEqual(
      expect.arrayContaining([
        ['ARREARS_FOLLOW_UP', first.customer, today, 'collector'],
        ['ARREARS_FOLLOW_UP', risky.customer, today, 'collector'],
      ]),
    );
    expect(due.some((i: any) => i.customer.id === old.customer)).toBe(false);
    expect(worklist.policyVisitsDue.every((i: any) => i.status === 'OPEN' && i.dueOn <= today)).toBe(true);
    expect(worklist.promisesDue).toContainEqual({ id: promised, promisedAmount: '1000.00', promisedOn: today, customer: { id: old.customer } });
    expect(worklist.breachedPlans).toContainEqual({ id: planId, status: 'BREACHED', customer: { id: first.customer } });

    const tomorrow = await must(WORKLIST, { limit: 100, date: addDays(today, 1) }, bearer(collectorToken));
    expect(tomorrow.worklist.promisesDue.some((v: any) => v.id === promised)).toBe(false);
  }, 60_000);

  it('reads a day with a fixed number of SQL statements, however many rows it shows', async () => {
    const ownerId = toGlobalId('User', collectorId);
    const small = await server.gqlCounted(WORKLIST, { ownerId, limit: 1 });
    const large = await server.gqlCounted(WORKLIST, { ownerId, limit: 100 });
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.worklist.accountsInArrears.length).toBeGreaterThan(small.body.data.worklist.accountsInArrears.length);
    expect(large.statements).toBe(small.statements);
  });

  it("lets a lead read a collector's day in the lead's subtree, and nobody else's", async () => {
    const ownerId = toGlobalId('User', collectorId);
    const asLead = await must(WORKLIST, { ownerId, limit: 100 }, bearer(await server.login('lead.gy')));
    expect(asLead.worklist.owner).toEqual({ login: 'collector' });
    expect(asLead.worklist.accountsInArrears.some((e: any) => e.serviceAccount.id === first.account)).toBe(true);

    const here = await must(WORKLIST, { ownerId, orgUnitId: station, limit: 100 }, bearer(await server.login('lead.gy')));
    expect(here.worklist.accountsInArrears.some((e: any) => e.serviceAccount.id === first.account)).toBe(true);
    const { rows: elsewhere } = await server.sql.query(`select id from org_unit where kind = 'STATION' and id <> $1 and path like $2 || '%' order by id limit 1`, [localId(station), (await unitOf(server, 'lead.gy')).path]);
    const there = await must(WORKLIST, { ownerId, orgUnitId: toGlobalId('OrgUnit', elsewhere[0].id), limit: 100 }, bearer(await server.login('lead.gy')));
    expect(there.worklist.accountsInArrears.some((e: any) => e.serviceAccount.id === first.account)).toBe(false);
    expect(there.worklist.policyVisitsDue.some((i: any) => i.customer.id === first.customer)).toBe(false);

    const asRep = await server.gql(WORKLIST, { ownerId }, bearer(await server.login('rep')));
    expect(asRep.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const gy = await unitOf(server, 'lead.gy');
    const { rows } = await server.sql.query(
      `select u.login from app_user u join org_unit o on o.id = u.org_unit_id where u.role = 'LEAD' and o.path not like $1 || '%' and o.kind = 'BRANCH' order by u.id limit 1`,
      [gy.path],
    );
    const otherLead = await server.gql(WORKLIST, { ownerId }, bearer(await server.login(rows[0].login)));
    expect(otherLead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows a collector of another station nothing of ours', async () => {
    const { rows } = await server.sql.query(
      `select u.id, u.login from app_user u where u.role = 'COLLECTOR' and u.org_unit_id <> $1 and u.disabled_at is null order by u.id limit 1`,
      [localId(station)],
    );
    const token = await server.login(rows[0].login);
    const ours = new Set([first.customer, risky.customer, old.customer]);
    const { worklist } = await must(WORKLIST, { limit: 100 }, bearer(token));
    expect(worklist.owner).toEqual({ login: rows[0].login });
    const seen = [...worklist.accountsInArrears, ...worklist.policyVisitsDue, ...worklist.promisesDue, ...worklist.breachedPlans].map((x: any) => x.customer.id);
    expect(seen.filter((id: string) => ours.has(id))).toEqual([]);
    const listed = await must(ITEMS, { first: 100 }, bearer(token));
    expect(listed.worklistItems.edges.filter((e: any) => ours.has(e.node.customer.id))).toEqual([]);
    const byId = await must(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('WorklistItem', (await items(first.customer))[0].id) }, bearer(token));
    expect(byId.node).toBeNull();
  });
});

describe('the worklist item list', () => {
  it('filters by status, kind, owner and due date, and pages by due date with a cursor', async () => {
    const filter = { statuses: ['OPEN'], kinds: ['ARREARS_FOLLOW_UP'], ownerId: toGlobalId('User', collectorId), dueBy: today };
    const all = await must(ITEMS, { first: 100, filter });
    const nodes = all.worklistItems.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(nodes.every((n: any) => n.status === 'OPEN' && n.kind === 'ARREARS_FOLLOW_UP' && n.owner.login === 'collector' && n.dueOn <= today)).toBe(true);
    const keys = nodes.map((n: any) => `${n.dueOn}:${String(localId(n.id)).padStart(10, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(all.worklistItems.totalCount).toBe(nodes.length);

    const page1 = await must(ITEMS, { first: 1, filter });
    const page2 = await must(ITEMS, { first: 1, after: page1.worklistItems.pageInfo.endCursor, filter });
    expect(page1.worklistItems.pageInfo.hasNextPage).toBe(true);
    expect([page1.worklistItems.edges[0].node.id, page2.worklistItems.edges[0].node.id]).toEqual([nodes[0].id, nodes[1].id]);

    const none = await must(ITEMS, { first: 5, filter: { ...filter, dueBy: addDays(today, -400) } });
    expect(none.worklistItems.totalCount).toBe(0);
  });

  it('refuses a bad date, page size or cursor with BAD_USER_INPUT', async () => {
    for (const [query, variables, field] of [
      [WORKLIST, { date: '2026-02-30' }, 'date'],
      [WORKLIST, { limit: 0 }, 'limit'],
      [ITEMS, { first: 101 }, 'first'],
      [ITEMS, { first: 5, after: 'bm90LWEtY3Vyc29y' }, 'after'],
      [ITEMS, { first: 5, filter: { dueBy: '26-11-2026' } }, 'dueBy'],
    ] as Array<[string, Record<string, unknown>, string]>) {
      const res = await server.gql(query, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.fields).toContainEqual({ field, message: expect.any(String) });
    }
  });
});
