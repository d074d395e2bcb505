/**
 * Meters 计量仪表 (issue 8 item 1; DOMAIN.md "Facilities and safety"; seed 003
 * 计量仪表周检档案): installing with an initial reading, calibration 周检 and
 * its due status at the boundaries, readings validated (lower value, earlier
 * day, duplicate) with nothing written on refusal, partner batches with
 * per-item results, the customer's timeline, and scoping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../server/src/calendar.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { addMonths } from '../../server/src/modules/meters/meter.service.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiKeyHeader, bearer, createKey, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { gqlData, localId, testUscc } from '../support/fixtures.js';

const INSTALL = `mutation($input: InstallMeterInput!) { installMeter(input: $input) {
  meter { id serial model unit installedOn nextCalibrationDue calibrationIntervalMonths calibrationStatus installedBy { login }
          latestReading { readOn value source } serviceAccount { id } } } }`;
const CALIBRATE = `mutation($input: RecordCalibrationInput!) { recordCalibration(input: $input) {
  calibration { id calibratedOn result certificateReference nextDueAfter calibratedBy { login } } meter { id nextCalibrationDue calibrationStatus } } }`;
const READ = `mutation($input: RecordMeterReadingInput!) { recordMeterReading(input: $input) { duplicate reading { id readOn value source meter { id } } } }`;
const BATCH = `mutation($input: RecordMeterReadingsInput!) { recordMeterReadings(input: $input) {
  createdCount duplicateCount rejectedCount results { index status reading { id readOn value } error { code message fields { field message } } } } }`;
const REMOVE = `mutation($input: RemoveMeterInput!) { removeMeter(input: $input) { meter { id removedOn removalReason calibrationStatus } } }`;

const today = todayIn();
let server: TestServer;
let station: string;
let repId: string;
let n = 0;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);


async function account(utility = 'GAS', orgUnitId = station, rep: string | null = repId): Promise<{ customer: string; account: string }> {
  n += 1;
  const customer = (
    await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
      input: { name: `计量测试大客户${n}`, uscc: testUscc(82000 + n), kind: 'INDUSTRIAL', utility, tier: 'KEY', status: 'ACTIVE', orgUnitId, responsibleRepId: rep },
    })
  ).createCustomer.customer.id as string;
  const acc = (
    await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
      input: { customerId: customer, accountNumber: `55443322${String(n).padStart(6, '0')}`, orgUnitId, address: '贵阳市云岩区计量路1号', utility },
    })
  ).addServiceAccount.serviceAccount.id as string;
  return { customer, account: acc };
}

async function install(serviceAccountId: string, extra: Record<string, unknown> = {}) {
  n += 1;
  return (
    await must(INSTALL, {
      input: { serviceAccountId, model: '罗茨流量计 G100', serial: `TST${String(n).padStart(6, '0')}`, installedOn: '2025-01-31', calibrationIntervalMonths: 24, initialReading: '1000.000', ...extra },
    })
  ).installMeter.meter;
}

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from meter) as meters, (select count(*)::int from meter_reading) as readings,
    (select count(*)::int from meter_calibration) as calibrations, (select count(*)::int from consumption_month) as months,
    (select count(*)::int from audit_entry) as audits, (select count(*)::int from domain_event) as events`);
  return rows[0];
}

async function refused(query: string, input: Record<string, unknown>, code: string, headers?: Record<string, string>) {
  const before = await counts();
  const res = await server.gql(query, { input }, headers);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
  expect(await counts()).toEqual(before);
  return res.errors![0]!.extensions!.fields as Array<{ field: string; message: string }> | undefined;
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  repId = await userIdOf(server, 'rep');
});
afterAll(() => server?.close());

describe('installing a meter', () => {
  it('installs a meter with its unit from the utility, its initial reading and a due date one interval on, audited and announced', async () => {
    const { account: acc, customer } = await account('GAS');
    const meter = await install(acc);
    expect(meter).toMatchObject({
      unit: 'M3', installedOn: '2025-01-31', nextCalibrationDue: '2027-01-31', calibrationIntervalMonths: 24, installedBy: { login: 'admin' },
      latestReading: { readOn: '2025-01-31', value: '1000.000', source: 'MANUAL' }, serviceAccount: { id: acc },
    });
    const power = await install((await account('POWER')).account);
    expect(power.unit).toBe('KWH');
    const { rows: audits } = await server.sql.query(`select action from audit_entry where entity_type = 'Meter' and entity_id = $1`, [localId(meter.id)]);
    expect(audits).toEqual([{ action: 'meter.install' }]);
    const { rows: events } = await server.sql.query(`select kind, payload->'changedFields' as fields from domain_event where kind like 'meter.%' and customer_id = $1`, [localId(customer)]);
    expect(events).toEqual([{ kind: 'meter.installed', fields: ['meters'] }]);
    const read = await must(`query($id: ID!) { node(id: $id) { ... on ServiceAccount { meters { id serial } } } }`, { id: acc });
    expect(read.node.meters).toEqual([{ id: meter.id, serial: meter.serial }]);
  });

  it('refuses a serial already in use with CONFLICT and writes nothing', async () => {
    const { account: acc } = await account();
    const first = await install(acc);
    await refused(INSTALL, { serviceAccountId: acc, model: 'G100', serial: first.serial, installedOn: '2025-01-31', calibrationIntervalMonths: 24, initialReading: '0' }, 'CONFLICT');
  });

  it('refuses an install day in the future, a negative register and an interval out of range, writing nothing', async () => {
    const { account: acc } = await account();
    const base = { serviceAccountId: acc, model: 'G100', serial: 'TSTBAD0001', installedOn: '2025-01-31', calibrationIntervalMonths: 24, initialReading: '0' };
    expect(await refused(INSTALL, { ...base, installedOn: addDays(today, 1) }, 'BAD_USER_INPUT')).toEqual([{ field: 'installedOn', message: expect.stringContaining('future') }]);
    expect(await refused(INSTALL, { ...base, initialReading: '-1' }, 'BAD_USER_INPUT')).toEqual([{ field: 'initialReading', message: expect.any(String) }]);
    expect(await refused(INSTALL, { ...base, calibrationIntervalMonths: 0 }, 'BAD_USER_INPUT')).toEqual([{ field: 'calibrationIntervalMonths', message: expect.any(String) }]);
  });
});

describe('calibration 周检', () => {
  it('says OVERDUE from the day after the due day, DUE_SOON from the due day back to 30 days before it, OK before that', async () => {
    const { account: acc } = await account();
    const status = async (due: string) => (await install(acc, { nextCalibrationDue: due, installedOn: '2020-01-01' })).calibrationStatus;
    expect(await status(addDays(today, -1))).toBe('OVERDUE');
    expect(await status(today)).toBe('DUE_SOON');
    expect(await status(addDays(today, 30))).toBe('DUE_SOON');
    expect(await status(addDays(today, 31))).toBe('OK');
  });

  it('lists meters due on or before a day and by status, most urgent first', async () => {
    const { account: acc } = await account();
    const overdue = await install(acc, { nextCalibrationDue: addDays(today, -10), installedOn: '2020-01-01' });
    const soon = await install(acc, { nextCalibrationDue: addDays(today, 5), installedOn: '2020-01-01' });
    const later = await install(acc, { nextCalibrationDue: addDays(today, 200), installedOn: '2020-01-01' });
    const list = async (filter: Record<string, unknown>) =>
      (await must(`query($f: MeterFilter) { meters(first: 100, filter: $f) { totalCount edges { node { id calibrationStatus } } } }`, { f: { serviceAccountId: acc, ...filter } })).meters;
    expect((await list({})).edges.map((e: any) => e.node.id)).toEqual([overdue.id, soon.id, later.id]);
    expect((await list({ calibrationDueBefore: addDays(today, 5) })).edges.map((e: any) => e.node.id)).toEqual([overdue.id, soon.id]);
    expect((await list({ calibrationStatuses: ['DUE_SOON', 'OK'] })).edges.map((e: any) => [e.node.id, e.node.calibrationStatus])).toEqual([[soon.id, 'DUE_SOON'], [later.id, 'OK']]);
    const firstPage = await must(`query($f: MeterFilter) { meters(first: 2, filter: $f) { pageInfo { endCursor hasNextPage } edges { node { id } } } }`, { f: { serviceAccountId: acc } });
    expect(firstPage.meters.pageInfo.hasNextPage).toBe(true);
    const next = await must(`query($f: MeterFilter, $after: String) { meters(first: 2, after: $after, filter: $f) { edges { node { id } } } }`, { f: { serviceAccountId: acc }, after: firstPage.meters.pageInfo.endCursor });
    expect(next.meters.edges.map((e: any) => e.node.id)).toEqual([later.id]);
  });

  it('moves the due date by the interval on PASSED and ADJUSTED, keeps it on FAILED, and keeps the history', async () => {
    const { account: acc } = await account();
    const meter = await install(acc, { installedOn: '2024-03-31', calibrationIntervalMonths: 12, nextCalibrationDue: addDays(today, -3) });
    expect(meter.calibrationStatus).toBe('OVERDUE');
    const failed = (await must(CALIBRATE, { input: { meterId: meter.id, calibratedOn: addDays(today, -2), result: 'FAILED', certificateReference: 'JD-F-1' } })).recordCalibration;
    expect(failed.meter).toMatchObject({ nextCalibrationDue: addDays(today, -3), calibrationStatus: 'OVERDUE' });
    const passed = (await must(CALIBRATE, { input: { meterId: meter.id, calibratedOn: addDays(today, -1), result: 'ADJUSTED', certificateReference: 'JD-A-2', note: '调整后合格' } })).recordCalibration;
    expect(passed.calibration).toMatchObject({ result: 'ADJUSTED', nextDueAfter: addMonths(addDays(today, -1), 12), calibratedBy: { login: 'admin' } });
    expect(passed.meter).toMatchObject({ nextCalibrationDue: addMonths(addDays(today, -1), 12), calibrationStatus: 'OK' });
    const history = await must(`query($id: ID!) { node(id: $id) { ... on Meter { calibrations { certificateReference result } } } }`, { id: meter.id });
    expect(history.node.calibrations).toEqual([{ certificateReference: 'JD-A-2', result: 'ADJUSTED' }, { certificateReference: 'JD-F-1', result: 'FAILED' }]);
  });

  it('refuses a calibration before the previous one or in the future, writing nothing', async () => {
    const { account: acc } = await account();
    const meter = await install(acc, { installedOn: '2024-03-31' });
    await must(CALIBRATE, { input: { meterId: meter.id, calibratedOn: '2025-06-01', result: 'PASSED', certificateReference: 'JD-1' } });
    expect(await refused(CALIBRATE, { meterId: meter.id, calibratedOn: '2025-05-31', result: 'PASSED', certificateReference: 'JD-2' }, 'BAD_USER_INPUT')).toEqual([
      { field: 'calibratedOn', message: expect.stringContaining('previous calibration') },
    ]);
    await refused(CALIBRATE, { meterId: meter.id, calibratedOn: addDays(today, 1), result: 'PASSED', certificateReference: 'JD-3' }, 'BAD_USER_INPUT');
  });
});

describe('readings', () => {
  it('records a reading and refuses a lower value, an earlier day and another value on a day already read, writing nothing', async () => {
    const { account: acc } = await account();
    const meter = await install(acc);
    const ok = (await must(READ, { input: { meterId: meter.id, readOn: '2025-02-28', value: '1500.5', source: 'AMR' } })).recordMeterReading;
    expect(ok).toMatchObject({ duplicate: false, reading: { readOn: '2025-02-28', value: '1500.500', source: 'AMR', meter: { id: meter.id } } });
    expect(await refused(READ, { meterId: meter.id, readOn: '2025-03-31', value: '1500.499' }, 'BAD_USER_INPUT')).toEqual([
      { field: 'value', message: expect.stringContaining('lower than the previous reading 1500.500') },
    ]);
    expect(await refused(READ, { meterId: meter.id, readOn: '2025-02-27', value: '1600' }, 'BAD_USER_INPUT')).toEqual([
      { field: 'readOn', message: expect.stringContaining('before the previous reading (2025-02-28)') },
    ]);
    expect(await refused(READ, { meterId: meter.id, readOn: '2025-02-28', value: '1600' }, 'CONFLICT')).toEqual([{ field: 'value', message: expect.stringContaining('1500.500') }]);
    expect(await refused(READ, { meterId: meter.id, readOn: addDays(today, 1), value: '1600' }, 'BAD_USER_INPUT')).toEqual([{ field: 'readOn', message: expect.stringContaining('future') }]);
  });

  it('answers the same meter, day and value again as a duplicate without writing', async () => {
    const { account: acc } = await account();
    const meter = await install(acc);
    const first = (await must(READ, { input: { meterId: meter.id, readOn: '2025-02-28', value: '1200' } })).recordMeterReading;
    const before = await counts();
    const again = (await must(READ, { input: { meterId: meter.id, readOn: '2025-02-28', value: '1200.000' } })).recordMeterReading;
    expect(again).toMatchObject({ duplicate: true, reading: { id: first.reading.id } });
    expect(await counts()).toEqual(before);
  });

  it('judges a partner batch item by item: created, duplicate and rejected, by meter ID or serial', async () => {
    const { account: acc } = await account();
    const meter = await install(acc);
    const key = await createKey(server, ['CUSTOMERS_READ', 'METERS_WRITE'], (await unitOf(server, 'lead.gy')).id);
    const input = {
      readings: [
        { meterId: meter.id, readOn: '2025-02-28', value: '1100', source: 'AMR' },
        { serial: meter.serial, readOn: '2025-03-31', value: '1250', source: 'AMR' },
        { meterId: meter.id, readOn: '2025-03-15', value: '1300', source: 'AMR' },
        { meterId: meter.id, readOn: '2025-04-30', value: '1200', source: 'AMR' },
        { serial: 'NOSUCHMETER', readOn: '2025-04-30', value: '1', source: 'AMR' },
      ],
    };
    const result = (await must(BATCH, { input }, apiKeyHeader(key.secret))).recordMeterReadings;
    expect(result).toMatchObject({ createdCount: 2, duplicateCount: 0, rejectedCount: 3 });
    expect(result.results.map((r: any) => [r.index, r.status, r.error?.code ?? null, r.error?.fields[0]?.field ?? null])).toEqual([
      [0, 'CREATED', null, null],
      [1, 'CREATED', null, null],
      [2, 'REJECTED', 'BAD_USER_INPUT', 'readings.2.readOn'],
      [3, 'REJECTED', 'BAD_USER_INPUT', 'readings.3.value'],
      [4, 'REJECTED', 'NOT_FOUND', 'readings.4.serial'],
    ]);
    const retry = (await must(BATCH, { input: { readings: input.readings.slice(0, 2) } }, apiKeyHeader(key.secret))).recordMeterReadings;
    expect(retry).toMatchObject({ createdCount: 0, duplicateCount: 2, rejectedCount: 0 });
    expect(retry.results.map((r: any) => r.reading.id)).toEqual(result.results.slice(0, 2).map((r: any) => r.reading.id));
    const { rows } = await server.sql.query(`select recorded_by_id from meter_reading where meter_id = $1 and read_on = '2025-02-28'`, [localId(meter.id)]);
    expect(rows).toEqual([{ recorded_by_id: null }]);
  });

  it('lets exactly one of two concurrent readings of a meter and day with different values through', async () => {
    const { account: acc } = await account();
    const meter = await install(acc);
    const results = await Promise.all(['1100', '1200'].map((value) => server.gql(READ, { input: { meterId: meter.id, readOn: '2025-02-28', value } })));
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    const { rows } = await server.sql.query(`select count(*)::int as n from meter_reading where meter_id = $1 and read_on = '2025-02-28'`, [localId(meter.id)]);
    expect(rows[0].n).toBe(1);
  });

  it('starts a replacement meter anywhere: only readings of the same meter must not go down', async () => {
    const { account: acc } = await account();
    const old = await install(acc);
    await must(READ, { input: { meterId: old.id, readOn: '2025-02-28', value: '5000' } });
    const removed = (await must(REMOVE, { input: { meterId: old.id, removedOn: '2025-03-15', finalReading: '5600', reason: '周检不合格换表' } })).removeMeter.meter;
    expect(removed).toMatchObject({ removedOn: '2025-03-15', removalReason: '周检不合格换表', calibrationStatus: null });
    const replacement = await install(acc, { installedOn: '2025-03-15', initialReading: '0' });
    expect(replacement.latestReading.value).toBe('0.000');
    await refused(READ, { meterId: old.id, readOn: '2025-03-31', value: '6000' }, 'CONFLICT');
  });
});

describe('reading meters', () => {
  it('filters by customer and by serving org unit', async () => {
    const { account: acc, customer } = await account();
    const meter = await install(acc);
    const byCustomer = await must(`query($c: ID!) { meters(first: 10, filter: { customerId: $c }) { totalCount edges { node { id } } } }`, { c: customer });
    expect(byCustomer.meters).toEqual({ totalCount: 1, edges: [{ node: { id: meter.id } }] });
    const gy = await unitOf(server, 'lead.gy');
    const { rows } = await server.sql.query(`select id from org_unit where kind = 'STATION' and path not like $1 || '%' order by id limit 1`, [gy.path]);
    const elsewhere = await must(`query($o: ID!, $c: ID!) { meters(first: 10, filter: { orgUnitId: $o, customerId: $c }) { totalCount } }`, { o: toGlobalId('OrgUnit', rows[0].id), c: customer });
    expect(elsewhere.meters.totalCount).toBe(0);
  });

  it('costs the same number of SQL statements for 3 meters as for 12, with their accounts, readings, calibrations and installers', async () => {
    const query = `query($n: Int!, $a: ID!) { meters(first: $n, filter: { serviceAccountId: $a }) { edges { node { id calibrationStatus serviceAccount { accountNumber }
      installedBy { login } latestReading { value } readings(last: 3) { readOn } calibrations { result calibratedBy { login } } } } } }`;
    const { account: acc } = await account();
    for (let i = 0; i < 12; i++) {
      const meter = await install(acc);
      if (i % 3 === 0) await must(CALIBRATE, { input: { meterId: meter.id, calibratedOn: '2025-03-01', result: 'PASSED', certificateReference: `JD-N-${i}` } });
    }
    const small = await server.gqlCounted(query, { n: 3, a: acc });
    const large = await server.gqlCounted(query, { n: 12, a: acc });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.data.meters.edges).toHaveLength(12);
    expect(large.statements).toBe(small.statements);
  });
});

describe('the timeline and scoping', () => {
  it("shows installation, calibration and removal in the customer's timeline", async () => {
    const { account: acc, customer } = await account();
    const meter = await install(acc, { installedOn: '2025-01-31' });
    await must(CALIBRATE, { input: { meterId: meter.id, calibratedOn: '2025-02-10', result: 'PASSED', certificateReference: 'JD-T' } });
    await must(REMOVE, { input: { meterId: meter.id, removedOn: '2025-03-01', finalReading: '1200', reason: '拆表' } });
    const data = await must(
      `query($id: ID!) { customer(id: $id) { timeline(first: 10, filter: { kinds: [METER_INSTALLED, METER_CALIBRATED, METER_REMOVED] }) {
         edges { node { kind occurredAt actor { login } subject { __typename ... on Meter { serial } ... on MeterCalibration { certificateReference } } } } } } }`,
      { id: customer },
    );
    expect(data.customer.timeline.edges.map((e: any) => [e.node.kind, e.node.occurredAt, e.node.subject.__typename])).toEqual([
      ['METER_REMOVED', '2025-02-28T16:00:00.000Z', 'Meter'],
      ['METER_CALIBRATED', '2025-02-09T16:00:00.000Z', 'MeterCalibration'],
      ['METER_INSTALLED', '2025-01-30T16:00:00.000Z', 'Meter'],
    ]);
    expect(data.customer.timeline.edges[2].node.actor).toEqual({ login: 'admin' });
  });

  it("hides another branch's meters: NOT_FOUND to write, absent from lists, null by node", async () => {
    const gy = await unitOf(server, 'lead.gy');
    const { rows } = await server.sql.query(`select id from org_unit where kind = 'STATION' and path not like $1 || '%' order by id limit 1`, [gy.path]);
    const { account: outside } = await account('GAS', toGlobalId('OrgUnit', rows[0].id), null);
    const meter = await install(outside);
    const lead = bearer(await server.login('lead.gy'));
    await refused(CALIBRATE, { meterId: meter.id, calibratedOn: '2025-02-10', result: 'PASSED', certificateReference: 'X' }, 'NOT_FOUND', lead);
    const collector = bearer(await server.login('collector'));
    await refused(READ, { meterId: meter.id, readOn: '2025-02-28', value: '2000' }, 'NOT_FOUND', collector);
    const listed = await must(`{ meters(first: 100, filter: { calibrationStatuses: [OK, DUE_SOON, OVERDUE] }) { edges { node { id } } } }`, {}, lead);
    expect(listed.meters.edges.map((e: any) => e.node.id)).not.toContain(meter.id);
    expect((await must(`query($id: ID!) { node(id: $id) { id } }`, { id: meter.id }, lead)).node).toBeNull();
  });
});
