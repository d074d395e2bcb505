/**
 * Consumption 用量 per calendar month from meter readings, and the daily
 * scan's swing alert 用量异常波动 (issue 8 item 2; DOMAIN.md "Customers":
 * a large rise or fall is flagged; seed 003 (4) 用气量升降变化幅度大的大客户
 * 列入重点跟踪): hand-computed month values (interpolated month ends, a meter
 * replaced mid-month), per-customer sums per unit, and thresholds at their
 * boundaries — exactly the threshold raises nothing, just above it does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthEnd, shiftMonth } from '../../server/src/modules/meters/meter.consumption.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { gqlData, testUscc } from '../support/fixtures.js';

const INSTALL = `mutation($input: InstallMeterInput!) { installMeter(input: $input) { meter { id serial } } }`;
const BATCH = `mutation($input: RecordMeterReadingsInput!) { recordMeterReadings(input: $input) { createdCount rejectedCount results { error { message } } } }`;
const REMOVE = `mutation($input: RemoveMeterInput!) { removeMeter(input: $input) { meter { id } } }`;
const RUN = `mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow } }`;
const ACCOUNT_CONSUMPTION = `query($id: ID!, $from: String!, $to: String!) { node(id: $id) { ... on ServiceAccount { consumption(from: $from, to: $to) { month quantity unit } } } }`;

let server: TestServer;
let station: string;
let repId: string;
let n = 0;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function customer(tier = 'KEY', utility = 'GAS'): Promise<string> {
  n += 1;
  return (
    await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
      input: { name: `用量测试客户${n}`, uscc: testUscc(93000 + n), kind: 'INDUSTRIAL', utility, tier, status: 'ACTIVE', orgUnitId: station, responsibleRepId: repId },
    })
  ).createCustomer.customer.id;
}

async function account(customerId: string, utility = 'GAS'): Promise<string> {
  n += 1;
  return (
    await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
      input: { customerId, accountNumber: `66443322${String(n).padStart(6, '0')}`, orgUnitId: station, address: '贵阳市观山湖区用量路8号', utility },
    })
  ).addServiceAccount.serviceAccount.id;
}

async function install(serviceAccountId: string, installedOn: string, initialReading = '1000'): Promise<string> {
  n += 1;
  return (await must(INSTALL, { input: { serviceAccountId, model: '涡轮流量计', serial: `CSM${String(n).padStart(6, '0')}`, installedOn, calibrationIntervalMonths: 24, initialReading } })).installMeter
    .meter.id;
}

async function read(meterId: string, readings: Array<[string, string]>) {
  const res = (await must(BATCH, { input: { readings: readings.map(([readOn, value]) => ({ meterId, readOn, value, source: 'AMR' })) } })).recordMeterReadings;
  expect(res.rejectedCount, JSON.stringify(res.results)).toBe(0);
}

/** A new account of a new customer whose meter reads `quantities` in the months from `first` on (read on each month's last day). */
async function monthly(tier: string, first: string, quantities: string[]): Promise<{ customer: string; account: string; localId: number }> {
  const c = await customer(tier);
  const acc = await account(c);
  const meterId = await install(acc, monthEnd(shiftMonth(first, -1)));
  // Registers in whole thousandths (exact integers), from 1000.000.
  let register = 1_000_000;
  const milli = (q: string) => {
    const [whole, fraction = ''] = q.split('.');
    return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  };
  const text = (m: number) => `${Math.floor(m / 1000)}.${String(m % 1000).padStart(3, '0')}`;
  await read(meterId, quantities.map((q, i) => [monthEnd(shiftMonth(first, i)), text((register += milli(q)))]));
  return { customer: c, account: acc, localId: Number(Buffer.from(acc, 'base64url').toString().split(':')[1]) };
}

async function consumptionOf(accountId: string, from: string, to: string) {
  return (await must(ACCOUNT_CONSUMPTION, { id: accountId, from, to })).node.consumption.map((m: any) => [m.month, m.quantity]);
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  repId = await userIdOf(server, 'rep');
});
afterAll(() => server?.close());

describe('consumption per month', () => {
  it('takes month-end registers, interpolated linearly between readings, and leaves a month out until it is complete', async () => {
    const acc = await account(await customer());
    const meter = await install(acc, '2025-01-31', '1000');
    await read(meter, [['2025-02-28', '1280'], ['2025-04-10', '1580']]);
    // March ends 31 of the 41 days between the readings: 1280 + 300 × 31/41 = 1506.829 (half up).
    expect(await consumptionOf(acc, '2025-01', '2025-12')).toEqual([['2025-02', '280.000'], ['2025-03', '226.829']]);
    await read(meter, [['2025-05-31', '1880']]);
    // April ends 20 of the 51 days from 10 April to 31 May: 1580 + 300 × 20/51 = 1697.647.
    expect(await consumptionOf(acc, '2025-01', '2025-12')).toEqual([
      ['2025-02', '280.000'], ['2025-03', '226.829'], ['2025-04', '190.818'], ['2025-05', '182.353'],
    ]);
    expect(await consumptionOf(acc, '2025-04', '2025-04')).toEqual([['2025-04', '190.818']]);
    const { rows } = await server.sql.query(`select sum(quantity)::text as total from consumption_month where service_account_id = $1`, [Number(Buffer.from(acc, 'base64url').toString().split(':')[1])]);
    expect(rows[0].total).toBe('880.000');
  });

  it('adds the old and the new meter in the month of a replacement 换表', async () => {
    const acc = await account(await customer());
    const old = await install(acc, '2025-01-31', '100');
    await read(old, [['2025-02-28', '200']]);
    await must(REMOVE, { input: { meterId: old, removedOn: '2025-03-15', finalReading: '260', reason: '换表' } });
    const replacement = await install(acc, '2025-03-15', '0');
    await read(replacement, [['2025-03-31', '50']]);
    expect(await consumptionOf(acc, '2025-01', '2025-12')).toEqual([['2025-02', '100.000'], ['2025-03', '110.000']]);
  });

  it("sums a customer's accounts per month and unit", async () => {
    const c = await customer('KEY', 'GAS');
    const gasA = await account(c, 'GAS');
    const gasB = await account(c, 'GAS');
    const power = await account(c, 'POWER');
    await read(await install(gasA, '2025-05-31', '0'), [['2025-06-30', '100.5'], ['2025-07-31', '300']]);
    await read(await install(gasB, '2025-05-31', '10'), [['2025-06-30', '20.25']]);
    await read(await install(power, '2025-05-31', '0'), [['2025-06-30', '5000']]);
    const data = await must(`query($id: ID!) { customer(id: $id) { consumption(from: "2025-06", to: "2025-07") { month unit quantity accounts } } }`, { id: c });
    expect(data.customer.consumption).toEqual([
      { month: '2025-06', unit: 'KWH', quantity: '5000.000', accounts: 1 },
      { month: '2025-06', unit: 'M3', quantity: '110.750', accounts: 2 },
      { month: '2025-07', unit: 'M3', quantity: '199.500', accounts: 1 },
    ]);
  });

  it("stores the demo data's consumption exactly as its month-end readings give it, recomputed from scratch in SQL", async () => {
    const { rows } = await server.sql.query(`
      with demo as (select m.id, m.service_account_id from meter m where m.serial ~ '^(RQ|DB)[0-9]{10}$'),
      scratch as (
        select d.service_account_id, date_trunc('month', r.read_on)::date as month,
               r.value - lag(r.value) over (partition by r.meter_id order by r.read_on) as quantity
        from demo d join meter_reading r on r.meter_id = d.id),
      expected as (select * from scratch where quantity is not null),
      stored as (select cm.service_account_id, cm.month, cm.quantity from consumption_month cm where cm.service_account_id in (select service_account_id from demo))
      select (select count(*)::int from expected) as expected, (select count(*)::int from stored) as stored,
             (select count(*)::int from (select * from expected except select * from stored) x) as missing,
             (select count(*)::int from (select * from stored except select * from expected) x) as extra`);
    expect(rows[0].expected).toBeGreaterThan(0);
    expect(rows[0]).toEqual({ expected: rows[0].expected, stored: rows[0].expected, missing: 0, extra: 0 });
  });

  it('refuses a month range that is not YYYY-MM or runs backwards', async () => {
    const acc = await account(await customer());
    const bad = await server.gql(ACCOUNT_CONSUMPTION, { id: acc, from: '2025-13', to: '2025-12' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await server.gql(ACCOUNT_CONSUMPTION, { id: acc, from: '2025-06', to: '2025-05' });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to', message: expect.any(String) }] });
  });
});

describe('swing alerts 用量异常波动 in the daily scan', () => {
  // The scan of 2026-06-15 judges May 2026 against May 2025 and the average of February–April 2026.
  const SCAN_DATE = '2026-06-15';
  const flat = (q: string, count: number) => Array.from({ length: count }, () => q);
  /** May 2025 … May 2026: last year's May, nine months, Feb–Apr, and this May. */
  const year = (lastMay: string, trailing: string, may: string) => [lastMay, ...flat(trailing, 8), trailing, trailing, trailing, may];
  let accounts: Record<string, { customer: string; account: string; localId: number }>;

  const swings = async (name: string) =>
    (await server.sql.query(`select message, amount, severity, dedupe_key from alert where kind = 'CONSUMPTION_SWING' and service_account_id = $1`, [accounts[name]!.localId])).rows;

  beforeAll(async () => {
    accounts = {
      // KEY: 30 %. Against last year's May (the trailing average equals this May).
      riseExact: await monthly('KEY', '2025-05', year('100', '130', '130')),
      riseAbove: await monthly('KEY', '2025-05', year('100', '130.001', '130.001')),
      fallExact: await monthly('KEY', '2025-05', year('100', '70', '70')),
      fallAbove: await monthly('KEY', '2025-05', year('100', '69.999', '69.999')),
      // Against the trailing 3-month average only (no reading a year back).
      trailingExact: await monthly('KEY', '2026-02', ['100', '100', '100', '130']),
      trailingAbove: await monthly('KEY', '2026-02', ['100', '100', '100', '130.001']),
      zeroBase: await monthly('KEY', '2026-02', ['0', '0', '0', '50']),
      // STRATEGIC: 20 %.
      strategicAbove: await monthly('STRATEGIC', '2026-02', ['100', '100', '100', '120.001']),
      strategicExact: await monthly('STRATEGIC', '2026-02', ['100', '100', '100', '80']),
      // Moves 25 %: under KEY's 30 %, over it once KEY is set to 25 % − a hair.
      laterKey: await monthly('KEY', '2026-02', ['100', '100', '100', '125']),
    };
  }, 120_000);

  it('raises nothing at exactly the threshold and an alert just above it, rising or falling, in the alert stream', async () => {
    const [{ seq }] = (await server.sql.query(`select coalesce(max(seq), 0)::text as seq from alert`)).rows;
    const lead = server.ws({ authorization: `Bearer ${await server.login('lead')}` });
    const stream = subscribe(lead, `subscription($since: ID) { arrearsAlerts(since: $since, filter: { kinds: [CONSUMPTION_SWING] }) { seq alert { kind serviceAccount { id } message } } }`, { since: seq });
    expect((await must(RUN, { input: { date: SCAN_DATE } })).runDailyScan.ranNow).toBe(true);

    for (const name of ['riseExact', 'fallExact', 'trailingExact', 'zeroBase', 'strategicExact', 'laterKey']) expect(await swings(name), name).toEqual([]);
    const [rise] = await swings('riseAbove');
    expect(rise).toMatchObject({ amount: null, severity: 'WARNING', dedupe_key: `CONSUMPTION_SWING:sa:${accounts.riseAbove!.localId}:2026-05` });
    expect(rise.message).toContain('2026-05');
    expect(rise.message).toContain('较去年同期上升 30.0%');
    const [fall] = await swings('fallAbove');
    expect(fall.message).toContain('较去年同期下降 30.0%');
    expect((await swings('trailingAbove'))[0].message).toContain('较前三个月平均上升 30.0%');
    expect((await swings('strategicAbove'))[0].message).toContain('超过阈值 20.00%');

    const raised = ['riseAbove', 'fallAbove', 'trailingAbove', 'strategicAbove'].map((name) => accounts[name]!.account).sort();
    const pushes = await stream.waitFor(raised.length);
    expect(pushes.map((p) => p.data.arrearsAlerts.alert.serviceAccount.id).filter((id: string) => raised.includes(id)).sort()).toEqual(raised);

    const board = await must(`{ alerts(first: 100, filter: { kinds: [CONSUMPTION_SWING] }) { edges { node { serviceAccount { id } } } } }`, {}, bearer(await server.login('rep')));
    expect(board.alerts.edges.map((e: any) => e.node.serviceAccount.id)).toEqual(expect.arrayContaining(raised));
  }, 60_000);

  it('raises an account and month once, however often the scan runs', async () => {
    await must(RUN, { input: { date: '2026-06-16' } });
    expect(await swings('riseAbove')).toHaveLength(1);
    await server.sql.query(`update alert set resolved_at = now(), resolution_note = '已回访' where kind = 'CONSUMPTION_SWING' and service_account_id = $1`, [accounts.riseAbove!.localId]);
    await must(RUN, { input: { date: '2026-06-17' } });
    expect(await swings('riseAbove')).toHaveLength(1);
  }, 60_000);

  it('uses the thresholds an admin sets, and only an admin may set them', async () => {
    const update = `mutation($input: UpdateConsumptionSwingThresholdsInput!) { updateConsumptionSwingThresholds(input: $input) { thresholds { tier percent isDefault } } }`;
    const denied = await server.gql(update, { input: { thresholds: [{ tier: 'KEY', percent: '24.99' }] } }, bearer(await server.login('lead')));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const before = (await server.sql.query(`select count(*)::int as n from consumption_swing_threshold`)).rows[0].n;
    const bad = await server.gql(update, { input: { thresholds: [{ tier: 'KEY', percent: '0.00' }] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'thresholds.0.percent', message: expect.any(String) }] });
    expect((await server.sql.query(`select count(*)::int as n from consumption_swing_threshold`)).rows[0].n).toBe(before);

    const set = (await must(update, { input: { thresholds: [{ tier: 'KEY', percent: '24.99' }] } })).updateConsumptionSwingThresholds.thresholds;
    expect(set).toEqual(expect.arrayContaining([{ tier: 'KEY', percent: '24.99', isDefault: false }, { tier: 'STRATEGIC', percent: '20.00', isDefault: true }]));
    const read = await must(`{ consumptionSwingThresholds { tier percent } }`, {}, bearer(await server.login('viewer')));
    expect(read.consumptionSwingThresholds).toContainEqual({ tier: 'KEY', percent: '24.99' });
    await must(RUN, { input: { date: '2026-06-18' } });
    expect((await swings('laterKey'))[0].message).toContain('较前三个月平均上升 25.0%');
    const { rows } = await server.sql.query(`select action from audit_entry where entity_type = 'ConsumptionSwingThreshold'`);
    expect(rows).toEqual([{ action: 'consumption_swing_threshold.update' }]);
  }, 60_000);
});
