/**
 * The risk-customer ledger 风险客户台账 (DOMAIN.md "Customers": risk; seed 002:
 * hard accounts get a leader 包保领导 and a one-customer-one-policy plan 一户一策).
 * One open entry per customer, a leader at or above the customer's unit, a
 * reason to take it off, and the history kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const ENTRY_FIELDS = `id level reason openedAt closedAt closeReason
  customer { id riskLevel } responsibleLeader { id login role }
  plan { action dueOn doneOn overdue } openedBy { id login } closedBy { id login }`;
const PUT_ON = `mutation Put($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) {
  entry { ${ENTRY_FIELDS} } customer { id riskLevel } } }`;
const UPDATE_PLAN = `mutation Plan($input: UpdateRiskPlanInput!) { updateRiskPlan(input: $input) { entry { ${ENTRY_FIELDS} } } }`;
const TAKE_OFF = `mutation Off($input: TakeOffRiskLedgerInput!) { takeOffRiskLedger(input: $input) {
  entry { ${ENTRY_FIELDS} } customer { id riskLevel } } }`;
const LEDGER = `query Ledger($first: Int, $after: String, $filter: RiskLedgerFilter) { riskLedger(first: $first, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id level closedAt customer { id } responsibleLeader { id } } } } }`;
const HISTORY = `query History($id: ID!) { customer(id: $id) { id riskLevel riskEntries { id level reason closedAt closeReason } } }`;

let server: TestServer;
let home: { id: string; path: string };
let otherStation: { id: string };
let otherBranchId: string;
let users: Record<string, string>;
let seq = 0;

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function createCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const res = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `风险台账测试用户${seq}`, uscc: testUscc(61000 + seq), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE',
      orgUnitId: home.id, responsibleRepId: users.rep, ...overrides,
    },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

function putOnInput(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    level: 'HIGH',
    reason: '连续三个月欠费，现货交易电价上涨',
    responsibleLeaderId: users['lead.gy'],
    plan: [
      { action: '每五天收取一次电费', dueOn: plusDays(today(), 5) },
      { action: '签订电费结算协议，分次缴纳', dueOn: plusDays(today(), -1) },
    ],
    ...overrides,
  };
}

async function putOn(customerId: string, overrides: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await server.gql(PUT_ON, { input: putOnInput(customerId, overrides) }, headers);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.putOnRiskLedger.entry;
}

async function counts(): Promise<Record<string, number>> {
  const { rows } = await server.sql.query(`select (select count(*)::int from risk_entry) as entries,
    (select count(*)::int from domain_event) as events, (select count(*)::int from audit_entry) as audits,
    (select count(*)::int from customer where risk_level is not null) as "riskCustomers"`);
  return rows[0];
}

function errorOf(res: GraphQLResponse) {
  return res.errors?.[0]?.extensions;
}

const localId = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);

beforeAll(async () => {
  server = await startTestServer();
  home = await unitOf(server, 'rep');
  const gy = await unitOf(server, 'lead.gy');
  const other = await server.sql.query(
    `select s.id, b.id as branch_id from org_unit s join org_unit b on b.kind = 'BRANCH' and s.path like b.path || '%'
     where s.kind = 'STATION' and s.path not like $1 || '%' order by s.id limit 1`,
    [gy.path],
  );
  otherStation = { id: toGlobalId('OrgUnit', other.rows[0].id) };
  otherBranchId = toGlobalId('OrgUnit', other.rows[0].branch_id);
  const logins = await server.sql.query(`select id, login from app_user where login in ('admin', 'lead', 'lead.gy', 'lead.zy', 'rep', 'collector')`);
  users = Object.fromEntries(logins.rows.map((r) => [r.login, toGlobalId('User', r.id)]));
});
afterAll(() => server?.close());

describe('putting a customer on the risk ledger', () => {
  it('opens an entry with level, reason, leader and a typed plan, and sets the customer\'s riskLevel', async () => {
    const customer = await createCustomer();
    const res = await server.gql(PUT_ON, { input: putOnInput(customer) });
    expect(res.errors).toBeUndefined();
    const { entry, customer: after } = res.data.putOnRiskLedger;
    expect(after).toEqual({ id: customer, riskLevel: 'HIGH' });
    expect(entry).toMatchObject({
      level: 'HIGH',
      reason: '连续三个月欠费，现货交易电价上涨',
      closedAt: null,
      closeReason: null,
      customer: { id: customer, riskLevel: 'HIGH' },
      responsibleLeader: { id: users['lead.gy'], login: 'lead.gy', role: 'LEAD' },
      openedBy: { login: 'admin' },
      closedBy: null,
      plan: [
        { action: '每五天收取一次电费', dueOn: plusDays(today(), 5), doneOn: null, overdue: false },
        { action: '签订电费结算协议，分次缴纳', dueOn: plusDays(today(), -1), doneOn: null, overdue: true },
      ],
    });
    const audit = await server.sql.query(`select action from audit_entry where entity_type = 'RiskEntry' and entity_id = $1`, [localId(entry.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['risk.put_on']);
    const events = await server.sql.query(`select kind, payload from domain_event where customer_id = $1 and kind like 'risk.%'`, [localId(customer)]);
    expect(events.rows).toEqual([{ kind: 'risk.opened', payload: expect.objectContaining({ riskLevel: 'HIGH', responsibleRepId: localId(users.rep!) }) }]);
  });

  it('answers CONFLICT when the customer is on the ledger already, and writes nothing', async () => {
    const customer = await createCustomer();
    await putOn(customer);
    const before = await counts();
    const res = await server.gql(PUT_ON, { input: putOnInput(customer, { level: 'LOW' }) });
    expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'customerId' }] });
    expect(await counts()).toEqual(before);
  });

  it('keeps one open entry when the same customer is put on the ledger concurrently', async () => {
    const customer = await createCustomer();
    const results = await Promise.all(
      (['HIGH', 'MEDIUM', 'LOW', 'HIGH', 'MEDIUM', 'LOW'] as const).map((level) => server.gql(PUT_ON, { input: putOnInput(customer, { level }) })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorOf(r)?.code === 'CONFLICT')).toHaveLength(5);
    const rows = await server.sql.query(`select level from risk_entry where customer_id = $1 and closed_at is null`, [localId(customer)]);
    expect(rows.rows).toHaveLength(1);
    const level = (await server.sql.query(`select risk_level from customer where id = $1`, [localId(customer)])).rows[0].risk_level;
    expect(level).toBe(rows.rows[0].level);
  });

  it('accepts as leader a LEAD of the customer\'s branch, a company LEAD or an ADMIN', async () => {
    for (const login of ['lead.gy', 'lead', 'admin']) {
      const customer = await createCustomer();
      const entry = await putOn(customer, { responsibleLeaderId: users[login] });
      expect(entry.responsibleLeader.login).toBe(login);
    }
  });

  it('refuses as leader a rep, a collector, a lead of another branch, a disabled lead and an unknown user, and writes nothing', async () => {
    const customer = await createCustomer();
    const disabled = await server.sql.query(
      `insert into app_user (org_unit_id, name, role, login, disabled_at) select org_unit_id, '停用领导', 'LEAD', 'lead.disabled', now() from app_user where login = 'lead.gy' returning id`,
    );
    const before = await counts();
    const notEligible = "must be an active LEAD or ADMIN of the customer's org unit or one above it";
    for (const [leader, message] of [
      [users.rep, notEligible],
      [users.collector, notEligible],
      [users['lead.zy'], notEligible],
      [toGlobalId('User', disabled.rows[0].id), notEligible],
      [toGlobalId('User', 987654), 'does not exist'],
    ] as const) {
      const res = await server.gql(PUT_ON, { input: putOnInput(customer, { responsibleLeaderId: leader }) });
      expect(errorOf(res), leader).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'responsibleLeaderId', message }] });
    }
    expect(await counts()).toEqual(before);
  });

  const bad: Array<[string, string, (customer: string) => Record<string, unknown>]> = [
    ['an empty plan', 'plan', (c) => putOnInput(c, { plan: [] })],
    ['a blank action', 'plan.0.action', (c) => putOnInput(c, { plan: [{ action: '  ', dueOn: today() }] })],
    ['a due date that does not exist', 'plan.0.dueOn', (c) => putOnInput(c, { plan: [{ action: '催收', dueOn: '2026-02-29' }] })],
    ['a blank reason', 'reason', (c) => putOnInput(c, { reason: ' ' })],
    ['a leader ID of another type', 'responsibleLeaderId', (c) => putOnInput(c, { responsibleLeaderId: home.id })],
  ];
  it.each(bad)('rejects %s as BAD_USER_INPUT naming %s, and writes nothing', async (_what, field, input) => {
    const customer = await createCustomer();
    const before = await counts();
    const res = await server.gql(PUT_ON, { input: input(customer) });
    expect(errorOf(res)?.code).toBe('BAD_USER_INPUT');
    expect(errorOf(res)?.fields?.map((f) => f.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('lets only those who may assign put a customer on the ledger, and hides customers outside the caller\'s view', async () => {
    const customer = await createCustomer();
    const outside = await createCustomer({ orgUnitId: otherStation.id, responsibleRepId: null });
    const [rep, leadGy] = [bearer(await server.login('rep')), bearer(await server.login('lead.gy'))];
    const before = await counts();
    expect(errorOf(await server.gql(PUT_ON, { input: putOnInput(customer) }, rep))?.code).toBe('FORBIDDEN');
    expect(errorOf(await server.gql(PUT_ON, { input: putOnInput(outside) }, leadGy))?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    const byLead = await putOn(customer, {}, leadGy);
    expect(byLead.openedBy.login).toBe('lead.gy');
  });
});

describe('working the plan 一户一策', () => {
  it('records progress on the plan and changes the level on the entry and the customer', async () => {
    const customer = await createCustomer();
    const entry = await putOn(customer);
    const res = await server.gql(UPDATE_PLAN, {
      input: {
        entryId: entry.id,
        level: 'MEDIUM',
        plan: [
          { action: '每五天收取一次电费', dueOn: plusDays(today(), 5), doneOn: today() },
          { action: '签订电费结算协议，分次缴纳', dueOn: plusDays(today(), -1), doneOn: null },
          { action: '包保领导上门走访', dueOn: plusDays(today(), 10) },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateRiskPlan.entry).toMatchObject({
      level: 'MEDIUM',
      customer: { riskLevel: 'MEDIUM' },
      plan: [
        { doneOn: today(), overdue: false },
        { doneOn: null, overdue: true },
        { action: '包保领导上门走访', doneOn: null, overdue: false },
      ],
    });
    const audit = await server.sql.query(`select action, after from audit_entry where entity_type = 'RiskEntry' and entity_id = $1 order by id`, [localId(entry.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['risk.put_on', 'risk.update_plan']);
    expect(Object.keys(audit.rows[1].after).sort()).toEqual(['level', 'plan']);
  });

  it('refuses an action done in the future, an empty plan and a closed entry, and writes nothing', async () => {
    const customer = await createCustomer();
    const entry = await putOn(customer);
    const before = await counts();
    const future = await server.gql(UPDATE_PLAN, { input: { entryId: entry.id, plan: [{ action: '催收', dueOn: today(), doneOn: plusDays(today(), 1) }] } });
    expect(errorOf(future)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'plan.0.doneOn', message: 'must not be in the future' }] });
    const empty = await server.gql(UPDATE_PLAN, { input: { entryId: entry.id, plan: [] } });
    expect(errorOf(empty)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'plan' }] });
    expect(await counts()).toEqual(before);
    await server.gql(TAKE_OFF, { input: { customerId: customer, reason: '欠费结清' } });
    const closedBefore = await counts();
    const closed = await server.gql(UPDATE_PLAN, { input: { entryId: entry.id, plan: [{ action: '催收', dueOn: today() }] } });
    expect(errorOf(closed)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'entryId' }] });
    expect(await counts()).toEqual(closedBefore);
  });

  it('lets the responsible rep record progress but not change the level', async () => {
    const customer = await createCustomer();
    const entry = await putOn(customer);
    const rep = bearer(await server.login('rep'));
    const progress = await server.gql(UPDATE_PLAN, { input: { entryId: entry.id, plan: [{ action: '每五天收取一次电费', dueOn: today(), doneOn: today() }] } }, rep);
    expect(progress.errors).toBeUndefined();
    const before = await counts();
    const level = await server.gql(UPDATE_PLAN, { input: { entryId: entry.id, level: 'LOW', plan: [{ action: '每五天收取一次电费', dueOn: today() }] } }, rep);
    expect(errorOf(level)?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('taking a customer off the ledger', () => {
  it('closes the open entry with a reason, clears riskLevel and keeps the history, newest first', async () => {
    const customer = await createCustomer();
    const first = await putOn(customer, { level: 'LOW' });
    const res = await server.gql(TAKE_OFF, { input: { customerId: customer, reason: ' 欠费已结清 ' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.takeOffRiskLedger.customer).toEqual({ id: customer, riskLevel: null });
    expect(res.data.takeOffRiskLedger.entry).toMatchObject({ id: first.id, closeReason: '欠费已结清', closedBy: { login: 'admin' } });
    expect(res.data.takeOffRiskLedger.entry.closedAt).not.toBeNull();
    const second = await putOn(customer, { level: 'HIGH', reason: '再次欠费' });
    const history = await server.gql(HISTORY, { id: customer });
    expect(history.data.customer).toMatchObject({
      riskLevel: 'HIGH',
      riskEntries: [
        { id: second.id, level: 'HIGH', reason: '再次欠费', closedAt: null },
        { id: first.id, level: 'LOW', closeReason: '欠费已结清' },
      ],
    });
  });

  it('needs a reason, refuses a customer that is not on the ledger, and writes nothing', async () => {
    const customer = await createCustomer();
    const rep = bearer(await server.login('rep'));
    const before = await counts();
    const notOn = await server.gql(TAKE_OFF, { input: { customerId: customer, reason: '结清' } });
    expect(errorOf(notOn)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'customerId', message: 'is not on the risk ledger' }] });
    await putOn(customer);
    const middle = await counts();
    const blank = await server.gql(TAKE_OFF, { input: { customerId: customer, reason: '   ' } });
    expect(errorOf(blank)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    const byRep = await server.gql(TAKE_OFF, { input: { customerId: customer, reason: '结清' } }, rep);
    expect(errorOf(byRep)?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(middle);
    expect(middle.entries).toBe(before.entries + 1);
  });

  it('pushes RISK_CHANGED to customerChanged subscribers', async () => {
    const customer = await createCustomer();
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id riskLevel } } }`);
    await sub.prime(() => server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, {
      input: { id: customer, address: `预热${++seq}` },
    }));
    const count = sub.received.length;
    await putOn(customer, { level: 'MEDIUM' });
    await sub.waitFor(count + 1);
    await server.gql(TAKE_OFF, { input: { customerId: customer, reason: '结清' } });
    const pushes = await sub.waitFor(count + 2);
    expect(pushes.slice(count).map((p) => p.data?.customerChanged)).toEqual([
      { kind: 'RISK_CHANGED', changedFields: ['riskLevel', 'riskEntries'], customer: { id: customer, riskLevel: 'MEDIUM' } },
      { kind: 'RISK_CHANGED', changedFields: ['riskLevel', 'riskEntries'], customer: { id: customer, riskLevel: null } },
    ]);
  });
});

describe('the ledger a lead reviews', () => {
  let gyHigh: string;
  let gyClosed: string;
  let outsideEntry: string;

  beforeAll(async () => {
    const a = await createCustomer();
    gyHigh = (await putOn(a, { level: 'HIGH', responsibleLeaderId: users['lead.gy'] })).id;
    const b = await createCustomer({ responsibleRepId: null });
    gyClosed = (await putOn(b, { level: 'MEDIUM', responsibleLeaderId: users.lead })).id;
    await server.gql(TAKE_OFF, { input: { customerId: b, reason: '结清' } });
    const c = await createCustomer({ orgUnitId: otherStation.id, responsibleRepId: null });
    outsideEntry = (await putOn(c, { level: 'HIGH', responsibleLeaderId: users.lead })).id;
  });

  const ids = (res: GraphQLResponse) => res.data.riskLedger.edges.map((e: { node: { id: string } }) => e.node.id) as string[];

  it('lists open entries of the customers the caller may see, newest first, and closed ones on request', async () => {
    const all = await server.gql(LEDGER, { first: 100 });
    expect(ids(all)).toContain(gyHigh);
    expect(ids(all)).toContain(outsideEntry);
    expect(ids(all)).not.toContain(gyClosed);
    expect(all.data.riskLedger.edges.every((e: { node: { closedAt: string | null } }) => e.node.closedAt === null)).toBe(true);
    const numeric = ids(all).map(localId);
    expect([...numeric].sort((x, y) => y - x)).toEqual(numeric);
    const withClosed = await server.gql(LEDGER, { first: 100, filter: { includeClosed: true } });
    expect(ids(withClosed)).toContain(gyClosed);
    const leadGy = await server.gql(LEDGER, { first: 100, filter: { includeClosed: true } }, bearer(await server.login('lead.gy')));
    expect(ids(leadGy)).toEqual(expect.arrayContaining([gyHigh, gyClosed]));
    expect(ids(leadGy)).not.toContain(outsideEntry);
    const rep = await server.gql(LEDGER, { first: 100, filter: { includeClosed: true } }, bearer(await server.login('rep')));
    expect(ids(rep)).toContain(gyHigh);
    expect(ids(rep)).not.toContain(gyClosed);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: outsideEntry }, bearer(await server.login('lead.gy')));
    expect(node.data.node).toBeNull();
  });

  it('filters by level, leader and org unit, and pages with cursors', async () => {
    const medium = await server.gql(LEDGER, { first: 100, filter: { levels: ['MEDIUM'], includeClosed: true } });
    expect(medium.data.riskLedger.edges.every((e: { node: { level: string } }) => e.node.level === 'MEDIUM')).toBe(true);
    expect(ids(medium)).toContain(gyClosed);
    const byLeader = await server.gql(LEDGER, { first: 100, filter: { leaderId: users.lead } });
    expect(byLeader.data.riskLedger.edges.every((e: { node: { responsibleLeader: { id: string } } }) => e.node.responsibleLeader.id === users.lead)).toBe(true);
    expect(ids(byLeader)).toContain(outsideEntry);
    const branch = await server.gql(LEDGER, { first: 100, filter: { orgUnitId: otherBranchId } });
    expect(ids(branch)).toContain(outsideEntry);
    expect(ids(branch)).not.toContain(gyHigh);
    const foreign = await server.gql(LEDGER, { filter: { orgUnitId: otherBranchId } }, bearer(await server.login('lead.gy')));
    expect(errorOf(foreign)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.orgUnitId' }] });
    const whole = ids(await server.gql(LEDGER, { first: 100, filter: { includeClosed: true } }));
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: GraphQLResponse = await server.gql(LEDGER, { first: 3, after, filter: { includeClosed: true } });
      paged.push(...ids(page));
      if (!page.data.riskLedger.pageInfo.hasNextPage) break;
      after = page.data.riskLedger.pageInfo.endCursor;
    }
    expect(paged).toEqual(whole);
  });

  it('loads entries with their customers, leaders and plans in a fixed number of statements', async () => {
    const query = `query($first: Int) { riskLedger(first: $first, filter: { includeClosed: true }) { edges { node { id
      customer { id riskEntries { id } } responsibleLeader { id } openedBy { id } closedBy { id } plan { action } } } } }`;
    const small = await server.gqlCounted(query, { first: 1 });
    const large = await server.gqlCounted(query, { first: 100 });
    expect(large.body.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});
