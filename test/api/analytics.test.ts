/**
 * The series behind the analytics charts (issue 9 item 5): the monthly
 * collection rate 回收率 equals collectionRate month by month and costs the
 * same statements for 1 month as for 12; the arrears ageing 账龄 of a subtree
 * equals the sum of its customers' ageing; consumption swings 用量异常波动
 * are the customer's CONSUMPTION_SWING alerts placed on their month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/src/calendar.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { initOrm } from '../../server/src/db/orm.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert } from '../../server/src/modules/alerts/alert.service.js';
import { startTestServer, type TestServer } from '../support/harness.js';

const TREND = `query($unit: ID, $months: Int) { collectionRateTrend(orgUnitId: $unit, months: $months) { month periodFrom periodTo due collected outstanding billCount rate } }`;
const RATE = `query($f: CollectionRateFilter!) { collectionRate(filter: $f) { due collected outstanding billCount rate } }`;
const AGEING = `query($unit: ID) { arrearsAgeing(orgUnitId: $unit) { asOf arrears customersInArrears orgUnit { id } ageing { days0to30 days31to90 days91to180 over180 } } }`;
const CUSTOMER_AGEING = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id balance { arrears ageing { days0to30 days31to90 days91to180 over180 } } } } }`;
const SWINGS = `query($id: ID!, $from: String!, $to: String!) { consumptionSwings(customerId: $id, from: $from, to: $to) { month unit quantity alert { id kind serviceAccount { accountNumber } } } }`;

let server: TestServer;
let repHeaders: Record<string, string>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** CNY string → fen, exactly. */
function fen(amount: string): bigint {
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
  return amount.startsWith('-') ? -value : value;
}
const cny = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

async function ok(query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await server.gql(query, variables, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

/** The station with the most customers in arrears, as a global ID with its path. */
async function busiestStation(): Promise<{ id: string; path: string }> {
  const { rows } = await server.sql.query(
    `select u.id, u.path from org_unit u join customer c on c.org_unit_id = u.id join bill b on b.customer_id = c.id
     where u.kind = 'STATION' and b.due_on < $1::date group by u.id, u.path order by count(distinct c.id) desc, u.id limit 1`,
    [todayIn()],
  );
  return { id: toGlobalId('OrgUnit', rows[0].id), path: rows[0].path };
}

beforeAll(async () => {
  server = await startTestServer();
  repHeaders = bearer(await server.login('rep'));
  // The demo rep gets three customers of its station with overdue bills, so its slice is neither empty nor everything.
  const { rows: rep } = await server.sql.query(`select id, org_unit_id from app_user where login = 'rep'`);
  const { rows } = await server.sql.query(
    `select distinct c.id from customer c join bill b on b.customer_id = c.id
     where c.org_unit_id = $1 and b.due_on < $2::date order by c.id limit 3`,
    [rep[0].org_unit_id, todayIn()],
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    await ok(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, {
      input: { id: toGlobalId('Customer', row.id), responsibleRepId: toGlobalId('User', rep[0].id) },
    });
  }
});
afterAll(() => server?.close());

describe('collectionRateTrend', () => {
  async function expectEqualsMonthByMonth(unit: string | null, headers?: Record<string, string>) {
    const trend = (await ok(TREND, { unit, months: 12 }, headers)).collectionRateTrend as Array<Record<string, unknown>>;
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)!.month).toBe(todayIn().slice(0, 7));
    const unitId = unit ?? (await ok(`{ me { orgUnit { id } } }`, {}, headers)).me.orgUnit.id;
    for (const month of trend) {
      const rate = (await ok(RATE, { f: { orgUnitId: unitId, periodFrom: month.periodFrom, periodTo: month.periodTo } }, headers)).collectionRate;
      const { month: _m, periodFrom: _f, periodTo: _t, ...figures } = month;
      expect(figures, `${month.month}`).toEqual(rate);
    }
    return trend;
  }

  it('returns the last 12 months up to this one, each exactly what collectionRate returns for that month, for the whole company', async () => {
    const trend = await expectEqualsMonthByMonth(null);
    expect(trend.map((m) => m.month)).toEqual([...trend.map((m) => m.month)].sort());
    // The seed bills every month: the comparison is not between empty months.
    expect(trend.filter((m) => (m.billCount as number) > 0).length).toBeGreaterThan(6);
    expect(trend.some((m) => m.rate !== null && m.rate !== '1.000000')).toBe(true);
  });

  it('equals collectionRate per month for a station, and for a rep counts only its own customers', async () => {
    const station = await busiestStation();
    const stationTrend = await expectEqualsMonthByMonth(station.id);
    const repTrend = await expectEqualsMonthByMonth(null, repHeaders);
    const company = (await ok(TREND, { months: 12 })).collectionRateTrend as Array<Record<string, unknown>>;
    const sum = (rows: Array<Record<string, unknown>>) => rows.reduce((n, r) => n + (r.billCount as number), 0);
    expect(sum(stationTrend)).toBeGreaterThan(0);
    expect(sum(repTrend)).toBeLessThan(sum(company));
  });

  it('computes every month in the same number of SQL statements as one month', async () => {
    const one = await server.gqlCounted(TREND, { months: 1 });
    const many = await server.gqlCounted(TREND, { months: 36 });
    expect(one.body.errors).toBeUndefined();
    expect(many.body.errors).toBeUndefined();
    expect(many.body.data.collectionRateTrend).toHaveLength(36);
    expect(many.statements).toBe(one.statements);
  });

  it('refuses 0 or more than 36 months, and a unit outside the subtree is NOT_FOUND', async () => {
    for (const months of [0, 37]) {
      const res = await server.gql(TREND, { months });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'months', message: 'must be 1 to 36' }]);
    }
    const { rows } = await server.sql.query(`select id from org_unit where kind = 'BRANCH' order by id desc limit 1`);
    const leadGy = bearer(await server.login('lead.gy'));
    const res = await server.gql(TREND, { unit: toGlobalId('OrgUnit', rows[0].id) }, leadGy);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('arrearsAgeing', () => {
  async function customersAgeing(customerIds: number[], headers?: Record<string, string>) {
    const total = { arrears: 0n, days0to30: 0n, days31to90: 0n, days91to180: 0n, over180: 0n, inArrears: 0 };
    for (let i = 0; i < customerIds.length; i += 100) {
      const ids = customerIds.slice(i, i + 100).map((id) => toGlobalId('Customer', id));
      const nodes = (await ok(CUSTOMER_AGEING, { ids }, headers)).nodes as Array<{ balance: { arrears: string; ageing: Record<string, string> } }>;
      for (const node of nodes) {
        total.arrears += fen(node.balance.arrears);
        if (fen(node.balance.arrears) > 0n) total.inArrears += 1;
        for (const key of ['days0to30', 'days31to90', 'days91to180', 'over180'] as const) total[key] += fen(node.balance.ageing[key]!);
      }
    }
    return total;
  }

  function expectSame(ageing: any, total: Awaited<ReturnType<typeof customersAgeing>>) {
    expect(ageing.asOf).toBe(todayIn());
    expect({ arrears: ageing.arrears, ...ageing.ageing, customersInArrears: ageing.customersInArrears }).toEqual({
      arrears: cny(total.arrears),
      days0to30: cny(total.days0to30),
      days31to90: cny(total.days31to90),
      days91to180: cny(total.days91to180),
      over180: cny(total.over180),
      customersInArrears: total.inArrears,
    });
  }

  it("equals the sum of the station's customers' ageing, bucket by bucket", async () => {
    const station = await busiestStation();
    const { rows } = await server.sql.query(
      `select c.id from customer c join org_unit u on u.id = c.org_unit_id where u.path like $1 order by c.id`,
      [`${station.path}%`],
    );
    const total = await customersAgeing(rows.map((r) => r.id));
    expect(total.arrears).toBeGreaterThan(0n);
    const ageing = (await ok(AGEING, { unit: station.id })).arrearsAgeing;
    expect(ageing.orgUnit.id).toBe(station.id);
    expectSame(ageing, total);
  });

  it("for a rep equals the sum over the customers it is responsible for, and the company's over every customer", async () => {
    const { rows: repRows } = await server.sql.query(`select c.id from customer c join app_user u on u.id = c.responsible_rep_id where u.login = 'rep' order by c.id`);
    expect(repRows.length).toBeGreaterThan(0);
    expectSame((await ok(AGEING, {}, repHeaders)).arrearsAgeing, await customersAgeing(repRows.map((r) => r.id), repHeaders));
    const { rows: all } = await server.sql.query(`select id from customer order by id`);
    expectSame((await ok(AGEING)).arrearsAgeing, await customersAgeing(all.map((r) => r.id)));
  });
});

describe('consumptionSwings', () => {
  let customer: string;
  let known: { accountId: number; accountNumber: string; month: string; unit: string; quantity: string };

  beforeAll(async () => {
    // Two swings of one account, as the daily scan raises them (meters/consumption-swings.ts): one month
    // whose consumption is known, and one whose consumption is not (its mark has no unit).
    const { rows } = await server.sql.query(
      `select cm.service_account_id as "accountId", sa.account_number as "accountNumber", sa.customer_id as "customerId",
              to_char(cm.month, 'YYYY-MM') as month, cm.unit, cm.quantity::text as quantity
       from consumption_month cm join service_account sa on sa.id = cm.service_account_id
       where not exists (select 1 from alert a where a.customer_id = sa.customer_id and a.kind = 'CONSUMPTION_SWING')
       order by cm.month desc, cm.service_account_id limit 1`,
    );
    expect(rows).toHaveLength(1);
    known = rows[0];
    customer = toGlobalId('Customer', rows[0].customerId);
    const orm = await initOrm(server.databaseUrl);
    try {
      await orm.em.fork().transactional(async (em) => {
        for (const month of [known.month, '2019-03']) {
          await raiseAlert(em, SYSTEM_ACTOR, {
            kind: AlertKind.CONSUMPTION_SWING, severity: AlertSeverity.WARNING, customerId: rows[0].customerId, serviceAccountId: known.accountId,
            amount: null, message: `用量异常波动：户号 ${known.accountNumber} ${month}`, dedupeKey: `CONSUMPTION_SWING:sa:${known.accountId}:${month}`,
          });
        }
      });
    } finally {
      await orm.close();
    }
  });

  it("lists a customer's CONSUMPTION_SWING alerts on their month with the account's consumption that month, oldest first", async () => {
    const { rows: alerts } = await server.sql.query(
      `select id, substring(dedupe_key from '([0-9]{4}-[0-9]{2})$') as month from alert where kind = 'CONSUMPTION_SWING' and service_account_id = $1 order by 2`,
      [known.accountId],
    );
    expect(alerts.map((a) => a.month)).toEqual(['2019-03', known.month]);
    const marks = (await ok(SWINGS, { id: customer, from: '2019-01', to: known.month })).consumptionSwings;
    expect(marks).toEqual([
      { month: '2019-03', unit: null, quantity: null, alert: { id: toGlobalId('Alert', alerts[0].id), kind: 'CONSUMPTION_SWING', serviceAccount: { accountNumber: known.accountNumber } } },
      { month: known.month, unit: known.unit, quantity: known.quantity, alert: { id: toGlobalId('Alert', alerts[1].id), kind: 'CONSUMPTION_SWING', serviceAccount: { accountNumber: known.accountNumber } } },
    ]);
  });

  it('leaves out swings outside the months asked for, and a customer without swings has none', async () => {
    const later = (await ok(SWINGS, { id: customer, from: '2019-04', to: known.month })).consumptionSwings;
    expect(later.map((m: { month: string }) => m.month)).toEqual([known.month]);
    expect((await ok(SWINGS, { id: customer, from: '2019-01', to: '2019-02' })).consumptionSwings).toEqual([]);
    const { rows: calm } = await server.sql.query(`select id from customer c where not exists (select 1 from alert a where a.customer_id = c.id and a.kind = 'CONSUMPTION_SWING') order by id limit 1`);
    expect((await ok(SWINGS, { id: toGlobalId('Customer', calm[0].id), from: '2019-01', to: '2026-12' })).consumptionSwings).toEqual([]);
  });

  it('refuses a malformed or reversed month range', async () => {
    const { rows } = await server.sql.query(`select id from customer order by id limit 1`);
    const id = toGlobalId('Customer', rows[0].id);
    for (const [from, to, field] of [['2026-13', '2026-12', 'from'], ['2026-01', '2026', 'to'], ['2026-05', '2026-04', 'to']] as const) {
      const res = await server.gql(SWINGS, { id, from, to });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fields?.[0]?.field).toBe(field);
    }
  });
});
