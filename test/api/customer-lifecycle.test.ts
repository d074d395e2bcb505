/**
 * Customers beyond the basics: the lifecycle with its history, source and
 * referrals, location, the people responsible, the dishonesty flag, and
 * prospect screening (distance to stations, assignment, conversion).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { testUscc } from '../support/fixtures.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';

const FIELDS = `id name uscc status tier developedAt statusChangedAt industry source sourceDetail district latitude longitude
  dishonest dishonestSince responsibleRep { id } responsibleLeader { id } referredBy { id } referrals { id }
  statusHistory { id fromStatus toStatus reason changedAt changedBy { id login } }`;
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${FIELDS} } } }`;
const GET = `query($id: ID!) { customer(id: $id) { ${FIELDS} } }`;
const DISHONEST = `mutation($input: SetDishonestyFlagInput!) { setDishonestyFlag(input: $input) { customer { ${FIELDS} } } }`;
const ASSIGN = `mutation($input: AssignCustomerInput!) { assignCustomer(input: $input) { customer { ${FIELDS} } } }`;
const CONVERT = `mutation($input: ConvertProspectInput!) { convertProspect(input: $input) { customer { ${FIELDS} } } }`;
const NEAR = `query($filter: CustomerFilter, $first: Int) { customers(first: $first, filter: $filter, orderBy: NAME_ASC) {
  totalCount edges { node { name nearestStation { station { id name } distanceKm } } } } }`;

/** Mean Earth radius, as in the server's great_circle_km. */
const R = 6371.0088;
const deg = (rad: number) => (rad * 180) / Math.PI;
/** The point `km` due north of (lat, lon). */
const north = (lat: number, lon: number, km: number) => ({ latitude: lat + deg(km / R), longitude: lon });
/** The point on the same parallel `km` (great-circle) east of (lat, lon). */
const east = (lat: number, lon: number, km: number) => ({
  latitude: lat,
  longitude: lon + deg(2 * Math.asin(Math.sin(km / (2 * R)) / Math.cos((lat * Math.PI) / 180))),
});

let server: TestServer;
let seq = 0;
/** The demo rep's station (in 贵阳) and the ids of people there. */
let stationA: string;
let stationALocal: number;
let stationB: string;
let stationBLocal: number;
let repId: string;
let otherRepId: string;
let collectorId: string;
let adminId: string;
let leadGyId: string;
let leadOtherBranchId: string;
let repHeaders: Record<string, string>;
let leadGyHeaders: Record<string, string>;

async function userId(login: string): Promise<string> {
  const { rows } = await server.sql.query(`select id from app_user where login = $1`, [login]);
  return toGlobalId('User', rows[0].id);
}

function customerInput(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: `生命周期测试公司${seq}`,
    uscc: testUscc(500_000 + seq),
    kind: 'INDUSTRIAL',
    utility: 'GAS',
    tier: 'KEY',
    status: 'ACTIVE',
    orgUnitId: stationA,
    responsibleRepId: repId,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await server.gql(CREATE, { input: customerInput(overrides) }, headers);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer;
}

async function update(input: Record<string, unknown>, headers?: Record<string, string>) {
  return server.gql(UPDATE, { input }, headers);
}

/** Rows of every table a customer write touches. */
async function counts(): Promise<Record<string, number>> {
  const { rows } = await server.sql.query(`select
    (select count(*) from customer)::int as customers,
    (select count(*) from customer_status_change)::int as "statusChanges",
    (select count(*) from audit_entry)::int as audits,
    (select count(*) from domain_event)::int as events`);
  return rows[0];
}

function fieldsOf(res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  return {
    code: res.errors?.[0]?.extensions?.code,
    fields: ((res.errors?.[0]?.extensions?.fields as Array<{ field: string }>) ?? []).map((f) => f.field),
  };
}

/** Runs a write that must fail with BAD_USER_INPUT naming `field`, and checks that it wrote nothing. */
async function expectRefused(write: () => Promise<any>, field: string, code = 'BAD_USER_INPUT') {
  const before = await counts();
  const res = await write();
  expect(res.data ?? null).toBeNull();
  expect(fieldsOf(res)).toEqual({ code, fields: [field] });
  expect(await counts()).toEqual(before);
  return res;
}

beforeAll(async () => {
  server = await startTestServer();
  const sql = server.sql;
  const rep = await sql.query(`select u.id, u.org_unit_id, o.path from app_user u join org_unit o on o.id = u.org_unit_id where u.login = 'rep'`);
  stationALocal = rep.rows[0].org_unit_id;
  stationA = toGlobalId('OrgUnit', stationALocal);
  repId = toGlobalId('User', rep.rows[0].id);
  const other = await sql.query(`select id from app_user where org_unit_id = $1 and role = 'REP' and login <> 'rep' order by id limit 1`, [stationALocal]);
  otherRepId = toGlobalId('User', other.rows[0].id);
  collectorId = await userId('collector');
  adminId = await userId('admin');
  leadGyId = await userId('lead.gy');
  const gy = await sql.query(`select o.path from app_user u join org_unit o on o.id = u.org_unit_id where u.login = 'lead.gy'`);
  const outside = await sql.query(
    `select s.id, (select u.id from app_user u join org_unit b on b.id = u.org_unit_id
                   where u.role = 'LEAD' and b.kind = 'BRANCH' and s.path like b.path || '%' order by u.id limit 1) as lead_id
     from org_unit s where s.kind = 'STATION' and s.path not like $1 || '%' order by s.id limit 1`,
    [gy.rows[0].path],
  );
  stationBLocal = outside.rows[0].id;
  stationB = toGlobalId('OrgUnit', stationBLocal);
  leadOtherBranchId = toGlobalId('User', outside.rows[0].lead_id);
  repHeaders = { authorization: `Bearer ${await server.login('rep')}` };
  leadGyHeaders = { authorization: `Bearer ${await server.login('lead.gy')}` };
});
afterAll(() => server?.close());

describe('lifecycle history', () => {
  it('records the starting stage, its author and the development date when a customer is created', async () => {
    const customer = await create();
    expect(customer.statusHistory).toHaveLength(1);
    expect(customer.statusHistory[0]).toMatchObject({ fromStatus: null, toStatus: 'ACTIVE', reason: null, changedBy: { id: adminId, login: 'admin' } });
    expect(customer.developedAt).not.toBeNull();
    const prospect = await create({ status: 'PROSPECT', tier: 'PROSPECT', uscc: null });
    expect(prospect.developedAt).toBeNull();
    expect(prospect.statusHistory.map((h: { toStatus: string }) => h.toStatus)).toEqual(['PROSPECT']);
  });

  it('writes one history row per move, oldest first, with the reason and who moved it', async () => {
    const customer = await create({ status: 'PROSPECT', tier: 'PROSPECT', uscc: null });
    const steps: Array<[string, string | null, Record<string, unknown>?]> = [
      ['CONTACTED', null],
      ['NEGOTIATING', '第二次电话拜访后进入洽谈'],
      ['ACTIVE', null, { uscc: testUscc(600_001), tier: 'KEY' }],
      ['SUSPENDED', '安检发现隐患，停气整改'],
      ['ACTIVE', '整改完成，恢复供气'],
      ['CLOSED', '企业搬迁，销户'],
    ];
    for (const [status, statusReason, extra] of steps) {
      const res = await update({ id: customer.id, status, statusReason, ...extra }, status === 'SUSPENDED' ? leadGyHeaders : undefined);
      expect(res.errors).toBeUndefined();
    }
    const { data } = await server.gql(GET, { id: customer.id });
    const history = data.customer.statusHistory;
    expect(history.map((h: any) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      [null, 'PROSPECT', null],
      ['PROSPECT', 'CONTACTED', null],
      ['CONTACTED', 'NEGOTIATING', '第二次电话拜访后进入洽谈'],
      ['NEGOTIATING', 'ACTIVE', null],
      ['ACTIVE', 'SUSPENDED', '安检发现隐患，停气整改'],
      ['SUSPENDED', 'ACTIVE', '整改完成，恢复供气'],
      ['ACTIVE', 'CLOSED', '企业搬迁，销户'],
    ]);
    expect(history[4].changedBy).toEqual({ id: leadGyId, login: 'lead.gy' });
    expect(history[3].changedBy).toEqual({ id: adminId, login: 'admin' });
    const times = history.map((h: { changedAt: string }) => new Date(h.changedAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const audit = await server.sql.query(`select action, after from audit_entry where entity_type = 'Customer' and entity_id = $1 order by id`, [
      Number(Buffer.from(customer.id, 'base64url').toString().split(':')[1]),
    ]);
    expect(audit.rows.at(-1)).toMatchObject({ action: 'customer.update', after: { status: 'CLOSED', statusReason: '企业搬迁，销户' } });
  });

  it('does not write a history row when the status stays the same', async () => {
    const customer = await create();
    const res = await update({ id: customer.id, status: 'ACTIVE', address: '贵阳市观山湖区长岭北路1号' });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateCustomer.customer.statusHistory).toHaveLength(1);
  });

  it.each([
    ['SUSPENDED', undefined],
    ['SUSPENDED', '   '],
    ['CLOSED', undefined],
  ])('refuses a move to %s without a reason (%j), naming statusReason, and writes nothing', async (status, statusReason) => {
    const customer = await create();
    const res = await expectRefused(() => update({ id: customer.id, status, statusReason }), 'statusReason');
    expect(res.errors[0].extensions.fields[0].message).toBe(`is required to move a customer to ${status}`);
  });

  it.each(['PROSPECT', 'CONTACTED', 'NEGOTIATING'])('closes a lost prospect at %s with a reason and without a USCC', async (start) => {
    const customer = await create({ status: start, tier: 'PROSPECT', uscc: null });
    await expectRefused(() => update({ id: customer.id, status: 'CLOSED' }), 'statusReason');
    const res = await update({ id: customer.id, status: 'CLOSED', statusReason: '客户选择其他供应商' });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateCustomer.customer).toMatchObject({ status: 'CLOSED', uscc: null, developedAt: null });
    expect(res.data.updateCustomer.customer.statusHistory.at(-1)).toMatchObject({ fromStatus: start, toStatus: 'CLOSED', reason: '客户选择其他供应商' });
  });

  it.each([
    ['CLOSED', 'ACTIVE'],
    ['ACTIVE', 'PROSPECT'],
    ['NEGOTIATING', 'PROSPECT'],
    ['PROSPECT', 'SUSPENDED'],
  ])('refuses the move %s → %s even with a reason', async (from, to) => {
    const setup: Record<string, unknown> = from === 'CLOSED' ? { status: 'ACTIVE' } : { status: from };
    if (from === 'NEGOTIATING' || from === 'PROSPECT') Object.assign(setup, { tier: 'PROSPECT', uscc: null });
    const customer = await create(setup);
    if (from === 'CLOSED') expect((await update({ id: customer.id, status: 'CLOSED', statusReason: '销户' })).errors).toBeUndefined();
    const res = await expectRefused(() => update({ id: customer.id, status: to, statusReason: '试试看' }), 'status');
    expect(res.errors[0].extensions.fields[0].message).toBe(`cannot move from ${from} to ${to}`);
  });

  it('sets developedAt the first time a customer becomes ACTIVE and keeps it after SUSPENDED → ACTIVE', async () => {
    const customer = await create({ status: 'NEGOTIATING', tier: 'PROSPECT', uscc: null });
    const active = await update({ id: customer.id, status: 'ACTIVE', tier: 'REGULAR', uscc: testUscc(600_002) });
    const developedAt = active.data.updateCustomer.customer.developedAt;
    expect(developedAt).not.toBeNull();
    await update({ id: customer.id, status: 'SUSPENDED', statusReason: '欠费停气' });
    const again = await update({ id: customer.id, status: 'ACTIVE', statusReason: '缴清欠费' });
    expect(again.data.updateCustomer.customer.developedAt).toBe(developedAt);
    expect(new Date(again.data.updateCustomer.customer.statusChangedAt).getTime()).toBeGreaterThan(new Date(developedAt).getTime());
    const closed = await update({ id: customer.id, status: 'CLOSED', statusReason: '销户' });
    expect(closed.data.updateCustomer.customer.developedAt).toBe(developedAt);
  });

  it('needs a reason to create a customer that starts SUSPENDED or CLOSED', async () => {
    await expectRefused(() => server.gql(CREATE, { input: customerInput({ status: 'SUSPENDED' }) }), 'statusReason');
    const created = await create({ status: 'SUSPENDED', statusReason: '历史停用户补录' });
    expect(created.statusHistory).toMatchObject([{ fromStatus: null, toStatus: 'SUSPENDED', reason: '历史停用户补录' }]);
  });

  it('writes neither the move nor its history when the same change fails on a taken USCC', async () => {
    const taken = await create();
    const prospect = await create({ status: 'NEGOTIATING', tier: 'PROSPECT', uscc: null });
    await expectRefused(() => update({ id: prospect.id, status: 'ACTIVE', uscc: taken.uscc }), 'uscc', 'CONFLICT');
    const { data } = await server.gql(GET, { id: prospect.id });
    expect(data.customer).toMatchObject({ status: 'NEGOTIATING', developedAt: null });
    expect(data.customer.statusHistory).toHaveLength(1);
  });

  it('serves a history row by node ID only to those who may see its customer', async () => {
    const mine = await create({ responsibleRepId: repId });
    const theirs = await create({ responsibleRepId: otherRepId });
    const query = `query($id: ID!) { node(id: $id) { __typename id ... on CustomerStatusChange { toStatus } } }`;
    const own = await server.gql(query, { id: mine.statusHistory[0].id }, repHeaders);
    expect(own.data.node).toEqual({ __typename: 'CustomerStatusChange', id: mine.statusHistory[0].id, toStatus: 'ACTIVE' });
    const other = await server.gql(query, { id: theirs.statusHistory[0].id }, repHeaders);
    expect(other.data.node).toBeNull();
  });
});

describe('source, referrals, location and the responsible leader', () => {
  it('stores industry, source, district and coordinates and reads them back', async () => {
    const customer = await create({
      industry: ' 化工 ', source: 'INDUSTRY_EVENT', sourceDetail: '2025 贵阳能源博览会', district: '白云区', latitude: 26.68, longitude: 106.63,
    });
    expect(customer).toMatchObject({ industry: '化工', source: 'INDUSTRY_EVENT', sourceDetail: '2025 贵阳能源博览会', district: '白云区', latitude: 26.68, longitude: 106.63 });
    const cleared = await update({ id: customer.id, industry: null, latitude: null, longitude: null });
    expect(cleared.data.updateCustomer.customer).toMatchObject({ industry: null, latitude: null, longitude: null });
  });

  it('sets source REFERRAL when only the referrer is given, and lists the new customer among the referrer\'s referrals', async () => {
    const referrer = await create({ name: '黔川出租车公司（引荐人）' });
    const referred = await create({ referredById: referrer.id });
    expect(referred).toMatchObject({ source: 'REFERRAL', referredBy: { id: referrer.id } });
    const second = await create({ referredById: referrer.id, source: 'REFERRAL', sourceDetail: '商品券' });
    const { data } = await server.gql(GET, { id: referrer.id });
    expect(data.customer.referrals).toEqual([{ id: referred.id }, { id: second.id }]);
    const later = await create({ source: 'SCREENING' });
    const linked = await update({ id: later.id, referredById: referrer.id, source: 'REFERRAL' });
    expect(linked.data.updateCustomer.customer).toMatchObject({ source: 'REFERRAL', referredBy: { id: referrer.id } });
    const auto = await create({ source: null });
    const autoLinked = await update({ id: auto.id, referredById: referrer.id });
    expect(autoLinked.data.updateCustomer.customer.source).toBe('REFERRAL');
  });

  it('refuses a referral whose source is not REFERRAL, and a source change that leaves the referrer behind', async () => {
    const referrer = await create();
    await expectRefused(() => server.gql(CREATE, { input: customerInput({ referredById: referrer.id, source: 'WALK_IN' }) }), 'source');
    const referred = await create({ referredById: referrer.id });
    await expectRefused(() => update({ id: referred.id, source: 'CAMPAIGN' }), 'source');
    const unlinked = await update({ id: referred.id, source: 'CAMPAIGN', referredById: null });
    expect(unlinked.data.updateCustomer.customer).toMatchObject({ source: 'CAMPAIGN', referredBy: null });
  });

  it('refuses a customer as its own referrer and a referral cycle', async () => {
    const a = await create();
    const b = await create({ referredById: a.id });
    const c = await create({ referredById: b.id });
    const self = await expectRefused(() => update({ id: a.id, referredById: a.id }), 'referredById');
    expect(self.errors[0].extensions.fields[0].message).toBe('must be another customer');
    const cycle = await expectRefused(() => update({ id: a.id, referredById: c.id }), 'referredById');
    expect(cycle.errors[0].extensions.fields[0].message).toMatch(/referred/);
  });

  it('treats a referrer the caller may not see as missing, and hides it from the referred customer', async () => {
    const theirs = await create({ responsibleRepId: otherRepId });
    await expectRefused(() => server.gql(CREATE, { input: customerInput({ referredById: theirs.id }) }, repHeaders), 'referredById');
    const mine = await create({ referredById: theirs.id, responsibleRepId: repId });
    const asRep = await server.gql(GET, { id: mine.id }, repHeaders);
    expect(asRep.data.customer).toMatchObject({ source: 'REFERRAL', referredBy: null });
    const asLead = await server.gql(GET, { id: theirs.id }, leadGyHeaders);
    expect(asLead.data.customer.referrals).toEqual([{ id: mine.id }]);
    const referrerMine = await create({ responsibleRepId: repId });
    await create({ referredById: referrerMine.id, responsibleRepId: otherRepId });
    const ownList = await server.gql(GET, { id: referrerMine.id }, repHeaders);
    expect(ownList.data.customer.referrals).toEqual([]);
  });

  it.each([
    [{ latitude: 26.5 }, 'longitude'],
    [{ longitude: 106.7 }, 'latitude'],
    [{ latitude: 90.5, longitude: 106.7 }, 'latitude'],
    [{ latitude: -90.01, longitude: 106.7 }, 'latitude'],
    [{ latitude: 26.5, longitude: 180.01 }, 'longitude'],
    [{ latitude: 26.5, longitude: -181 }, 'longitude'],
  ])('refuses coordinates %j, naming %s', async (coordinates, field) => {
    await expectRefused(() => server.gql(CREATE, { input: customerInput(coordinates) }), field);
  });

  it('accepts coordinates at the limits, and checks both-or-neither on the result of an update', async () => {
    const edge = await create({ latitude: -90, longitude: 180 });
    expect(edge).toMatchObject({ latitude: -90, longitude: 180 });
    const moved = await update({ id: edge.id, latitude: 26.6 });
    expect(moved.data.updateCustomer.customer).toMatchObject({ latitude: 26.6, longitude: 180 });
    await expectRefused(() => update({ id: edge.id, longitude: null }), 'longitude');
  });

  it('names a LEAD or ADMIN at or above the customer\'s unit as responsible leader, and no one else', async () => {
    const byLead = await create({ responsibleLeaderId: leadGyId });
    expect(byLead.responsibleLeader).toEqual({ id: leadGyId });
    const byAdmin = await update({ id: byLead.id, responsibleLeaderId: adminId });
    expect(byAdmin.data.updateCustomer.customer.responsibleLeader).toEqual({ id: adminId });
    for (const [leader, message] of [
      [leadOtherBranchId, "must be a LEAD or ADMIN of the customer's org unit or one above it"],
      [repId, "must be a LEAD or ADMIN of the customer's org unit or one above it"],
      [toGlobalId('User', 999_999), 'does not exist'],
    ] as const) {
      const res = await expectRefused(() => server.gql(CREATE, { input: customerInput({ responsibleLeaderId: leader }) }), 'responsibleLeaderId');
      expect(res.errors[0].extensions.fields[0].message).toBe(message);
    }
    const cleared = await update({ id: byLead.id, responsibleLeaderId: null });
    expect(cleared.data.updateCustomer.customer.responsibleLeader).toBeNull();
  });

  it('re-checks the leader when the customer moves to another branch', async () => {
    const customer = await create({ responsibleLeaderId: leadGyId, responsibleRepId: null });
    await expectRefused(() => update({ id: customer.id, orgUnitId: stationB }), 'responsibleLeaderId');
    const moved = await update({ id: customer.id, orgUnitId: stationB, responsibleLeaderId: leadOtherBranchId });
    expect(moved.errors).toBeUndefined();
  });

  it('lets only callers with customers:assign name a responsible leader', async () => {
    const before = await counts();
    const res = await server.gql(CREATE, { input: customerInput({ responsibleLeaderId: leadGyId }) }, repHeaders);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const own = await create({ responsibleRepId: repId });
    const update1 = await update({ id: own.id, responsibleLeaderId: leadGyId }, repHeaders);
    expect(update1.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byLead = await update({ id: own.id, responsibleLeaderId: leadGyId }, leadGyHeaders);
    expect(byLead.data.updateCustomer.customer.responsibleLeader).toEqual({ id: leadGyId });
  });
});

describe('dishonesty list 失信名单', () => {
  it('puts a customer on the list with a reason, records since when, audits it and leaves its status alone', async () => {
    const customer = await create();
    const before = Date.now();
    const res = await server.gql(DISHONEST, { input: { customerId: customer.id, dishonest: true, reason: '拒缴政府性基金欠费，报送中电联' } });
    expect(res.errors).toBeUndefined();
    const flagged = res.data.setDishonestyFlag.customer;
    expect(flagged).toMatchObject({ dishonest: true, status: 'ACTIVE' });
    expect(new Date(flagged.dishonestSince).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const localId = Number(Buffer.from(customer.id, 'base64url').toString().split(':')[1]);
    const audit = await server.sql.query(`select action, before, after from audit_entry where entity_type = 'Customer' and entity_id = $1 order by id desc limit 1`, [localId]);
    expect(audit.rows[0]).toMatchObject({ action: 'customer.set_dishonesty', before: { dishonest: false }, after: { dishonest: true, reason: '拒缴政府性基金欠费，报送中电联' } });
    const event = await server.sql.query(`select kind, payload from domain_event where customer_id = $1 order by id desc limit 1`, [localId]);
    expect(event.rows[0]).toMatchObject({ kind: 'customer.updated', payload: { changedFields: ['dishonest'] } });

    const again = await server.gql(DISHONEST, { input: { customerId: customer.id, dishonest: true, reason: '再次报送' } });
    expect(again.data.setDishonestyFlag.customer.dishonestSince).toBe(flagged.dishonestSince);

    const cleared = await server.gql(DISHONEST, { input: { customerId: customer.id, dishonest: false } });
    expect(cleared.data.setDishonestyFlag.customer).toMatchObject({ dishonest: false, dishonestSince: null, status: 'ACTIVE' });
  });

  it('refuses to set the flag without a reason, and writes nothing', async () => {
    const customer = await create();
    await expectRefused(() => server.gql(DISHONEST, { input: { customerId: customer.id, dishonest: true } }), 'reason');
    await expectRefused(() => server.gql(DISHONEST, { input: { customerId: customer.id, dishonest: true, reason: '  ' } }), 'reason');
  });

  it('answers NOT_FOUND for a customer of another rep', async () => {
    const theirs = await create({ responsibleRepId: otherRepId });
    const res = await server.gql(DISHONEST, { input: { customerId: theirs.id, dishonest: true, reason: '拒缴' } }, repHeaders);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('prospect screening by distance to a station', () => {
  /** Far from the demo org (Guizhou), so no seeded station is nearer than ours. */
  const HOME = { latitude: 40, longitude: 90 };
  const SECOND = { latitude: 40.5, longitude: 90.5 };
  let secondStation: string;

  beforeAll(async () => {
    await server.sql.query(`update org_unit set latitude = $2, longitude = $3 where id = $1`, [stationALocal, HOME.latitude, HOME.longitude]);
    const second = await server.sql.query(
      `select id from org_unit where kind = 'STATION' and parent_id = (select parent_id from org_unit where id = $1) and id <> $1 order by id limit 1`,
      [stationALocal],
    );
    secondStation = toGlobalId('OrgUnit', second.rows[0].id);
    await server.sql.query(`update org_unit set latitude = $2, longitude = $3 where id = $1`, [second.rows[0].id, SECOND.latitude, SECOND.longitude]);
  });

  it('finds customers within the radius by great-circle distance: 29.9 km is in, 30.1 km is out', async () => {
    const { latitude, longitude } = HOME;
    const points = {
      '距离北29.9': north(latitude, longitude, 29.9),
      '距离北30.1': north(latitude, longitude, 30.1),
      '距离东29.9': east(latitude, longitude, 29.9),
      '距离东30.1': east(latitude, longitude, 30.1),
      '距离南10': north(latitude, longitude, -10),
      '距离西50': east(latitude, longitude, -50),
    };
    for (const [name, point] of Object.entries(points)) await create({ name, status: 'PROSPECT', tier: 'PROSPECT', uscc: null, ...point });
    await create({ name: '距离无坐标', status: 'PROSPECT', tier: 'PROSPECT', uscc: null });
    const within = async (km: number) => {
      const res = await server.gql(NEAR, { first: 50, filter: { search: '距离', nearStation: { stationId: stationA, withinKm: km } } });
      expect(res.errors).toBeUndefined();
      return res.data.customers;
    };
    const thirty = await within(30);
    expect(thirty.edges.map((e: any) => e.node.name).sort()).toEqual(['距离东29.9', '距离北29.9', '距离南10'].sort());
    expect(thirty.totalCount).toBe(3);
    const fifty = await within(50.01);
    expect(fifty.totalCount).toBe(6);
    // A station looks after prospects within 30–50 km (seed 001): the nearest station is reported with the distance.
    const north299 = thirty.edges.find((e: any) => e.node.name === '距离北29.9').node;
    expect(north299.nearestStation.station.id).toBe(stationA);
    expect(north299.nearestStation.distanceKm).toBeCloseTo(29.9, 3);
  });

  it('refuses a station without coordinates, and one outside what the caller may see, naming the field', async () => {
    await server.sql.query(`update org_unit set latitude = null, longitude = null where id = $1`, [stationBLocal]);
    const res = await server.gql(NEAR, { filter: { nearStation: { stationId: stationB, withinKm: 30 } } });
    expect(fieldsOf(res)).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.nearStation.stationId'] });
    expect(res.errors![0]!.extensions!.fields![0]!.message).toMatch(/no coordinates/);
    await server.sql.query(`update org_unit set latitude = 27.7, longitude = 106.9 where id = $1`, [stationBLocal]);
    const outside = await server.gql(NEAR, { filter: { nearStation: { stationId: stationB, withinKm: 30 } } }, leadGyHeaders);
    expect(fieldsOf(outside)).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.nearStation.stationId'] });
    const tooFar = await server.gql(NEAR, { filter: { nearStation: { stationId: stationA, withinKm: 501 } } });
    expect(tooFar.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reports the nearest station with coordinates, or null for a customer without coordinates', async () => {
    const nearSecond = await create({ name: '最近站测试乙', ...north(SECOND.latitude, SECOND.longitude, 3) });
    const nearHome = await create({ name: '最近站测试甲', ...east(HOME.latitude, HOME.longitude, 5) });
    const none = await create({ name: '最近站测试丙' });
    const res = await server.gql(NEAR, { filter: { search: '最近站测试' } });
    const byName = Object.fromEntries(res.data.customers.edges.map((e: any) => [e.node.name, e.node.nearestStation]));
    expect(byName['最近站测试甲']).toMatchObject({ station: { id: stationA } });
    expect(byName['最近站测试甲'].distanceKm).toBeCloseTo(5, 3);
    expect(byName['最近站测试乙']).toMatchObject({ station: { id: secondStation } });
    expect(byName['最近站测试乙'].distanceKm).toBeCloseTo(3, 3);
    expect(byName['最近站测试丙']).toBeNull();
    expect([nearSecond, nearHome, none]).toHaveLength(3);
  });

  it('computes the nearest station of a whole page in one statement', async () => {
    for (let i = 0; i < 12; i++) await create({ name: `批量最近站${String(i).padStart(2, '0')}`, ...north(HOME.latitude, HOME.longitude, i + 1) });
    const query = (first: number) =>
      `{ customers(first: ${first}, filter: { search: "批量最近站" }) { edges { node { name nearestStation { distanceKm station { name } } } } } }`;
    const without = await server.gqlCounted(`{ customers(first: 12, filter: { search: "批量最近站" }) { edges { node { name } } } }`);
    const small = await server.gqlCounted(query(2));
    const large = await server.gqlCounted(query(12));
    expect(large.body.data.customers.edges).toHaveLength(12);
    expect(large.body.data.customers.edges.every((e: any) => e.node.nearestStation.station.name)).toBe(true);
    expect(small.statements).toBe(without.statements + 1);
    expect(large.statements).toBe(without.statements + 1);
  });
});

describe('assignCustomer', () => {
  it('names the responsible rep and leader; an omitted one stays and null clears', async () => {
    const customer = await create({ responsibleRepId: repId });
    const res = await server.gql(ASSIGN, { input: { customerId: customer.id, responsibleRepId: otherRepId, responsibleLeaderId: leadGyId } }, leadGyHeaders);
    expect(res.errors).toBeUndefined();
    expect(res.data.assignCustomer.customer).toMatchObject({ responsibleRep: { id: otherRepId }, responsibleLeader: { id: leadGyId } });
    const leaderOnly = await server.gql(ASSIGN, { input: { customerId: customer.id, responsibleLeaderId: null } });
    expect(leaderOnly.data.assignCustomer.customer).toMatchObject({ responsibleRep: { id: otherRepId }, responsibleLeader: null });
    const localId = Number(Buffer.from(customer.id, 'base64url').toString().split(':')[1]);
    const audit = await server.sql.query(`select action from audit_entry where entity_type = 'Customer' and entity_id = $1 order by id`, [localId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['customer.create', 'customer.assign', 'customer.assign']);
    const event = await server.sql.query(`select payload from domain_event where customer_id = $1 order by id desc limit 2`, [localId]);
    expect(event.rows[1].payload).toMatchObject({ changedFields: ['responsibleRepId', 'responsibleLeaderId'], responsibleRepId: Number(Buffer.from(otherRepId, 'base64url').toString().split(':')[1]) });
  });

  it('refuses a rep who is not a REP or LEAD at or above the unit, and a leader who is not a LEAD or ADMIN there', async () => {
    const customer = await create();
    await expectRefused(() => server.gql(ASSIGN, { input: { customerId: customer.id, responsibleRepId: collectorId } }), 'responsibleRepId');
    await expectRefused(() => server.gql(ASSIGN, { input: { customerId: customer.id, responsibleLeaderId: leadOtherBranchId } }), 'responsibleLeaderId');
  });

  it('refuses to name a disabled user, but keeps one already named when other fields change', async () => {
    const { rows } = await server.sql.query(
      `insert into app_user (org_unit_id, name, role, login) values ($1, '停用客户经理', 'REP', 'rep.disabled.lifecycle') returning id`,
      [stationALocal],
    );
    const disabledRep = toGlobalId('User', rows[0].id);
    const customer = await create({ responsibleRepId: disabledRep });
    await server.sql.query(`update app_user set disabled_at = now() where id = $1`, [rows[0].id]);
    const other = await create();
    const res = await expectRefused(() => server.gql(ASSIGN, { input: { customerId: other.id, responsibleRepId: disabledRep } }), 'responsibleRepId');
    expect(res.errors[0].extensions.fields[0].message).toBe('is disabled');
    const kept = await update({ id: customer.id, address: '贵阳市云岩区中华北路2号' });
    expect(kept.data.updateCustomer.customer.responsibleRep).toEqual({ id: disabledRep });
  });

  it('is FORBIDDEN without customers:assign, even for the customer\'s own rep', async () => {
    const customer = await create({ responsibleRepId: repId });
    const before = await counts();
    const res = await server.gql(ASSIGN, { input: { customerId: customer.id, responsibleRepId: repId } }, repHeaders);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('convertProspect', () => {
  it('makes a prospect ACTIVE with its tier and USCC, a history row and the development date', async () => {
    const prospect = await create({ status: 'CONTACTED', tier: 'PROSPECT', uscc: null, responsibleRepId: repId });
    const uscc = testUscc(700_001);
    const res = await server.gql(CONVERT, { input: { customerId: prospect.id, tier: 'KEY', uscc } }, repHeaders);
    expect(res.errors).toBeUndefined();
    const customer = res.data.convertProspect.customer;
    expect(customer).toMatchObject({ status: 'ACTIVE', tier: 'KEY', uscc });
    expect(customer.developedAt).not.toBeNull();
    expect(customer.statusHistory.at(-1)).toMatchObject({ fromStatus: 'CONTACTED', toStatus: 'ACTIVE', changedBy: { id: repId } });
    const localId = Number(Buffer.from(prospect.id, 'base64url').toString().split(':')[1]);
    const event = await server.sql.query(`select kind, payload from domain_event where customer_id = $1 order by id desc limit 1`, [localId]);
    expect(event.rows[0].payload).toMatchObject({ fromStatus: 'CONTACTED', toStatus: 'ACTIVE' });
    expect(event.rows[0].payload.developedAt).toBeTruthy();
  });

  it('refuses the PROSPECT tier, a bad USCC and a customer that is no longer a prospect, writing nothing', async () => {
    const prospect = await create({ status: 'PROSPECT', tier: 'PROSPECT', uscc: null });
    await expectRefused(() => server.gql(CONVERT, { input: { customerId: prospect.id, tier: 'PROSPECT', uscc: testUscc(700_002) } }), 'tier');
    await expectRefused(() => server.gql(CONVERT, { input: { customerId: prospect.id, tier: 'KEY', uscc: '91520102MA6DKI0X1O' } }), 'uscc');
    const active = await create();
    const res = await expectRefused(() => server.gql(CONVERT, { input: { customerId: active.id, tier: 'KEY', uscc: testUscc(700_003) } }), 'customerId');
    expect(res.errors[0].extensions.fields[0].message).toMatch(/not a prospect/);
  });
});
