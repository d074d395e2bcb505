/**
 * Visits 走访/拜访 (DOMAIN.md "Visits"): the rules of logging one, who may
 * see which, the reads a rep makes before the next visit, and the live push
 * a team lead watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { bearer, createKey, testUsccFor, unitOf, wsOutcome } from '../support/fixtures-auth.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const VISIT_FIELDS = `id channel purpose occurredAt outcome nextStep nextStepDueOn promisedAmount promisedOn satisfaction
  checkInAt checkInLatitude checkInLongitude createdAt customer { id } serviceAccount { id } recordedBy { id } participants { id }`;
const LOG = `mutation Log($input: LogVisitInput!) { logVisit(input: $input) { visit { ${VISIT_FIELDS} } } }`;
const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`;
const LIST = `query List($first: Int, $after: String, $filter: VisitFilter) {
  visits(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id occurredAt customer { id } } }
  }
}`;
const CUSTOMER_VISITS = `query($id: ID!, $first: Int, $after: String, $filter: CustomerVisitFilter) {
  customer(id: $id) { visits(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id occurredAt channel purpose } } } }
}`;

let server: TestServer;
/** Global IDs of demo users and of the customers the tests visit. */
let ids: {
  rep: string;
  repLocal: number;
  leadGy: string;
  lead: string;
  gyBranch: string;
  otherBranch: string;
  repStation: string;
  /** The demo rep's own customer at its station. */
  own: string;
  /** A customer at the same station without the demo rep. */
  other: string;
  /** A customer in another branch. */
  outside: string;
  ownAccount: string;
  otherAccount: string;
};
let seq = 0;

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The business day a moment falls on in the company time zone. */
function shanghaiDate(moment: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(moment));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A phone call to develop the demo rep's own customer, an hour ago. */
function phoneCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    customerId: ids.own,
    channel: 'PHONE',
    purpose: 'DEVELOPMENT',
    occurredAt: ago(HOUR),
    outcome: `电话拜访第${seq}次：宣贯甲醇出租车加气优惠政策，客户有意向`,
    ...overrides,
  };
}

/** An on-site visit with a check-in at the customer's gate. */
function onSite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const occurredAt = (overrides.occurredAt as string | undefined) ?? ago(2 * HOUR);
  return phoneCall({ channel: 'ON_SITE', occurredAt, checkInAt: occurredAt, checkInLatitude: 26.6477, checkInLongitude: 106.6302, ...overrides });
}

function log(input: Record<string, unknown>, headers?: Record<string, string>) {
  return server.gql(LOG, { input }, headers);
}

async function logOk(input: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await log(input, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.logVisit.visit;
}

/** Rows a visit write touches. */
async function writeCounts() {
  const { rows } = await server.sql.query(
    `select (select count(*) from visit)::int as visits, (select count(*) from visit_participant)::int as participants,
            (select count(*) from audit_entry)::int as audits, (select count(*) from domain_event)::int as events`,
  );
  return rows[0];
}

/** Asserts BAD_USER_INPUT naming exactly these fields (in any order). */
function expectBad(res: GraphQLResponse, fields: string[]) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.extensions!.fields!.map((f) => f.field).sort()).toEqual([...fields].sort());
}

async function createCustomer(name: string, orgUnitId: string, responsibleRepId: string | null): Promise<string> {
  seq += 1;
  const res = await server.gql(CREATE_CUSTOMER, {
    input: { name, uscc: testUsccFor(510_000 + seq), kind: 'TRANSPORT_FLEET', utility: 'GAS', tier: 'KEY', status: 'NEGOTIATING', orgUnitId, responsibleRepId },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

async function addServiceAccount(customerId: string): Promise<string> {
  seq += 1;
  const local = Number(Buffer.from(customerId, 'base64url').toString().split(':')[1]);
  const { rows } = await server.sql.query(
    `insert into service_account (customer_id, org_unit_id, account_number, address, utility)
     select id, org_unit_id, $2, '贵阳市南明区测试路1号', 'GAS' from customer where id = $1 returning id`,
    [local, `52010${String(seq).padStart(7, '0')}`],
  );
  return toGlobalId('ServiceAccount', rows[0].id);
}

beforeAll(async () => {
  server = await startTestServer();
  const sql = server.sql;
  const userId = async (login: string) => (await sql.query(`select id from app_user where login = $1`, [login])).rows[0].id as number;
  const gy = await unitOf(server, 'lead.gy');
  const station = await unitOf(server, 'rep');
  const repLocal = await userId('rep');
  const rep = toGlobalId('User', repLocal);
  const outside = await sql.query(
    `select c.id, b.id as branch_id from customer c join org_unit o on o.id = c.org_unit_id
     join org_unit b on b.kind = 'BRANCH' and o.path like b.path || '%'
     where o.path not like $1 || '%' order by c.id limit 1`,
    [gy.path],
  );
  ids = {
    rep,
    repLocal,
    leadGy: toGlobalId('User', await userId('lead.gy')),
    lead: toGlobalId('User', await userId('lead')),
    gyBranch: gy.id,
    otherBranch: toGlobalId('OrgUnit', outside.rows[0].branch_id),
    repStation: station.id,
    own: '',
    other: '',
    outside: toGlobalId('Customer', outside.rows[0].id),
    ownAccount: '',
    otherAccount: '',
  };
  ids.own = await createCustomer('黔川出租车有限公司', station.id, rep);
  ids.other = await createCustomer('筑城公交集团', station.id, null);
  ids.ownAccount = await addServiceAccount(ids.own);
  ids.otherAccount = await addServiceAccount(ids.other);
});
afterAll(() => server?.close());

describe('logging a visit', () => {
  it('logs a call with its participants, an audit entry and one visit.logged event', async () => {
    const before = await writeCounts();
    const visit = await logOk(phoneCall({ serviceAccountId: ids.ownAccount, nextStep: '安排实地走访', nextStepDueOn: shanghaiDate(new Date()), participantIds: [ids.leadGy, ids.rep] }));
    const admin = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'admin'`)).rows[0].id);
    expect(visit).toMatchObject({
      channel: 'PHONE',
      purpose: 'DEVELOPMENT',
      customer: { id: ids.own },
      serviceAccount: { id: ids.ownAccount },
      recordedBy: { id: admin },
      nextStep: '安排实地走访',
      promisedAmount: null,
      satisfaction: null,
      checkInAt: null,
    });
    // The recorder is always a participant, listed first.
    expect(visit.participants[0].id).toBe(admin);
    expect(new Set(visit.participants.map((p: { id: string }) => p.id))).toEqual(new Set([admin, ids.leadGy, ids.rep]));
    expect(await writeCounts()).toEqual({ ...before, visits: before.visits + 1, participants: before.participants + 3, audits: before.audits + 1, events: before.events + 1 });

    const local = Number(Buffer.from(visit.id, 'base64url').toString().split(':')[1]);
    const event = await server.sql.query(`select kind, customer_id, payload from domain_event order by id desc limit 1`);
    expect(event.rows[0]).toMatchObject({ kind: 'visit.logged', payload: { visitId: local, changedFields: ['visits'], responsibleRepId: ids.repLocal } });
    const audit = await server.sql.query(`select action, entity_type, entity_id, after from audit_entry order by id desc limit 1`);
    expect(audit.rows[0]).toMatchObject({ action: 'visit.log', entity_type: 'Visit', entity_id: local, after: { channel: 'PHONE', outcome: visit.outcome } });

    const node = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on Visit { id outcome } } }`, { id: visit.id });
    expect(node.data.node).toEqual({ __typename: 'Visit', id: visit.id, outcome: visit.outcome });
  });

  it('takes occurredAt up to 5 minutes ahead (clock skew) and refuses it further in the future', async () => {
    await logOk(phoneCall({ occurredAt: new Date(Date.now() + 4 * MINUTE).toISOString() }));
    expectBad(await log(phoneCall({ occurredAt: new Date(Date.now() + 6 * MINUTE).toISOString() })), ['occurredAt']);
  });

  it('takes a visit just within the last year and refuses an older one', async () => {
    const yearAgo = new Date();
    yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
    await logOk(phoneCall({ occurredAt: new Date(yearAgo.getTime() + HOUR).toISOString() }));
    expectBad(await log(phoneCall({ occurredAt: new Date(yearAgo.getTime() - HOUR).toISOString() })), ['occurredAt']);
  });

  it('refuses an empty outcome', async () => {
    expectBad(await log(phoneCall({ outcome: '   ' })), ['outcome']);
  });

  it('needs a check-in time and place on an on-site visit', async () => {
    expectBad(await log(onSite({ checkInAt: null, checkInLatitude: null, checkInLongitude: null })), ['checkInAt', 'checkInLatitude', 'checkInLongitude']);
    expectBad(await log(onSite({ checkInLongitude: null })), ['checkInLongitude']);
    const visit = await logOk(onSite());
    expect(visit).toMatchObject({ channel: 'ON_SITE', checkInLatitude: 26.6477, checkInLongitude: 106.6302 });
  });

  it('takes a check-in exactly 12 hours from the visit and refuses one a minute further', async () => {
    const occurredAt = ago(13 * HOUR);
    const t = new Date(occurredAt).getTime();
    await logOk(onSite({ occurredAt, checkInAt: new Date(t + 12 * HOUR).toISOString() }));
    await logOk(onSite({ occurredAt: ago(2 * HOUR), checkInAt: new Date(Date.now() - 14 * HOUR).toISOString() }));
    expectBad(await log(onSite({ occurredAt, checkInAt: new Date(t + 12 * HOUR + MINUTE).toISOString() })), ['checkInAt']);
    expectBad(await log(onSite({ occurredAt, checkInAt: new Date(t - 12 * HOUR - MINUTE).toISOString() })), ['checkInAt']);
  });

  it('takes coordinates at the edges of the globe and refuses them beyond', async () => {
    await logOk(onSite({ checkInLatitude: 90, checkInLongitude: -180 }));
    await logOk(onSite({ checkInLatitude: -90, checkInLongitude: 180 }));
    expectBad(await log(onSite({ checkInLatitude: 90.0001, checkInLongitude: -180.5 })), ['checkInLatitude', 'checkInLongitude']);
  });

  it('refuses check-in data on any channel but on-site', async () => {
    for (const channel of ['PHONE', 'WECHAT', 'EVENT', 'SEMINAR']) {
      const { checkInAt, checkInLatitude, checkInLongitude } = onSite();
      expectBad(await log(phoneCall({ channel, checkInAt, checkInLatitude, checkInLongitude })), ['checkInAt', 'checkInLatitude', 'checkInLongitude']);
      expectBad(await log(phoneCall({ channel, checkInLatitude })), ['checkInLatitude']);
    }
  });

  it('records a promise to pay on a collection visit, due on the visit date at the earliest', async () => {
    const occurredAt = ago(HOUR);
    const visit = await logOk(phoneCall({ purpose: 'COLLECTION', occurredAt, promisedAmount: '12500.5', promisedOn: shanghaiDate(occurredAt) }));
    expect(visit).toMatchObject({ purpose: 'COLLECTION', promisedAmount: '12500.50', promisedOn: shanghaiDate(occurredAt) });
    await logOk(phoneCall({ purpose: 'COLLECTION', promisedAmount: '0.01', promisedOn: addDays(shanghaiDate(occurredAt), 30) }));
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', occurredAt, promisedAmount: '100.00', promisedOn: addDays(shanghaiDate(occurredAt), -1) })), ['promisedOn']);
  });

  it('reads the visit date in the company time zone (Asia/Shanghai) for promises and next steps', async () => {
    // 17:30 UTC is 01:30 the next day in Shanghai.
    const utcDay = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
    const occurredAt = `${utcDay}T17:30:00.000Z`;
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', occurredAt, promisedAmount: '800.00', promisedOn: utcDay })), ['promisedOn']);
    expectBad(await log(phoneCall({ occurredAt, nextStep: '再次催缴', nextStepDueOn: utcDay })), ['nextStepDueOn']);
    await logOk(phoneCall({ purpose: 'COLLECTION', occurredAt, promisedAmount: '800.00', promisedOn: addDays(utcDay, 1) }));
  });

  it('wants amount and date of a promise together, the amount above zero', async () => {
    const date = shanghaiDate(new Date());
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', promisedAmount: '100.00' })), ['promisedOn']);
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', promisedOn: date })), ['promisedAmount']);
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', promisedAmount: '0.00', promisedOn: date })), ['promisedAmount']);
    expectBad(await log(phoneCall({ purpose: 'COLLECTION', promisedAmount: '-5.00', promisedOn: date })), ['promisedAmount']);
  });

  it('refuses a promise to pay on any visit but a collection visit', async () => {
    const date = shanghaiDate(new Date());
    for (const purpose of ['DEVELOPMENT', 'SERVICE', 'RETURN_VISIT', 'INSPECTION', 'CONTRACT', 'COMPLAINT']) {
      const extra = purpose === 'RETURN_VISIT' ? { satisfaction: 4 } : {};
      expectBad(await log(phoneCall({ purpose, ...extra, promisedAmount: '100.00', promisedOn: date })), ['promisedAmount', 'promisedOn']);
    }
  });

  it('needs a satisfaction of 1 to 5 on a return visit, allows one on a service visit and refuses it elsewhere', async () => {
    expectBad(await log(phoneCall({ purpose: 'RETURN_VISIT' })), ['satisfaction']);
    expect((await logOk(phoneCall({ purpose: 'RETURN_VISIT', satisfaction: 1 }))).satisfaction).toBe(1);
    expect((await logOk(phoneCall({ purpose: 'RETURN_VISIT', satisfaction: 5 }))).satisfaction).toBe(5);
    expectBad(await log(phoneCall({ purpose: 'RETURN_VISIT', satisfaction: 0 })), ['satisfaction']);
    expectBad(await log(phoneCall({ purpose: 'RETURN_VISIT', satisfaction: 6 })), ['satisfaction']);
    expect((await logOk(phoneCall({ purpose: 'SERVICE', satisfaction: 3 }))).satisfaction).toBe(3);
    expect((await logOk(phoneCall({ purpose: 'SERVICE' }))).satisfaction).toBeNull();
    for (const purpose of ['DEVELOPMENT', 'COLLECTION', 'INSPECTION', 'CONTRACT', 'COMPLAINT']) {
      expectBad(await log(phoneCall({ purpose, satisfaction: 4 })), ['satisfaction']);
    }
  });

  it('checks promise, satisfaction and check-in together and reports every broken rule at once', async () => {
    const res = await log(phoneCall({ channel: 'WECHAT', purpose: 'RETURN_VISIT', checkInLatitude: 26.6, promisedAmount: '0.00', nextStepDueOn: '2020-01-01' }));
    expectBad(res, ['checkInLatitude', 'promisedAmount', 'satisfaction', 'nextStepDueOn', 'nextStepDueOn']);
    // An on-site collection visit with a promise and a check-in is the whole set at once.
    const visit = await logOk(onSite({ purpose: 'COLLECTION', promisedAmount: '30000.00', promisedOn: addDays(shanghaiDate(new Date()), 7), nextStep: '到期前电话提醒', nextStepDueOn: addDays(shanghaiDate(new Date()), 6) }));
    expect(visit).toMatchObject({ channel: 'ON_SITE', purpose: 'COLLECTION', promisedAmount: '30000.00', nextStep: '到期前电话提醒' });
  });

  it('wants a next step for its due date, due on the visit date at the earliest', async () => {
    const occurredAt = ago(HOUR);
    const today = shanghaiDate(occurredAt);
    expectBad(await log(phoneCall({ occurredAt, nextStepDueOn: today })), ['nextStepDueOn']);
    expectBad(await log(phoneCall({ occurredAt, nextStep: '送达缴费通知', nextStepDueOn: addDays(today, -1) })), ['nextStepDueOn']);
    expectBad(await log(phoneCall({ occurredAt, nextStep: '送达缴费通知', nextStepDueOn: '2026-02-30' })), ['nextStepDueOn']);
    expect((await logOk(phoneCall({ occurredAt, nextStep: '送达缴费通知', nextStepDueOn: today }))).nextStepDueOn).toBe(today);
    expect((await logOk(phoneCall({ nextStep: '下周回访' }))).nextStepDueOn).toBeNull();
  });

  it("refuses a service account of another customer, and one that does not exist", async () => {
    expectBad(await log(phoneCall({ serviceAccountId: ids.otherAccount })), ['serviceAccountId']);
    expectBad(await log(phoneCall({ serviceAccountId: toGlobalId('ServiceAccount', 987654) })), ['serviceAccountId']);
    expectBad(await log(phoneCall({ serviceAccountId: ids.own })), ['serviceAccountId']);
  });

  it('counts leaders and staff of any role as participants, and refuses disabled users and other companies', async () => {
    const collector = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'collector'`)).rows[0].id);
    const viaLead = await logOk(phoneCall({ participantIds: [ids.lead, collector, ids.lead] }), bearer(await server.login('lead.gy')));
    expect(viaLead.recordedBy.id).toBe(ids.leadGy);
    expect(new Set(viaLead.participants.map((p: { id: string }) => p.id))).toEqual(new Set([ids.leadGy, ids.lead, collector]));

    const disabled = await server.sql.query(
      `update app_user set disabled_at = now() where id = (select id from app_user where role = 'COLLECTOR' and login <> 'collector' order by id desc limit 1) returning id`,
    );
    const company = await server.sql.query(`insert into org_unit (kind, code, name, path) values ('COMPANY', 'OTHER-CO', '另一家燃气公司', '/pending/') returning id`);
    await server.sql.query(`update org_unit set path = '/' || id || '/' where id = $1`, [company.rows[0].id]);
    const stranger = await server.sql.query(`insert into app_user (org_unit_id, name, role, login) values ($1, '外公司员工', 'REP', 'stranger.rep') returning id`, [company.rows[0].id]);
    const before = await writeCounts();
    const res = await log(phoneCall({ participantIds: [ids.rep, toGlobalId('User', disabled.rows[0].id), toGlobalId('User', stranger.rows[0].id), toGlobalId('User', 999_999)] }));
    expectBad(res, ['participantIds.1', 'participantIds.2', 'participantIds.3']);
    expect(await writeCounts()).toEqual(before);
  });

  it('takes 20 people on a visit, the recorder included, and refuses 21', async () => {
    const company = await unitOf(server, 'admin');
    const { rows } = await server.sql.query(
      `select u.id from app_user u join org_unit o on o.id = u.org_unit_id where u.disabled_at is null and u.login <> 'admin' and o.path like $1 || '%' order by u.id limit 20`,
      [company.path],
    );
    const others = rows.map((r) => toGlobalId('User', r.id));
    expect(others).toHaveLength(20);
    const visit = await logOk(phoneCall({ participantIds: others.slice(0, 19) }));
    expect(visit.participants).toHaveLength(20);
    expectBad(await log(phoneCall({ participantIds: others })), ['participantIds']);
  });

  it('with an API key, records the first participant as the recorder and needs one', async () => {
    const gy = await unitOf(server, 'lead.gy');
    const key = await createKey(server, ['CUSTOMERS_READ', 'VISITS_WRITE'], gy.id);
    const headers = { authorization: `ApiKey ${key.secret}` };
    const visit = await logOk(phoneCall({ participantIds: [ids.rep, ids.leadGy] }), headers);
    expect(visit.recordedBy.id).toBe(ids.rep);
    expect(visit.participants.map((p: { id: string }) => p.id)[0]).toBe(ids.rep);
    expectBad(await log(phoneCall(), headers), ['participantIds']);
  });

  it('writes nothing when a rule is broken', async () => {
    const before = await writeCounts();
    const bad = [
      phoneCall({ occurredAt: ago(-HOUR) }),
      onSite({ checkInAt: null }),
      phoneCall({ purpose: 'COLLECTION', promisedAmount: '10.00' }),
      phoneCall({ purpose: 'RETURN_VISIT' }),
      phoneCall({ serviceAccountId: ids.otherAccount }),
      phoneCall({ participantIds: [toGlobalId('User', 999_999)] }),
      phoneCall({ outcome: '' }),
      phoneCall({ customerId: toGlobalId('OrgUnit', 1) }),
    ];
    for (const input of bad) expect((await log(input)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await log(phoneCall({ customerId: toGlobalId('Customer', 999_999) }))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await writeCounts()).toEqual(before);
  });
});

describe('who sees which visits', () => {
  let repHeaders: Record<string, string>;
  let leadGyHeaders: Record<string, string>;
  let otherVisit: string;
  let outsideVisit: string;

  beforeAll(async () => {
    repHeaders = bearer(await server.login('rep'));
    leadGyHeaders = bearer(await server.login('lead.gy'));
    await logOk(phoneCall());
    otherVisit = (await logOk(phoneCall({ customerId: ids.other }))).id;
    outsideVisit = (await logOk(phoneCall({ customerId: ids.outside }))).id;
  });

  it("lets a rep log and see visits of its own customers only", async () => {
    const mine = await logOk(phoneCall({ participantIds: [ids.leadGy] }), repHeaders);
    expect(mine.recordedBy.id).toBe(ids.rep);
    expect((await log(phoneCall({ customerId: ids.other }), repHeaders)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const res = await server.gql(LIST, { first: 100 }, repHeaders);
    expect(res.errors).toBeUndefined();
    const customers = new Set(res.data.visits.edges.map((e: { node: { customer: { id: string } } }) => e.node.customer.id));
    expect(customers).toEqual(new Set([ids.own]));
    const own = await server.sql.query(
      `select count(*)::int as n from visit v join customer c on c.id = v.customer_id where c.responsible_rep_id = $1`,
      [ids.repLocal],
    );
    expect(res.data.visits.totalCount).toBe(own.rows[0].n);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: otherVisit }, repHeaders);
    expect(node.data.node).toBeNull();
  });

  it("keeps a branch lead to its branch's visits", async () => {
    const res = await server.gql(LIST, { first: 100 }, leadGyHeaders);
    const gy = await unitOf(server, 'lead.gy');
    const inGy = await server.sql.query(
      `select count(*)::int as n from visit v join customer c on c.id = v.customer_id join org_unit o on o.id = c.org_unit_id where o.path like $1 || '%'`,
      [gy.path],
    );
    expect(res.data.visits.totalCount).toBe(inGy.rows[0].n);
    expect(res.data.visits.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(outsideVisit);
    expect((await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: outsideVisit }, leadGyHeaders)).data.node).toBeNull();
    expect((await log(phoneCall({ customerId: ids.outside }), leadGyHeaders)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreign = await server.gql(LIST, { first: 5, filter: { orgUnitId: ids.otherBranch } }, leadGyHeaders);
    expectBad(foreign, ['filter.orgUnitId']);
  });

  it('lets the company lead filter by branch', async () => {
    const res = await server.gql(LIST, { first: 100, filter: { orgUnitId: ids.otherBranch } }, bearer(await server.login('lead')));
    expect(res.data.visits.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(outsideVisit);
    expect(res.data.visits.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(otherVisit);
  });
});

describe('reading visits', () => {
  it('pages a customer\'s visits newest first, visits at the same moment by id, without gaps or repeats', async () => {
    const customer = await createCustomer('同时刻走访测试公司', ids.repStation, ids.rep);
    const same = ago(5 * HOUR);
    const logged: string[] = [];
    for (let i = 0; i < 5; i++) logged.push((await logOk(phoneCall({ customerId: customer, occurredAt: same }))).id);
    const newer = (await logOk(phoneCall({ customerId: customer, occurredAt: ago(HOUR) }))).id;
    const older = (await logOk(phoneCall({ customerId: customer, occurredAt: ago(9 * HOUR) }))).id;
    const expected = [newer, ...[...logged].reverse(), older];

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: GraphQLResponse = await server.gql(CUSTOMER_VISITS, { id: customer, first: 2, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.customer.visits;
      expect(conn.totalCount).toBe(7);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    // The team lead's list pages the same way.
    const listed: string[] = [];
    after = null;
    const window = { from: same, to: new Date(new Date(same).getTime() + 1).toISOString() };
    for (let page = 0; page < 10; page++) {
      const res: GraphQLResponse = await server.gql(LIST, { first: 2, after, filter: window });
      expect(res.data.visits.totalCount).toBe(5);
      listed.push(...res.data.visits.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!res.data.visits.pageInfo.hasNextPage) break;
      after = res.data.visits.pageInfo.endCursor;
    }
    expect(listed).toEqual([...logged].reverse());
    expectBad(await server.gql(LIST, { first: 2, after: 'bm90LWEtY3Vyc29y' }), ['after']);
  });

  it("filters a customer's visits by channel, purpose and time", async () => {
    const customer = await createCustomer('筛选走访测试公司', ids.repStation, ids.rep);
    await logOk(phoneCall({ customerId: customer, occurredAt: ago(3 * DAY) }));
    await logOk(onSite({ customerId: customer, occurredAt: ago(2 * DAY) }));
    await logOk(phoneCall({ customerId: customer, purpose: 'RETURN_VISIT', satisfaction: 4, occurredAt: ago(DAY) }));
    const count = async (filter: Record<string, unknown>) => (await server.gql(CUSTOMER_VISITS, { id: customer, first: 10, filter })).data.customer.visits.totalCount;
    expect(await count({})).toBe(3);
    expect(await count({ channels: ['PHONE'] })).toBe(2);
    expect(await count({ purposes: ['RETURN_VISIT'], channels: ['PHONE'] })).toBe(1);
    expect(await count({ from: ago(2.5 * DAY) })).toBe(2);
    expect(await count({ from: ago(2.5 * DAY), to: ago(1.5 * DAY) })).toBe(1);
  });

  it('filters the team lead\'s list by participant, purpose, channel and promise due date', async () => {
    const customer = await createCustomer('承诺付款测试公司', ids.repStation, ids.rep);
    const today = shanghaiDate(new Date());
    const soon = await logOk(phoneCall({ customerId: customer, purpose: 'COLLECTION', promisedAmount: '5000.00', promisedOn: addDays(today, 3), participantIds: [ids.rep] }));
    const later = await logOk(onSite({ customerId: customer, purpose: 'COLLECTION', promisedAmount: '8000.00', promisedOn: addDays(today, 20) }));
    const idsOf = async (filter: Record<string, unknown>) =>
      (await server.gql(LIST, { first: 100, filter })).data.visits.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await idsOf({ promiseDueFrom: addDays(today, 3), promiseDueTo: addDays(today, 3) })).toEqual([soon.id]);
    const dueInMonth = await idsOf({ promiseDueFrom: addDays(today, 1), promiseDueTo: addDays(today, 30), channels: ['ON_SITE'] });
    expect(dueInMonth).toContain(later.id);
    expect(dueInMonth).not.toContain(soon.id);
    const withRep = await idsOf({ participantId: ids.rep, purposes: ['COLLECTION'] });
    expect(withRep).toContain(soon.id);
    expect(withRep).not.toContain(later.id);
    expectBad(await server.gql(LIST, { first: 5, filter: { promiseDueFrom: '2026-13-01' } }), ['promiseDueFrom']);
  });

  it('sums up "3 phone calls and 2 on-site visits" with the last visit and open promises', async () => {
    const taxi = await createCustomer('黔川出租车公司（500台）', ids.repStation, ids.rep);
    const times = [9, 7, 5].map((d) => ago(d * DAY));
    for (const occurredAt of times) await logOk(phoneCall({ customerId: taxi, occurredAt }));
    await logOk(onSite({ customerId: taxi, occurredAt: ago(3 * DAY) }));
    const last = await logOk(onSite({ customerId: taxi, occurredAt: ago(2 * HOUR) }));
    const today = shanghaiDate(new Date());
    const debtor = await createCustomer('欠费大户测试公司', ids.repStation, ids.rep);
    const tenDaysAgo = ago(10 * DAY);
    await logOk(phoneCall({ customerId: debtor, purpose: 'COLLECTION', occurredAt: tenDaysAgo, promisedAmount: '100.00', promisedOn: addDays(shanghaiDate(tenDaysAgo), 2) }));
    await logOk(phoneCall({ customerId: debtor, purpose: 'COLLECTION', promisedAmount: '200.00', promisedOn: today }));
    await logOk(phoneCall({ customerId: debtor, purpose: 'COLLECTION', promisedAmount: '300.00', promisedOn: addDays(today, 1) }));
    const quiet = await createCustomer('尚未走访测试公司', ids.repStation, ids.rep);

    const SUMMARY = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { visitSummary { total byChannel { channel count } lastVisitAt openPromises } } } }`;
    const res = await server.gql(SUMMARY, { ids: [taxi, debtor, quiet] });
    expect(res.errors).toBeUndefined();
    const [taxiSummary, debtorSummary, quietSummary] = res.data.nodes.map((n: { visitSummary: unknown }) => n.visitSummary);
    expect(taxiSummary).toEqual({
      total: 5,
      byChannel: [{ channel: 'PHONE', count: 3 }, { channel: 'ON_SITE', count: 2 }],
      lastVisitAt: last.occurredAt,
      openPromises: 0,
    });
    expect(debtorSummary).toMatchObject({ total: 3, byChannel: [{ channel: 'PHONE', count: 3 }], openPromises: 2 });
    expect(quietSummary).toEqual({ total: 0, byChannel: [], lastVisitAt: null, openPromises: 0 });
  });

  it('gives the last visits of a customer, 5 by default and at most 20', async () => {
    const customer = await createCustomer('最近走访测试公司', ids.repStation, ids.rep);
    const logged: string[] = [];
    for (let i = 8; i >= 1; i--) logged.push((await logOk(phoneCall({ customerId: customer, occurredAt: ago(i * HOUR) }))).id);
    const newestFirst = [...logged].reverse();
    const q = (args: string) => server.gql(`query($id: ID!) { customer(id: $id) { lastVisits${args} { id } } }`, { id: customer });
    expect((await q('')).data.customer.lastVisits.map((v: { id: string }) => v.id)).toEqual(newestFirst.slice(0, 5));
    expect((await q('(count: 1)')).data.customer.lastVisits.map((v: { id: string }) => v.id)).toEqual(newestFirst.slice(0, 1));
    expect((await q('(count: 20)')).data.customer.lastVisits.map((v: { id: string }) => v.id)).toEqual(newestFirst);
    expectBad(await q('(count: 21)'), ['count']);
    expectBad(await q('(count: 0)'), ['count']);
  });

  it('loads last visits, visit pages and summaries of 2 or 20 customers in the same number of SQL statements', async () => {
    for (let i = 0; i < 20; i++) {
      const customer = await createCustomer(`走访批量测试公司${String(i).padStart(2, '0')}`, ids.repStation, ids.rep);
      await logOk(phoneCall({ customerId: customer, occurredAt: ago((i + 2) * HOUR), participantIds: [ids.rep] }));
      if (i % 2 === 0) await logOk(onSite({ customerId: customer, participantIds: [ids.leadGy] }));
    }
    const query = (first: number) => `{ customers(first: ${first}, filter: { search: "走访批量测试公司" }) { edges { node { name
      lastVisits(count: 3) { id channel recordedBy { name } participants { name } customer { name } }
      visits(first: 2) { totalCount edges { node { id serviceAccount { id } } } }
      visitSummary { total byChannel { channel count } lastVisitAt openPromises } } } } }`;
    const small = await server.gqlCounted(query(2));
    const large = await server.gqlCounted(query(20));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    const nodes = large.body.data.customers.edges.map((e: { node: any }) => e.node);
    expect(nodes).toHaveLength(20);
    expect(nodes.every((n: any) => n.lastVisits.length >= 1 && n.visitSummary.total === n.lastVisits.length)).toBe(true);
    expect(large.statements).toBe(small.statements);

    // lastVisits of a whole page is exactly one statement (a window function over all its customers).
    const page = (fields: string) => server.gqlCounted(`{ customers(first: 20, filter: { search: "走访批量测试公司" }) { edges { node { name ${fields} } } } }`);
    const [without, withLast] = [await page(''), await page('lastVisits(count: 3) { id occurredAt }')];
    expect(withLast.statements).toBe(without.statements + 1);
  });

  it('costs a customer page with its last visits within the query budget', async () => {
    const res = await server.gql(`{ customers(first: 100) { edges { node { name lastVisits { outcome recordedBy { name } participants { name } } visitSummary { total byChannel { channel count } } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});

/**
 * Waits until a push matches (busy machines deliver late; pushes in between,
 * such as a late priming one, are kept and do not count).
 */
async function pushMatching(sub: ReturnType<typeof subscribe<any>>, match: (data: any) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = sub.received.find((push) => push.data && match(push.data));
    if (found) return found.data;
    await sub.waitFor(sub.received.length + 1, Math.max(1, deadline - Date.now()));
  }
}

describe('visitLogged subscription', () => {
  const LOGGED = `subscription($orgUnitId: ID, $customerId: ID) {
    visitLogged(orgUnitId: $orgUnitId, customerId: $customerId) { eventId occurredAt visit { id outcome channel customer { id } recordedBy { id } participants { id } } }
  }`;

  it('pushes a committed visit to watchers of its branch, never one from another branch', async () => {
    const sub = subscribe(server.ws(), LOGGED, { orgUnitId: ids.gyBranch });
    await sub.prime(() => logOk(phoneCall({ outcome: `预热${++seq}` })));
    await logOk(phoneCall({ customerId: ids.outside, outcome: '外部分公司的走访' }));
    const inside = await logOk(onSite({ outcome: '贵阳的实地走访', participantIds: [ids.leadGy] }));
    const pushed = (await pushMatching(sub, (d) => d.visitLogged.visit.id === inside.id)).visitLogged;
    expect(pushed.visit).toMatchObject({ id: inside.id, outcome: '贵阳的实地走访', channel: 'ON_SITE', customer: { id: ids.own } });
    expect(pushed.visit.participants).toHaveLength(2);
    expect(Number(pushed.eventId)).toBeGreaterThan(0);
    expect(sub.received.map((p) => p.data!.visitLogged.visit.outcome)).not.toContain('外部分公司的走访');
  });

  it('pushes only the watched customer when one is given', async () => {
    const sub = subscribe(server.ws(), LOGGED, { customerId: ids.other });
    await sub.prime(() => logOk(phoneCall({ customerId: ids.other, outcome: `预热${++seq}` })));
    await logOk(phoneCall({ outcome: '另一个客户的走访' }));
    await logOk(phoneCall({ customerId: ids.other, outcome: '被关注客户的走访' }));
    await pushMatching(sub, (d) => d.visitLogged.visit.outcome === '被关注客户的走访');
    expect(sub.received.map((p) => p.data!.visitLogged.visit.outcome)).not.toContain('另一个客户的走访');
  });

  it("pushes a rep only its own customers' visits, and refuses to watch another rep's customer", async () => {
    const token = await server.login('rep');
    const sub = subscribe(server.ws({ authorization: `Bearer ${token}` }), LOGGED, {});
    await sub.prime(() => logOk(phoneCall({ outcome: `预热${++seq}` })));
    await logOk(phoneCall({ customerId: ids.other, outcome: '他人客户的走访' }));
    await logOk(phoneCall({ outcome: '自己客户的走访' }));
    await pushMatching(sub, (d) => d.visitLogged.visit.outcome === '自己客户的走访');
    expect(sub.received.map((p) => p.data!.visitLogged.visit.outcome)).not.toContain('他人客户的走访');

    const refused = subscribe(server.ws({ authorization: `Bearer ${token}` }), LOGGED, { customerId: ids.other });
    const [first] = await refused.waitFor(1);
    expect(first!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('tells customerChanged subscribers that a visit was logged', async () => {
    const sub = subscribe(server.ws(), `subscription($orgUnitId: ID) { customerChanged(orgUnitId: $orgUnitId) { kind changedFields customer { id } } }`, { orgUnitId: ids.repStation });
    await sub.prime(() => logOk(phoneCall({ outcome: `预热${++seq}` })));
    await logOk(phoneCall({ customerId: ids.other, outcome: '通知客户变化' }));
    const pushed = await pushMatching(sub, (d) => d.customerChanged.customer.id === ids.other);
    expect(pushed.customerChanged).toEqual({ kind: 'VISIT_LOGGED', changedFields: ['visits'], customer: { id: ids.other } });
  });

  it('answers each caller as the permission matrix says, and pushes nobody a visit outside what it may see', async () => {
    const gy = await unitOf(server, 'lead.gy');
    const company = await unitOf(server, 'admin');
    const staff = async (login: string) => ({ authorization: `Bearer ${await server.login(login)}` });
    const key = async (scopes: string[], unitId: string) => ({ apiKey: (await createKey(server, scopes, unitId)).secret });
    const callers: Record<string, Record<string, unknown>> = {
      admin: await staff('admin'),
      lead: await staff('lead'),
      'lead.gy': await staff('lead.gy'),
      rep: await staff('rep'),
      collector: await staff('collector'),
      viewer: await staff('viewer'),
      'key:read@gy': await key(['CUSTOMERS_READ', 'ORG_READ'], gy.id),
      'key:pii@company': await key(['CUSTOMERS_READ', 'PII_READ'], company.id),
      'key:org@company': await key(['ORG_READ'], company.id),
    };
    const anonymous = await wsOutcome(server, null);
    expect(anonymous.code).toBe(4403);

    const outcomes: Record<string, string> = {};
    const subs = new Map<string, ReturnType<typeof subscribe<any>>>();
    for (const [name, params] of Object.entries(callers)) {
      const sub = subscribe(server.ws(params), LOGGED, {});
      if (name === 'key:org@company') {
        const [first] = await sub.waitFor(1);
        outcomes[name] = first!.errors?.[0]?.extensions?.code ?? 'ok';
        continue;
      }
      // Every reader may see the rep's own customer in 贵阳.
      await sub.prime(() => logOk(phoneCall({ outcome: `矩阵预热${++seq}` })));
      outcomes[name] = 'ok';
      subs.set(name, sub);
    }
    expect(outcomes).toEqual({
      admin: 'ok', lead: 'ok', 'lead.gy': 'ok', rep: 'ok', collector: 'ok', viewer: 'ok', 'key:read@gy': 'ok', 'key:pii@company': 'ok', 'key:org@company': 'FORBIDDEN',
    });

    const before = new Map([...subs].map(([name, sub]) => [name, sub.received.length]));
    await logOk(phoneCall({ customerId: ids.outside, outcome: '矩阵：外部分公司' }));
    await logOk(phoneCall({ customerId: ids.other, outcome: '矩阵：他人客户' }));
    await logOk(phoneCall({ outcome: '矩阵：收尾' }));
    const heard: Record<string, string[]> = {};
    for (const [name, sub] of subs) {
      // The closing visit commits last and events arrive in commit order: once it is here, the others would be too.
      await pushMatching(sub, (d) => d.visitLogged.visit.outcome === '矩阵：收尾');
      heard[name] = sub.received.slice(before.get(name)!).map((p) => p.data!.visitLogged.visit.outcome).filter((o: string) => o.startsWith('矩阵：'));
    }
    const sees = (outside: boolean, other: boolean) => ['矩阵：外部分公司', '矩阵：他人客户', '矩阵：收尾'].filter((o, i) => (i === 0 ? outside : i === 1 ? other : true));
    expect(heard).toEqual({
      admin: sees(true, true),
      lead: sees(true, true),
      'lead.gy': sees(false, true),
      rep: sees(false, false),
      collector: sees(false, true),
      viewer: sees(true, true),
      'key:read@gy': sees(false, true),
      'key:pii@company': sees(true, true),
    });
  });
});
