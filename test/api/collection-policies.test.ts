/**
 * Collection policies 催收策略 (issue 6 item 3; DOMAIN.md "Receivables and
 * collection"; seed 002: 500元以上日监测, 每月至少扣款三次, 风险客户每五天催收一次):
 * the company's settings, and each rule of the daily scan at its boundary —
 * the monitoring threshold (500.00 vs 500.01), the N-th collection of a big
 * user, the risk customers' interval — without duplicates when run twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { addDays, todayIn } from '../../server/src/calendar.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { runCollectionPolicies } from '../../server/src/modules/worklists/worklist.scan.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, localId, testUscc } from '../support/fixtures.js';

const POLICY = `{ collectionPolicy { monitoringThreshold bigUserThresholds { utility threshold unit } bigUserCollectionsPerMonth riskCheckIntervalDays updatedAt updatedBy { login } } }`;
const UPDATE = `mutation($input: UpdateCollectionPolicyInput!) { updateCollectionPolicy(input: $input) {
  collectionPolicy { monitoringThreshold bigUserThresholds { utility threshold } bigUserCollectionsPerMonth riskCheckIntervalDays updatedAt updatedBy { login } } } }`;
const RUN = `mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow run { alertsRaised alertsResolved } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: string;
let leadId: string;
let seq = 0;

const today = todayIn();
/** The month before this one, and its number of days: the big-user rule is tested on a whole past month. */
const prevMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
const prevMonthDays = Number(addDays(`${today.slice(0, 7)}-01`, -1).slice(8, 10));
const day = (d: number) => `${prevMonth}-${String(d).padStart(2, '0')}`;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(consumption: string | null = null): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `催收策略测试用户${seq}`, uscc: testUscc(73000 + seq), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE',
      orgUnitId: station, estimatedMonthlyConsumption: consumption,
    },
  });
  return data.createCustomer.customer.id;
}

async function addAccount(customerId: string): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `5566778${String(seq).padStart(7, '0')}`, orgUnitId: station, address: '贵阳市南明区策略路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

async function bill(serviceAccountId: string, amount: string, dueOn = addDays(today, -10)) {
  seq += 1;
  await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: addDays(dueOn, -40), periodEnd: addDays(dueOn, -11), amount, dueOn, issuedOn: addDays(dueOn, -10), sourceSystem: '营财一体化系统', externalId: `POL-${seq}`, idempotencyKey: `pol-bill-${seq}` },
  });
}

async function pay(serviceAccountId: string, amount: string, paidAt: string) {
  seq += 1;
  await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId, amount, channel: 'WECHAT_PAY', paidAt, externalReference: `wx-pol-${seq}`, idempotencyKey: `pol-pay-${seq}` },
  });
}

async function collectionVisit(customerId: string, occurredOn: string, serviceAccountId: string | null = null): Promise<number> {
  const data = await must(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
    input: { customerId, serviceAccountId, channel: 'PHONE', purpose: 'COLLECTION', occurredAt: new Date(`${occurredOn}T10:00:00+08:00`).toISOString(), outcome: '电话催收，客户答应尽快缴费' },
  });
  return localId(data.logVisit.visit.id);
}

/** The collection-policy rules for `date`, as the daily scan runs them, in their own transaction. */
async function runPolicies(date: string) {
  return orm.em.fork().transactional((em) => runCollectionPolicies(em, date));
}

/** The whole daily scan of today (again, when it ran already). */
async function scanToday() {
  await server.sql.query(`delete from daily_scan_run where business_date = $1`, [today]);
  return (await must(RUN, { input: { date: today } })).runDailyScan;
}

async function itemsOf(customerId: string, kind?: string) {
  const { rows } = await server.sql.query(
    `select id, kind, status, to_char(due_on, 'YYYY-MM-DD') as "dueOn", service_account_id as "accountId", visit_id as "visitId", amount::text, close_note as "closeNote", dedupe_key as key
     from worklist_item where customer_id = $1 ${kind ? 'and kind = $2' : ''} order by id`,
    kind ? [localId(customerId), kind] : [localId(customerId)],
  );
  return rows;
}

async function overdueAlerts(itemId: number) {
  const { rows } = await server.sql.query(`select id, resolved_at as "resolvedAt", owner_id as "ownerId" from alert where dedupe_key = $1`, [`POLICY_VISIT_OVERDUE:item:${itemId}`]);
  return rows;
}

async function policyCounts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from collection_policy) as policies, (select count(*)::int from audit_entry) as audits,
    (select coalesce(max(updated_at)::text, '') from collection_policy) as updated`);
  return rows[0];
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  station = (await unitOf(server, 'rep')).id;
  const { rows } = await server.sql.query(`select id from app_user where login = 'lead'`);
  leadId = toGlobalId('User', rows[0].id);
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('the policy settings', () => {
  it("reads the articles' defaults while the company saved no policy", async () => {
    const { collectionPolicy } = await must(POLICY, {}, bearer(await server.login('collector')));
    expect(collectionPolicy).toEqual({
      monitoringThreshold: '500.00',
      bigUserThresholds: [
        { utility: 'POWER', threshold: '100000.00', unit: 'kWh' },
        { utility: 'GAS', threshold: '30000.00', unit: 'm³' },
        { utility: 'HEAT', threshold: '3000.00', unit: 'GJ' },
        { utility: 'FUEL', threshold: '100.00', unit: 't' },
        { utility: 'ENERGY_SERVICES', threshold: '100000.00', unit: 'kWh' },
      ],
      bigUserCollectionsPerMonth: 3,
      riskCheckIntervalDays: 5,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('lets an admin change some settings, keeps the others, and audits the change', async () => {
    const saved = (await must(UPDATE, { input: { bigUserCollectionsPerMonth: 4, bigUserThresholds: [{ utility: 'GAS', threshold: '50000.00' }] } })).updateCollectionPolicy.collectionPolicy;
    expect(saved).toMatchObject({ monitoringThreshold: '500.00', bigUserCollectionsPerMonth: 4, riskCheckIntervalDays: 5, updatedBy: { login: 'admin' } });
    expect(saved.bigUserThresholds.find((t: any) => t.utility === 'GAS').threshold).toBe('50000.00');
    expect(saved.bigUserThresholds.find((t: any) => t.utility === 'POWER').threshold).toBe('100000.00');
    const { rows } = await server.sql.query(`select before, after from audit_entry where action = 'collection_policy.update' order by id`);
    expect(rows).toHaveLength(1);
    expect(rows[0].before).toMatchObject({ bigUserCollectionsPerMonth: 3, bigUserThresholds: { GAS: '30000.00' } });
    expect(rows[0].after).toMatchObject({ bigUserCollectionsPerMonth: 4, bigUserThresholds: { GAS: '50000.00', POWER: '100000.00' } });
    // Back to the defaults for the rules below.
    await must(UPDATE, { input: { bigUserCollectionsPerMonth: 3, bigUserThresholds: [{ utility: 'GAS', threshold: '30000.00' }] } });
  });

  it('refuses settings out of range with the offending field and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ monitoringThreshold: '0.00' }, 'monitoringThreshold'],
      [{ monitoringThreshold: '10000000.01' }, 'monitoringThreshold'],
      [{ bigUserCollectionsPerMonth: 0 }, 'bigUserCollectionsPerMonth'],
      [{ bigUserCollectionsPerMonth: 11 }, 'bigUserCollectionsPerMonth'],
      [{ riskCheckIntervalDays: 0 }, 'riskCheckIntervalDays'],
      [{ riskCheckIntervalDays: 31 }, 'riskCheckIntervalDays'],
      [{ bigUserThresholds: [{ utility: 'POWER', threshold: '0.00' }] }, 'bigUserThresholds.0.threshold'],
      [{ bigUserThresholds: [{ utility: 'GAS', threshold: '1.00' }, { utility: 'GAS', threshold: '2.00' }] }, 'bigUserThresholds.1.utility'],
    ];
    const policyBefore = await must(POLICY);
    for (const [input, field] of cases) {
      const before = await policyCounts();
      const res = await server.gql(UPDATE, { input: { riskCheckIntervalDays: 6, ...input } });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.fields).toEqual([{ field, message: expect.any(String) }]);
      expect(await policyCounts()).toEqual(before);
    }
    expect(await must(POLICY)).toEqual(policyBefore);
  });

  it('lets only admins change the policy: a lead gets FORBIDDEN and nothing changes', async () => {
    const lead = bearer(await server.login('lead'));
    const before = await policyCounts();
    const res = await server.gql(UPDATE, { input: { riskCheckIntervalDays: 7 } }, lead);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await policyCounts()).toEqual(before);
  });
});

describe('the monitoring threshold 日监测', () => {
  it("raises the ledger's arrears alert only above the company threshold (500.00 no, 500.01 yes) and follows a changed threshold", async () => {
    const customer = await createCustomer();
    const [at, over, at600, over600] = [await addAccount(customer), await addAccount(customer), await addAccount(customer), await addAccount(customer)];
    const alerted = async (account: string) =>
      (await server.sql.query(`select count(*)::int as n from alert where kind = 'ARREARS_OVER_THRESHOLD' and service_account_id = $1 and resolved_at is null`, [localId(account)])).rows[0].n;
    await bill(at, '500.00');
    await bill(over, '500.01');
    expect([await alerted(at), await alerted(over)]).toEqual([0, 1]);
    await must(UPDATE, { input: { monitoringThreshold: '600.00' } });
    try {
      await bill(at600, '600.00');
      await bill(over600, '600.01');
      expect([await alerted(at600), await alerted(over600)]).toEqual([0, 1]);
    } finally {
      await must(UPDATE, { input: { monitoringThreshold: '500.00' } });
    }
  });

  it('gives an account over the threshold one follow-up item due on the scan date, none at 500.00, and never a second one', async () => {
    const customer = await createCustomer();
    const [at, over] = [await addAccount(customer), await addAccount(customer)];
    const { rows } = await server.sql.query(`select id from app_user where login = 'collector'`);
    await server.sql.query(`update service_account set collector_id = $1 where id = $2`, [rows[0].id, localId(over)]);
    await bill(at, '500.00');
    await bill(over, '500.01');
    await scanToday();
    await scanToday();
    const items = await itemsOf(customer);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'ARREARS_FOLLOW_UP', status: 'OPEN', dueOn: today, accountId: localId(over), amount: '500.01' }),
    ]);
    const { rows: owner } = await server.sql.query(`select owner_id as "ownerId" from worklist_item where id = $1`, [items[0].id]);
    expect(owner[0].ownerId).toBe(rows[0].id);
    // Announced and audited once, by the scan that made it.
    const { rows: events } = await server.sql.query(`select payload->'created' as created, payload->'changedFields' as fields from domain_event where kind = 'worklist.updated' and customer_id = $1`, [localId(customer)]);
    expect(events).toEqual([{ created: [items[0].id], fields: ['worklistItems'] }]);
    const { rows: audits } = await server.sql.query(`select after->'created' as created from audit_entry where action = 'worklist.scan' and entity_type = 'WorklistItem' and entity_id = $1`, [items[0].id]);
    expect(audits).toEqual([{ created: [items[0].id] }]);
  }, 60_000);

  it('cancels the follow-up when the arrears come down to the threshold', async () => {
    const customer = await createCustomer();
    const account = await addAccount(customer);
    await bill(account, '500.01');
    await scanToday();
    expect((await itemsOf(customer)).map((i) => i.status)).toEqual(['OPEN']);
    await pay(account, '0.01', new Date().toISOString());
    await scanToday();
    expect(await itemsOf(customer)).toEqual([expect.objectContaining({ status: 'CANCELLED', closeNote: expect.stringContaining('监测阈值') })]);
  }, 60_000);
});

describe('big users 大客户每月至少催收三次', () => {
  it('asks for the next of N collections until the N-th is made, spread over the month, and only for consumption above the threshold', async () => {
    const big = await createCustomer('100000.01');
    const small = await createCustomer('100000.00');
    const account = await addAccount(big);
    const dueDay = (slot: number) => day(Math.floor((slot * prevMonthDays) / 3));

    await runPolicies(day(2));
    let items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items).toEqual([expect.objectContaining({ status: 'OPEN', dueOn: dueDay(1), key: `BIG_USER_COLLECTION:c:${localId(big)}:${prevMonth}:1` })]);
    expect(await itemsOf(small)).toEqual([]);

    // The first collection: a visit, which closes the item itself.
    const visitId = await collectionVisit(big, day(6));
    items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items[0]).toMatchObject({ status: 'DONE', visitId });
    await runPolicies(day(12));
    items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items.map((i) => [i.status, i.dueOn])).toEqual([['DONE', dueDay(1)], ['OPEN', dueDay(2)]]);

    // The second: a payment with no visit; the scan marks the item done and asks for the third.
    await pay(account, '1000.00', new Date(`${day(15)}T09:00:00+08:00`).toISOString());
    await runPolicies(day(16));
    items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items.map((i) => i.status)).toEqual(['DONE', 'DONE', 'OPEN']);
    expect(items[1].closeNote).toContain('第 2 次');
    expect(items[2].dueOn).toBe(day(prevMonthDays));

    // The N-th (third): nothing more is asked, however often the scan runs.
    await pay(account, '1000.00', new Date(`${day(prevMonthDays)}T09:00:00+08:00`).toISOString());
    await runPolicies(day(prevMonthDays));
    await runPolicies(day(prevMonthDays));
    items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items.map((i) => i.status)).toEqual(['DONE', 'DONE', 'DONE']);
    expect(await itemsOf(small)).toEqual([]);
  }, 60_000);

  it('counts a visit and a payment on the same day as one collection', async () => {
    const big = await createCustomer('200000.00');
    const account = await addAccount(big);
    await collectionVisit(big, day(3));
    await pay(account, '10.00', new Date(`${day(3)}T15:00:00+08:00`).toISOString());
    await runPolicies(day(4));
    const items = await itemsOf(big, 'BIG_USER_COLLECTION');
    expect(items).toEqual([expect.objectContaining({ status: 'OPEN', key: `BIG_USER_COLLECTION:c:${localId(big)}:${prevMonth}:2` })]);
  }, 60_000);
});

describe('risk customers 风险客户每五天催收一次', () => {
  it('is due 5 days after the last collection, overdue on the 6th with one alert, and restarts from the visit that answers it', async () => {
    const customer = await createCustomer();
    await must(`mutation($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) { entry { id } } }`, {
      input: { customerId: customer, level: 'HIGH', reason: '连续三个月欠费', responsibleLeaderId: leadId, plan: [{ action: '每五天上门催收一次', dueOn: addDays(today, 30) }] },
    });
    const start = addDays(today, -20);
    await server.sql.query(`update risk_entry set opened_at = $1::timestamptz where customer_id = $2`, [`${start}T09:00:00+08:00`, localId(customer)]);

    await runPolicies(start);
    let [item] = await itemsOf(customer, 'RISK_CHECK');
    expect(item).toMatchObject({ status: 'OPEN', dueOn: addDays(start, 5) });

    await runPolicies(addDays(start, 5));
    expect(await overdueAlerts(item.id)).toEqual([]);

    const report = await runPolicies(addDays(start, 6));
    expect(report.raised).toBeGreaterThanOrEqual(1);
    await runPolicies(addDays(start, 6));
    const alerts = await overdueAlerts(item.id);
    expect(alerts).toEqual([expect.objectContaining({ resolvedAt: null })]);
    expect(await itemsOf(customer, 'RISK_CHECK')).toHaveLength(1);

    const visitId = await collectionVisit(customer, addDays(start, 7));
    [item] = await itemsOf(customer, 'RISK_CHECK');
    expect(item).toMatchObject({ status: 'DONE', visitId });
    expect((await overdueAlerts(item.id))[0].resolvedAt).not.toBeNull();

    await runPolicies(addDays(start, 7));
    const items = await itemsOf(customer, 'RISK_CHECK');
    expect(items.map((i) => [i.status, i.dueOn])).toEqual([['DONE', addDays(start, 5)], ['OPEN', addDays(start, 12)]]);
  }, 60_000);

  it('cancels the open check when the customer is taken off the ledger', async () => {
    const customer = await createCustomer();
    await must(`mutation($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) { entry { id } } }`, {
      input: { customerId: customer, level: 'LOW', reason: '欠费风险', responsibleLeaderId: leadId, plan: [{ action: '跟踪缴费', dueOn: addDays(today, 30) }] },
    });
    await runPolicies(today);
    expect((await itemsOf(customer, 'RISK_CHECK')).map((i) => i.status)).toEqual(['OPEN']);
    await must(`mutation($input: TakeOffRiskLedgerInput!) { takeOffRiskLedger(input: $input) { entry { id } } }`, { input: { customerId: customer, reason: '已缴清全部欠费' } });
    await runPolicies(today);
    expect((await itemsOf(customer, 'RISK_CHECK')).map((i) => i.status)).toEqual(['CANCELLED']);
  }, 60_000);
});
