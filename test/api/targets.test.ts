/**
 * Targets 考核目标 with their cascade and live attainment (DOMAIN.md
 * "Targets, leaderboards and rewards"; issue 7 item 1; seed 001: a branch's
 * target split to its areas and people, 目标到人): exact decimal splits,
 * validation that writes nothing, attainment that moves with the API's
 * writes, status against the elapsed share of the period, and scoping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { todayIn, addDays } from '../../server/src/calendar.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { PeriodKind, periodOf } from '../../server/src/modules/metrics/metric.enums.js';
import { Target } from '../../server/src/modules/targets/target.entity.js';
import { elapsedShare, statusOf, targetsBehind } from '../../server/src/modules/targets/target.service.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { fen, gqlData, localId as local, testUscc, yuan } from '../support/fixtures.js';

const FIELDS = `id metric channel periodKind periodStart periodEnd subjectKind value attained attainmentPercent status unallocated
  orgUnit { id } user { id } parent { id } children { id value user { id } orgUnit { id } } setBy { login }`;
const SET = `mutation($input: SetTargetInput!) { setTarget(input: $input) { created target { ${FIELDS} } } }`;
const SPLIT = `mutation($input: SplitTargetInput!) { splitTarget(input: $input) { parent { ${FIELDS} } children { ${FIELDS} } } }`;
const DELETE = `mutation($input: DeleteTargetInput!) { deleteTarget(input: $input) { deletedTargetId } }`;
const GET = `query($id: ID!) { target(id: $id) { ${FIELDS} } }`;
const LIST = `query($filter: TargetFilter, $first: Int, $after: String) { targets(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id value attained status orgUnit { id } } } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
/** 贵阳分公司 and two of its areas; a station of the first area with its rep and collector. */
let branch: { id: string; name: string };
let areas: string[];
let station: string;
let otherStation: string;
let rep: string;
let collector: string;
let outsider: string;
let leadGy: Record<string, string>;

const month = () => periodOf(PeriodKind.MONTH, todayIn()).start;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from target) as targets, (select count(*)::int from audit_entry) as audits,
    (select coalesce(sum(value), 0)::text from target) as total`);
  return rows[0];
}

/** Asserts BAD_USER_INPUT (or `code`) naming `field`, and that nothing was written. */
async function refused(query: string, input: Record<string, unknown>, field: string | null, code = 'BAD_USER_INPUT', headers?: Record<string, string>) {
  const before = await counts();
  const res = await server.gql(query, { input }, headers);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
  if (field) expect(res.errors![0]!.extensions!.fields!.map((f) => f.field)).toContain(field);
  expect(await counts()).toEqual(before);
  return res.errors![0]!;
}

function setInput(extra: Record<string, unknown>) {
  return { metric: 'AMOUNT_COLLECTED', periodKind: 'MONTH', periodStart: month(), ...extra };
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  const gy = await unitOf(server, 'lead.gy');
  const sql = server.sql;
  branch = { id: gy.id, name: (await sql.query(`select name from org_unit where id = $1`, [gy.localId])).rows[0].name };
  const areaRows = (await sql.query(`select id from org_unit where parent_id = $1 and kind = 'AREA' order by id`, [gy.localId])).rows;
  areas = areaRows.map((r) => toGlobalId('OrgUnit', r.id));
  const repUnit = await unitOf(server, 'rep');
  station = repUnit.id;
  otherStation = toGlobalId('OrgUnit', (await sql.query(`select id from org_unit where kind = 'STATION' and id <> $1 and path like $2 || '%' order by id limit 1`, [repUnit.localId, gy.path])).rows[0].id);
  rep = await userIdOf(server, 'rep');
  collector = await userIdOf(server, 'collector');
  outsider = toGlobalId('User', (await sql.query(`select u.id from app_user u join org_unit o on o.id = u.org_unit_id where o.path not like $1 || '%' order by u.id limit 1`, [gy.path])).rows[0].id);
  leadGy = bearer(await server.login('lead.gy'));
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('setting a target', () => {
  it('creates a target for a unit, then changes its value, each change audited', async () => {
    const before = await counts();
    const first = (await must(SET, { input: setInput({ orgUnitId: station, value: '150000.00' }) }, leadGy)).setTarget;
    expect(first.created).toBe(true);
    expect(first.target).toMatchObject({
      metric: 'AMOUNT_COLLECTED', periodKind: 'MONTH', periodStart: month(), periodEnd: periodOf(PeriodKind.MONTH, todayIn()).end,
      subjectKind: 'ORG_UNIT', value: '150000.00', orgUnit: { id: station }, user: null, parent: null, children: [], unallocated: null, setBy: { login: 'lead.gy' },
    });
    const second = (await must(SET, { input: setInput({ orgUnitId: station, value: '160000.50' }) }, leadGy)).setTarget;
    expect(second).toMatchObject({ created: false, target: { id: first.target.id, value: '160000.50' } });
    const after = await counts();
    expect(after.targets).toBe(before.targets + 1);
    expect(after.audits).toBe(before.audits + 2);
    const { rows } = await server.sql.query(`select action, before, after from audit_entry where entity_type = 'Target' and entity_id = $1 order by id`, [local(first.target.id)]);
    expect(rows.map((r) => r.action)).toEqual(['target.set', 'target.set']);
    expect(rows[1].before.value).toBe('150000.00');
    expect(rows[1].after.value).toBe('160000.50');
  });

  it('keeps one target per metric, channel, period and person, apart from the unit\'s own', async () => {
    const unit = (await must(SET, { input: { metric: 'VISITS', periodKind: 'WEEK', periodStart: periodOf(PeriodKind.WEEK, todayIn()).start, orgUnitId: station, value: '40' } })).setTarget;
    const onSite = (await must(SET, { input: { metric: 'VISITS', channel: 'ON_SITE', periodKind: 'WEEK', periodStart: periodOf(PeriodKind.WEEK, todayIn()).start, orgUnitId: station, value: '10' } })).setTarget;
    const person = (await must(SET, { input: { metric: 'VISITS', periodKind: 'WEEK', periodStart: periodOf(PeriodKind.WEEK, todayIn()).start, userId: rep, value: '20' } })).setTarget;
    expect([unit.created, onSite.created, person.created]).toEqual([true, true, true]);
    expect(new Set([unit.target.id, onSite.target.id, person.target.id]).size).toBe(3);
    expect(person.target).toMatchObject({ subjectKind: 'USER', user: { id: rep }, orgUnit: { id: station }, channel: null });
    expect(onSite.target.channel).toBe('ON_SITE');
    const again = (await must(SET, { input: { metric: 'VISITS', periodKind: 'WEEK', periodStart: periodOf(PeriodKind.WEEK, todayIn()).start, userId: rep, value: '25' } })).setTarget;
    expect(again).toMatchObject({ created: false, target: { id: person.target.id, value: '25' } });
  });

  it('accepts a five-nines collection rate 99.999 and refuses a rate over 100', async () => {
    const rate = (await must(SET, { input: { metric: 'COLLECTION_RATE', periodKind: 'QUARTER', periodStart: periodOf(PeriodKind.QUARTER, todayIn()).start, orgUnitId: station, value: '99.999' } })).setTarget;
    expect(rate.target.value).toBe('99.999');
    const error = await refused(SET, { metric: 'COLLECTION_RATE', periodKind: 'QUARTER', periodStart: periodOf(PeriodKind.QUARTER, todayIn()).start, orgUnitId: station, value: '100.001' }, 'value');
    expect(error.extensions!.fields![0]!.message).toMatch(/0 to 100/);
  });

  it('refuses a period start that does not start such a period, naming the real start, and writes nothing', async () => {
    const monthStart = month();
    const error = await refused(SET, setInput({ periodStart: addDays(monthStart, 1), orgUnitId: station, value: '1.00' }), 'periodStart');
    expect(error.extensions!.fields![0]!.message).toContain(monthStart);
    // 2026-11-24 is a Tuesday: weeks start on Monday 2026-11-23.
    const week = await refused(SET, { metric: 'VISITS', periodKind: 'WEEK', periodStart: '2026-11-24', orgUnitId: station, value: '5' }, 'periodStart');
    expect(week.extensions!.fields![0]!.message).toContain('2026-11-23');
    await refused(SET, { metric: 'VISITS', periodKind: 'QUARTER', periodStart: '2026-11-01', orgUnitId: station, value: '5' }, 'periodStart');
    await refused(SET, { metric: 'VISITS', periodKind: 'YEAR', periodStart: '2026-02-01', orgUnitId: station, value: '5' }, 'periodStart');
  });

  it('refuses a channel on anything but VISITS, fractions of counts, fen fractions, and a subject given twice or not at all', async () => {
    await refused(SET, setInput({ channel: 'PHONE', orgUnitId: station, value: '1.00' }), 'channel');
    await refused(SET, { metric: 'NEW_ACCOUNTS', periodKind: 'MONTH', periodStart: month(), orgUnitId: station, value: '1.5' }, 'value');
    await refused(SET, setInput({ orgUnitId: station, value: '1.005' }), 'value');
    await refused(SET, setInput({ orgUnitId: station, userId: rep, value: '1.00' }), 'orgUnitId');
    await refused(SET, setInput({ value: '1.00' }), 'orgUnitId');
    await refused(SET, setInput({ orgUnitId: station, value: '-1.00' }), 'value');
  });

  it('does not let a lead set targets outside its subtree (NOT_FOUND) and refuses staff without targets:manage', async () => {
    await refused(SET, setInput({ userId: outsider, value: '1.00' }), 'userId', 'NOT_FOUND', leadGy);
    await refused(SET, setInput({ orgUnitId: station, value: '1.00' }), null, 'FORBIDDEN', bearer(await server.login('rep')));
  });
});

describe('splitting a target down the tree 目标分解', () => {
  it('splits a branch target to its areas exactly to the fen, then an area to a station and its people', async () => {
    const parent = (await must(SET, { input: setInput({ orgUnitId: branch.id, value: '1000000.00' }) }, leadGy)).setTarget.target;
    const parts = [
      { orgUnitId: areas[0], value: '333333.33' },
      { orgUnitId: areas[1], value: '333333.33' },
      { orgUnitId: areas[2] ?? areas[0], value: '333333.34' },
    ].slice(0, areas.length >= 3 ? 3 : 2);
    if (areas.length < 3) parts[1]!.value = '666666.67';
    const split = (await must(SPLIT, { input: { parentId: parent.id, parts } }, leadGy)).splitTarget;
    expect(split.children.map((c: { value: string }) => c.value)).toEqual(parts.map((p) => p.value));
    expect(split.children.every((c: { parent: { id: string } }) => c.parent.id === parent.id)).toBe(true);
    expect(split.parent.unallocated).toBe('0.00');
    expect(split.parent.children.map((c: { orgUnit: { id: string } }) => c.orgUnit.id)).toEqual(parts.map((p) => p.orgUnitId));
    const sum = split.children.reduce((s: bigint, c: { value: string }) => s + fen(c.value), 0n);
    expect(yuan(sum)).toBe('1000000.00');

    // The area of the rep's station splits to that station; the station to its rep and collector.
    const area = toGlobalId('OrgUnit', (await server.sql.query(`select parent_id from org_unit where id = $1`, [local(station)])).rows[0].parent_id);
    const areaTarget = split.children.find((c: { orgUnit: { id: string } }) => c.orgUnit.id === area);
    const stations = (await server.sql.query(`select id from org_unit where parent_id = $1 order by id`, [local(area)])).rows.map((r) => toGlobalId('OrgUnit', r.id));
    const stationParts = stations.map((id, i) => ({ orgUnitId: id, value: i === 0 ? yuan(fen(areaTarget.value) - BigInt(stations.length - 1)) : '0.01' }));
    const areaSplit = (await must(SPLIT, { input: { parentId: areaTarget.id, parts: stationParts } }, leadGy)).splitTarget;
    const stationTarget = areaSplit.children.find((c: { orgUnit: { id: string } }) => c.orgUnit.id === station);
    // The station already had a target of this month set directly (first test): the split adopts it.
    const people = await must(SPLIT, { input: { parentId: stationTarget.id, parts: [{ userId: rep, value: '100000.00' }, { userId: collector, value: yuan(fen(stationTarget.value) - fen('100000.00')) }] } }, leadGy);
    expect(people.splitTarget.children.map((c: { subjectKind: string; user: { id: string } }) => [c.subjectKind, c.user.id])).toEqual([['USER', rep], ['USER', collector]]);
    const { rows } = await server.sql.query(`select count(*)::int as n from target where metric = 'AMOUNT_COLLECTED' and period_kind = 'MONTH' and period_start = $1 and user_id is null and org_unit_id = $2`, [month(), local(station)]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses parts that do not add up exactly, saying by how much, and writes nothing', async () => {
    const parent = (await must(SET, { input: setInput({ metric: 'ARREARS_REDUCED', orgUnitId: branch.id, value: '500000.00' }) })).setTarget.target;
    const error = await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '250000.00' }, { orgUnitId: areas[1], value: '249999.99' }] }, 'parts');
    expect(error.extensions!.fields![0]!.message).toMatch(/exactly.*500000\.00.*499999\.99 \(-0\.01\)/);
    await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '250000.00' }, { orgUnitId: areas[1], value: '250000.01' }] }, 'parts');
  });

  it('refuses a person outside the unit, a unit that is not a direct child, and the same subject twice', async () => {
    const parent = (await must(SET, { input: setInput({ metric: 'NEW_ACCOUNTS', orgUnitId: branch.id, value: '10' }) })).setTarget.target;
    const person = await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '5' }, { userId: rep, value: '5' }] }, 'parts.1.userId');
    expect(person.extensions!.fields![0]!.message).toContain(branch.name);
    await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '5' }, { orgUnitId: station, value: '5' }] }, 'parts.1.orgUnitId');
    await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '5' }, { orgUnitId: areas[0], value: '5' }] }, 'parts.1');
    await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '5.5' }, { orgUnitId: areas[1], value: '4.5' }] }, 'parts.0.value');
    const personal = (await must(SET, { input: setInput({ metric: 'NEW_ACCOUNTS', userId: rep, value: '3' }) })).setTarget.target;
    await refused(SPLIT, { parentId: personal.id, parts: [{ orgUnitId: areas[0], value: '3' }] }, 'parentId');
  });

  it('gives each child its own rate when splitting a collection rate, with no sum rule', async () => {
    const parent = (await must(SET, { input: { metric: 'COLLECTION_RATE', periodKind: 'YEAR', periodStart: periodOf(PeriodKind.YEAR, todayIn()).start, orgUnitId: branch.id, value: '99.999' } })).setTarget.target;
    const split = (await must(SPLIT, { input: { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '99.999' }, { orgUnitId: areas[1], value: '99.500' }] } })).splitTarget;
    expect(split.children.map((c: { value: string }) => c.value)).toEqual(['99.999', '99.500']);
    expect(split.parent.unallocated).toBeNull();
  });

  it('keeps the children when the parent changes and shows the difference as unallocated', async () => {
    const parent = (await must(SET, { input: setInput({ metric: 'PROSPECTS_CONVERTED', orgUnitId: branch.id, value: '30' }) })).setTarget.target;
    await must(SPLIT, { input: { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '20' }, { orgUnitId: areas[1], value: '10' }] } });
    const raised = (await must(SET, { input: setInput({ metric: 'PROSPECTS_CONVERTED', orgUnitId: branch.id, value: '35' }) })).setTarget.target;
    expect(raised).toMatchObject({ value: '35', unallocated: '5' });
    expect(raised.children.map((c: { value: string }) => c.value)).toEqual(['20', '10']);
    const lowered = (await must(SET, { input: setInput({ metric: 'PROSPECTS_CONVERTED', orgUnitId: branch.id, value: '28' }) })).setTarget.target;
    expect(lowered.unallocated).toBe('-2');
  });

  it('replaces an earlier split, deleting children left out, but not one that is split itself', async () => {
    const parent = (await must(SET, { input: setInput({ metric: 'KEY_ACCOUNTS_COVERED', orgUnitId: branch.id, value: '195' }) })).setTarget.target;
    const first = (await must(SPLIT, { input: { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '100' }, { orgUnitId: areas[1], value: '95' }] } })).splitTarget;
    const second = (await must(SPLIT, { input: { parentId: parent.id, parts: [{ orgUnitId: areas[0], value: '195' }] } })).splitTarget;
    expect(second.children[0].id).toBe(first.children[0].id);
    expect((await server.gql(GET, { id: first.children[1].id })).data.target).toBeNull();
    // Split the remaining child further; dropping it now is a CONFLICT.
    const areaStations = (await server.sql.query(`select id from org_unit where parent_id = $1 order by id limit 1`, [local(areas[0]!)])).rows;
    await must(SPLIT, { input: { parentId: second.children[0].id, parts: [{ orgUnitId: toGlobalId('OrgUnit', areaStations[0].id), value: '195' }] } });
    await refused(SPLIT, { parentId: parent.id, parts: [{ orgUnitId: areas[1], value: '195' }] }, 'parts', 'CONFLICT');
    await refused(DELETE, { id: parent.id }, 'id', 'CONFLICT');
  });

  it('deletes a target without children, audited', async () => {
    const target = (await must(SET, { input: setInput({ orgUnitId: otherStation, value: '10.00' }) })).setTarget.target;
    const before = await counts();
    expect((await must(DELETE, { input: { id: target.id } })).deleteTarget.deletedTargetId).toBe(target.id);
    const after = await counts();
    expect(after.targets).toBe(before.targets - 1);
    expect(after.audits).toBe(before.audits + 1);
    expect((await server.gql(GET, { id: target.id })).data.target).toBeNull();
  });
});

describe('attainment 完成情况', () => {
  it('moves when a visit is logged through the API', async () => {
    const today = todayIn();
    const target = (await must(SET, { input: { metric: 'VISITS', periodKind: 'DAY', periodStart: today, userId: rep, value: '3' } })).setTarget.target;
    const customer = (await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
      input: { name: '目标测试走访客户', uscc: testUscc(82001), kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: station, responsibleRepId: rep },
    })).createCustomer.customer.id;
    const before = (await must(GET, { id: target.id })).target.attained;
    const repToken = bearer(await server.login('rep'));
    await must(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
      input: { customerId: customer, channel: 'PHONE', purpose: 'DEVELOPMENT', occurredAt: new Date(Date.now() - 60_000).toISOString(), outcome: '电话拜访：客户同意下周面谈' },
    }, repToken);
    const after = (await must(GET, { id: target.id })).target;
    expect(Number(after.attained)).toBe(Number(before) + 1);
    expect(after.attainmentPercent).toBe(yuan((BigInt(after.attained) * 20000n + 3n) / 6n));
  });

  it('moves when a payment is recorded through the API, for the station and its branch', async () => {
    const today = todayIn();
    const stationTarget = (await must(SET, { input: { metric: 'AMOUNT_COLLECTED', periodKind: 'DAY', periodStart: today, orgUnitId: station, value: '10000.00' } })).setTarget.target;
    const branchTarget = (await must(SET, { input: { metric: 'AMOUNT_COLLECTED', periodKind: 'DAY', periodStart: today, orgUnitId: branch.id, value: '10000.00' } })).setTarget.target;
    const customer = (await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
      input: { name: '目标测试缴费客户', uscc: testUscc(82002), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId: station, responsibleRepId: rep },
    })).createCustomer.customer.id;
    const account = (await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
      input: { customerId: customer, accountNumber: '88990011223344', orgUnitId: station, address: '贵阳市南明区目标路1号' },
    })).addServiceAccount.serviceAccount.id;
    const before = await Promise.all([stationTarget, branchTarget].map(async (t) => (await must(GET, { id: t.id })).target.attained));
    await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
      input: { serviceAccountId: account, amount: '1234.56', channel: 'WECHAT_PAY', paidAt: new Date(Date.now() - 60_000).toISOString(), idempotencyKey: `target-pay-${Date.now()}` },
    });
    const after = await Promise.all([stationTarget, branchTarget].map(async (t) => (await must(GET, { id: t.id })).target.attained));
    expect(after.map((v, i) => yuan(fen(v) - fen(before[i]!)))).toEqual(['1234.56', '1234.56']);
  });

  it('is BEHIND when less is attained than the elapsed share of the period asks for, ON_TRACK otherwise', async () => {
    const lastMonth = periodOf(PeriodKind.MONTH, addDays(month(), -1));
    const past = (await must(SET, { input: { metric: 'NEW_ACCOUNTS', periodKind: 'MONTH', periodStart: lastMonth.start, userId: collector, value: '5' } })).setTarget.target;
    expect(past).toMatchObject({ attained: '0', status: 'BEHIND', attainmentPercent: '0.00' });
    const nextMonth = periodOf(PeriodKind.MONTH, addDays(periodOf(PeriodKind.MONTH, todayIn()).end, 1));
    const future = (await must(SET, { input: { metric: 'NEW_ACCOUNTS', periodKind: 'MONTH', periodStart: nextMonth.start, userId: collector, value: '5' } })).setTarget.target;
    expect(future.status).toBe('ON_TRACK');
    const zero = (await must(SET, { input: { metric: 'NEW_ACCOUNTS', periodKind: 'MONTH', periodStart: lastMonth.start, orgUnitId: otherStation, value: '0' } })).setTarget.target;
    expect(zero).toMatchObject({ status: 'ON_TRACK', attainmentPercent: null });
  });

  it('judges status by the days before today: half a 30-day month gone asks for half the value', () => {
    const period = periodOf(PeriodKind.MONTH, '2026-11-01');
    expect(elapsedShare(period, '2026-11-01').toString()).toBe('0');
    expect(elapsedShare(period, '2026-11-16').toString()).toBe('0.5');
    expect(elapsedShare(period, '2026-12-01').toString()).toBe('1');
    const target = Object.assign(new Target(), { metric: 'AMOUNT_COLLECTED', value: '3000.000', periodKind: PeriodKind.MONTH, periodStart: period.start, periodEnd: period.end });
    expect(statusOf(target, '1500.00', '2026-11-16')).toBe('ON_TRACK');
    expect(statusOf(target, '1499.99', '2026-11-16')).toBe('BEHIND');
    const rate = Object.assign(new Target(), { metric: 'COLLECTION_RATE', value: '99.999', periodKind: PeriodKind.MONTH, periodStart: period.start, periodEnd: period.end });
    expect(statusOf(rate, '0.00', '2026-11-01')).toBe('ON_TRACK');
    expect(statusOf(rate, '99.99', '2026-11-16')).toBe('BEHIND');
    expect(statusOf(rate, '100.00', '2026-11-16')).toBe('ON_TRACK');
  });

  it('lists the targets behind in a subtree for the weekly review', async () => {
    const lastMonth = periodOf(PeriodKind.MONTH, addDays(month(), -1));
    const em = orm.em.fork();
    const gyPath = (await unitOf(server, 'lead.gy')).path;
    const behind = await targetsBehind(em, gyPath, lastMonth);
    const collectorTarget = behind.find((b) => b.subject.kind === 'USER' && b.subject.id === local(collector));
    expect(collectorTarget).toMatchObject({ metric: 'NEW_ACCOUNTS', value: '5', attained: '0' });
    expect(behind.some((b) => b.subject.kind === 'ORG_UNIT' && b.subject.id === local(otherStation))).toBe(false);
    const elsewhere = await targetsBehind(em, '/999999/', lastMonth);
    expect(elsewhere).toEqual([]);
  });

  it('names the people behind their week targets in the weekly review 周例会', async () => {
    const lastWeek = periodOf(PeriodKind.WEEK, addDays(periodOf(PeriodKind.WEEK, todayIn()).start, -1));
    await must(SET, { input: { metric: 'VISITS', periodKind: 'WEEK', periodStart: lastWeek.start, userId: collector, value: '500' } });
    await must(SET, { input: { metric: 'VISITS', periodKind: 'WEEK', periodStart: lastWeek.start, userId: rep, value: '0' } });
    const review = (await must(`query($weekOf: String, $unit: ID) { weeklyReview(weekOf: $weekOf, orgUnitId: $unit) { behindTarget { person { id } metric target } } }`, {
      weekOf: lastWeek.start,
      unit: branch.id,
    }, leadGy)).weeklyReview;
    expect(review.behindTarget).toContainEqual({ person: { id: collector }, metric: 'VISITS', target: '500.00' });
    expect(review.behindTarget.some((row: { person: { id: string } }) => row.person.id === rep)).toBe(false);
  });
});

describe('reading targets', () => {
  it('lists a subtree\'s targets with a filter and stable keyset pages', async () => {
    const all = (await must(LIST, { filter: { orgUnitId: branch.id, metric: 'AMOUNT_COLLECTED', periodKind: 'MONTH' }, first: 100 })).targets;
    expect(all.totalCount).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await must(LIST, { filter: { orgUnitId: branch.id, metric: 'AMOUNT_COLLECTED', periodKind: 'MONTH' }, first: 2, after })).targets;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    const byDate = (await must(LIST, { filter: { userId: rep, date: todayIn() }, first: 100 })).targets;
    expect(byDate.edges.length).toBeGreaterThan(0);
  });

  it('shows a rep only the targets of its station, and a station target\'s parent only to those who see the area', async () => {
    const repToken = bearer(await server.login('rep'));
    const mine = (await must(LIST, { first: 100 }, repToken)).targets;
    const units = new Set(mine.edges.map((e: { node: { orgUnit: { id: string } } }) => e.node.orgUnit.id));
    expect([...units]).toEqual([station]);
    const stationTarget = (await must(LIST, { filter: { orgUnitId: station, metric: 'AMOUNT_COLLECTED', periodKind: 'MONTH' }, first: 100 })).targets.edges
      .map((e: { node: { id: string } }) => e.node.id);
    const asRep = (await must(GET, { id: stationTarget.at(-1) }, repToken)).target;
    const asAdmin = (await must(GET, { id: stationTarget.at(-1) })).target;
    expect(asAdmin.parent).not.toBeNull();
    expect(asRep.parent).toBeNull();
  });

  it('refuses to filter by a unit outside the subtree, and finds no target of another branch by id', async () => {
    const outside = (await server.sql.query(`select u.org_unit_id from app_user u where u.id = $1`, [local(outsider)])).rows[0].org_unit_id;
    const res = await server.gql(LIST, { filter: { orgUnitId: toGlobalId('OrgUnit', outside) } }, leadGy);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.orgUnitId' }] });
    const theirs = (await must(SET, { input: setInput({ metric: 'ARREARS_REDUCED', userId: outsider, value: '100.00' }) })).setTarget.target;
    expect((await must(GET, { id: theirs.id }, leadGy)).target).toBeNull();
    expect((await must(GET, { id: theirs.id })).target.id).toBe(theirs.id);
  });

  it('reads attainment with a number of statements that does not grow with the rows', async () => {
    const query = `query($first: Int) { targets(first: $first, filter: { orgUnitId: "${branch.id}" }) { edges { node { id attained status unallocated children { id } parent { id } orgUnit { id } user { id } } } } }`;
    const small = await server.gqlCounted(query, { first: 3 });
    const large = await server.gqlCounted(query, { first: 30 });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.data.targets.edges.length).toBeGreaterThan(10);
    // attainment costs one readMetric per (metric, channel, period) on the page, not one per target
    const groups = new Set(
      (await server.sql.query(`select metric, coalesce(channel, ''), period_kind, period_start from target order by id desc limit 30`)).rows.map((r) => JSON.stringify(r)),
    ).size;
    expect(large.statements).toBeLessThanOrEqual(small.statements + 2 * groups);
  });
});
