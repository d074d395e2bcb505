/**
 * Collector monthly statistics 收费员月度统计 (issue 8 item 6; seed 004): per
 * collector and month — accounts handled (from the responsibility history),
 * bills due, collected, collection rate, visits, satisfaction — with the org
 * subtree's totals; equal to a from-scratch SQL recomputation on the demo
 * data plus bills and payments recorded here through the API; bounded SQL;
 * scoped; exported as CSV and XLSX with Chinese headers.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, localId, testUscc } from '../support/fixtures.js';

// exceljs is the server's dependency; read the exported workbook with the same library.
const ExcelJS = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs') as {
  Workbook: new () => { xlsx: { load(data: ArrayBuffer | Buffer): Promise<unknown> }; worksheets: Array<{ name: string; eachRow(cb: (row: { values: unknown[] }) => void): void }> };
};

const FIGURES = `month accountsHandled billsDue dueAmount allocatedAmount collectionRate collectedAmount visits satisfactionResponses averageSatisfaction`;
const STATS = `query($month: String!, $orgUnitId: ID, $collectorId: ID, $first: Int!, $after: String) {
  collectorStatistics(month: $month, orgUnitId: $orgUnitId, collectorId: $collectorId, first: $first, after: $after) {
    totalCount month orgUnit { id } pageInfo { hasNextPage endCursor } totals { ${FIGURES} collector { id } }
    edges { cursor node { collector { id login name } orgUnit { id name } ${FIGURES} } } } }`;

interface Figures {
  accountsHandled: number;
  billsDue: number;
  dueAmount: string;
  allocatedAmount: string;
  collectionRate: string | null;
  collectedAmount: string;
  visits: number;
  satisfactionResponses: number;
  averageSatisfaction: string | null;
}

let server: TestServer;
let station: string;
let month: string;
let leadGy: Record<string, string>;
let x: { id: string; login: string };
let y: { id: string; login: string };
let n = 0;
const key = () => `cstats-${++n}-${Date.now()}`;

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function user(role: string): Promise<{ id: string; login: string }> {
  n += 1;
  const login = `cstats.${role.toLowerCase()}.${n}.${Date.now() % 100000}`;
  const data = await must(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
    input: { login, name: `统计测试${n}`, role, orgUnitId: station, password: 'collector-stats-pw' },
  });
  return { id: data.createUser.user.id, login };
}

async function account(customerId: string): Promise<string> {
  n += 1;
  return (await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `66990011${String(n).padStart(6, '0')}`, orgUnitId: station, address: '乌鲁木齐市天山区收费路1号' },
  })).addServiceAccount.serviceAccount.id;
}

async function bill(serviceAccountId: string, amount: string, dueOn: string): Promise<string> {
  n += 1;
  return (await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount, dueOn, issuedOn: '2026-09-01', sourceSystem: '热力收费系统', externalId: `CS-${n}-${Date.now()}`, idempotencyKey: key() },
  })).recordBill.bill.id;
}

async function pay(serviceAccountId: string, amount: string, paidAt: Date) {
  await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId, amount, channel: 'WECHAT_PAY', paidAt: paidAt.toISOString(), idempotencyKey: key() },
  });
}

/** Every page of the statistics, as `headers` sees them. */
async function allRows(params: { month: string; orgUnitId?: string; collectorId?: string }, first = 100, headers?: Record<string, string>) {
  const rows: Array<Figures & { collector: { id: string; login: string; name: string }; orgUnit: { id: string; name: string } }> = [];
  let after: string | null = null;
  let first$: { totalCount: number; totals: Figures } | null = null;
  for (;;) {
    const data: { totalCount: number; totals: Figures; edges: Array<{ node: (typeof rows)[number] }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
      await must(STATS, { ...params, first, after }, headers)
    ).collectorStatistics;
    first$ ??= data;
    rows.push(...data.edges.map((e) => e.node));
    if (!data.pageInfo.hasNextPage) break;
    after = data.pageInfo.endCursor;
  }
  return { rows, totalCount: first$!.totalCount, totals: first$!.totals };
}

/**
 * The statistics from scratch, with plain SQL of another shape than the
 * service's: range overlap of the history periods, correlated subqueries per
 * collector. `held` lists (user, account) pairs of the month, of customers
 * under `visiblePath` (the viewer's subtree); the collectors are those under
 * `subtreePath`; the totals are the same sums over every account of every
 * collector, each once.
 */
async function recompute(m: string, subtreePath = '/', visiblePath = subtreePath): Promise<{ byCollector: Map<number, Figures>; totals: Figures }> {
  const figures = (accounts: string, visitors: string) => `
    (select count(distinct a) from ${accounts} a)::int as "accountsHandled",
    (select count(*) from bill b where b.due_on >= (select d0 from m) and b.due_on < (select d1 from m) and b.service_account_id in (select a from ${accounts} a))::int as "billsDue",
    ((select coalesce(sum(b.amount), 0) from bill b where b.due_on >= (select d0 from m) and b.due_on < (select d1 from m) and b.service_account_id in (select a from ${accounts} a))
     + (select coalesce(sum(d.amount), 0) from adjustment d join bill b on b.id = d.bill_id where b.due_on >= (select d0 from m) and b.due_on < (select d1 from m) and b.service_account_id in (select a from ${accounts} a)))::numeric(14,2)::text as "dueAmount",
    (select coalesce(sum(al.amount), 0) from allocation al join bill b on b.id = al.bill_id where b.due_on >= (select d0 from m) and b.due_on < (select d1 from m) and b.service_account_id in (select a from ${accounts} a))::numeric(14,2)::text as "allocatedAmount",
    (select coalesce(sum(p.amount), 0) from payment p where p.paid_at >= (select t0 from m) and p.paid_at < (select t1 from m) and p.service_account_id in (select a from ${accounts} a))::numeric(14,2)::text as "collectedAmount",
    (select count(*) from visit v where v.occurred_at >= (select t0 from m) and v.occurred_at < (select t1 from m) and v.customer_id in (select id from seen)
       and (v.recorded_by_id in (select u from ${visitors} u) or exists (select 1 from visit_participant vp where vp.visit_id = v.id and vp.user_id in (select u from ${visitors} u))))::int as visits,
    (select count(*) from visit v where v.satisfaction is not null and v.occurred_at >= (select t0 from m) and v.occurred_at < (select t1 from m)
       and v.customer_id in (select sa.customer_id from service_account sa where sa.id in (select a from ${accounts} a)))::int as "satisfactionResponses",
    (select round(avg(v.satisfaction), 2)::text from visit v where v.satisfaction is not null and v.occurred_at >= (select t0 from m) and v.occurred_at < (select t1 from m)
       and v.customer_id in (select sa.customer_id from service_account sa where sa.id in (select a from ${accounts} a))) as "averageSatisfaction"`;
  const prelude = `with m as (
      select ($1::date)::timestamp at time zone 'Asia/Shanghai' as t0, (($1::date + interval '1 month')::date)::timestamp at time zone 'Asia/Shanghai' as t1,
             $1::date as d0, ($1::date + interval '1 month')::date as d1),
    periods as (
      select rp.user_id, rp.service_account_id from responsibility_period rp, m
      where rp.role = 'COLLECTOR' and tstzrange(rp.started_at, rp.ended_at, '[)') && tstzrange(m.t0, m.t1, '[)')),
    seen as (select c.id from customer c join org_unit co on co.id = c.org_unit_id where co.path like $3 || '%'),
    held as (
      select p.user_id, p.service_account_id from periods p join service_account sa on sa.id = p.service_account_id where sa.customer_id in (select id from seen)),
    staff as (
      select u.id from app_user u join org_unit o on o.id = u.org_unit_id
      where o.path like $2 || '%' and (u.role = 'COLLECTOR' or u.id in (select user_id from periods)))`;
  const start = `${m}-01`;
  const per = await server.sql.query(
    `${prelude} select s.id, ${figures(`(select service_account_id as a from held h where h.user_id = s.id)`, `(select s.id as u)`)} from staff s`,
    [start, subtreePath, visiblePath],
  );
  const [totals] = (await server.sql.query(
    `${prelude} select ${figures(`(select distinct service_account_id as a from held h where h.user_id in (select id from staff))`, `(select id as u from staff)`)}`,
    [start, subtreePath, visiblePath],
  )).rows;
  const withRate = async (f: Figures): Promise<Figures> => {
    if (f.dueAmount === '0.00') return { ...f, collectionRate: null };
    const { rows } = await server.sql.query(`select round($1::numeric / $2::numeric, 6)::text as r`, [f.allocatedAmount, f.dueAmount]);
    return { ...f, collectionRate: rows[0].r };
  };
  const byCollector = new Map<number, Figures>();
  for (const row of per.rows) {
    const { id, ...f } = row;
    byCollector.set(id, await withRate(f as Figures));
  }
  return { byCollector, totals: await withRate(totals as Figures) };
}

const figuresOf = (row: Figures): Figures => ({
  accountsHandled: row.accountsHandled, billsDue: row.billsDue, dueAmount: row.dueAmount, allocatedAmount: row.allocatedAmount,
  collectionRate: row.collectionRate, collectedAmount: row.collectedAmount, visits: row.visits,
  satisfactionResponses: row.satisfactionResponses, averageSatisfaction: row.averageSatisfaction,
});

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  leadGy = bearer(await server.login('lead.gy'));
  month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const [yy, mm] = month.split('-').map(Number) as [number, number];
  const previousMonth = new Date(Date.UTC(yy, mm - 2, 10)).toISOString().slice(0, 10);
  const nextMonth = new Date(Date.UTC(yy, mm, 10)).toISOString().slice(0, 10);

  // Two collectors of the demo rep's station; x collects a1 and a2, y collects a3; a2 passes to y mid-month.
  x = await user('COLLECTOR');
  y = await user('COLLECTOR');
  const { rows } = await server.sql.query(`select id from app_user where login = 'rep'`);
  const customer = (await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: '收费统计测试供热站', uscc: testUscc(87001), kind: 'RESIDENTIAL_COMPOUND', utility: 'HEAT', tier: 'KEY', status: 'ACTIVE', orgUnitId: station, responsibleRepId: toGlobalId('User', rows[0].id) },
  })).createCustomer.customer.id;
  const [a1, a2, a3] = [await account(customer), await account(customer), await account(customer)];
  const ASSIGN = `mutation($input: AssignCollectorInput!) { assignCollector(input: $input) { serviceAccount { id } } }`;
  for (const [sa, who] of [[a1, x], [a2, x], [a3, y]] as const) await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: who.id, reason: '分片包干' } });

  const dueHere = `${month}-05`;
  await bill(a1, '1000.00', previousMonth); // due last month: not this month's
  const due1 = await bill(a1, '2000.00', dueHere);
  await bill(a1, '700.00', nextMonth); // due next month
  await bill(a2, '500.00', dueHere);
  await bill(a3, '300.00', dueHere);
  await must(`mutation($input: RecordAdjustmentInput!) { recordAdjustment(input: $input) { adjustment { id } } }`, {
    input: { serviceAccountId: a1, billId: due1, amount: '-100.00', kind: 'CREDIT_NOTE', reason: '测温不达标退费', idempotencyKey: key() },
  });
  const earlier = new Date(Date.now() - 60 * 60_000);
  await pay(a1, '1800.00', earlier); // oldest bill first: 1000.00 to last month's, 800.00 to this month's
  await pay(a2, '500.00', earlier);

  await must(`mutation($input: RotateAccountsInput!) { rotateAccounts(input: $input) { serviceAccountCount } }`, {
    input: { fromUserId: x.id, toUserId: y.id, role: 'COLLECTOR', serviceAccountIds: [a2], reason: '月中轮岗' },
  });
  const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`;
  await must(LOG, { input: { customerId: customer, channel: 'PHONE', purpose: 'COLLECTION', occurredAt: earlier.toISOString(), outcome: '电话催费', participantIds: [x.id] } });
  await must(LOG, { input: { customerId: customer, channel: 'PHONE', purpose: 'RETURN_VISIT', occurredAt: earlier.toISOString(), outcome: '回访满意', satisfaction: 4 } });
  await must(LOG, { input: { customerId: customer, channel: 'PHONE', purpose: 'RETURN_VISIT', occurredAt: earlier.toISOString(), outcome: '回访一般', satisfaction: 3 } });
});

afterAll(async () => {
  await server?.close();
});

describe('collectorStatistics', () => {
  it("counts a collector's accounts, bills due, collected, rate, visits and satisfaction of the month, an account rotated mid-month for both", async () => {
    const { rows } = await allRows({ month, collectorId: x.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      collector: { login: x.login },
      orgUnit: { id: station },
      month,
      accountsHandled: 2, // a1, and a2 until the rotation
      billsDue: 2, // a1's 2000.00 (−100.00 credit) and a2's 500.00
      dueAmount: '2400.00',
      allocatedAmount: '1300.00', // 800.00 on a1's bill of the month, 500.00 on a2's
      collectionRate: '0.541667',
      collectedAmount: '2300.00',
      visits: 1,
      satisfactionResponses: 2,
      averageSatisfaction: '3.50',
    });
    const yRow = (await allRows({ month, collectorId: y.id })).rows[0]!;
    expect(figuresOf(yRow)).toMatchObject({ accountsHandled: 2, billsDue: 2, dueAmount: '800.00', allocatedAmount: '500.00', collectedAmount: '500.00', visits: 0 });
  });

  it("totals the station's collectors with every account, bill and payment once", async () => {
    const data = (await must(STATS, { month, orgUnitId: station, first: 100 })).collectorStatistics;
    const ours = await must(STATS, { month, orgUnitId: station, collectorId: x.id, first: 1 });
    expect(ours.collectorStatistics.totals).toMatchObject({ accountsHandled: 2, collector: null });
    // The station's totals include x's and y's accounts once each, whatever else the demo data holds.
    const sum = data.edges.reduce((s: number, e: { node: Figures }) => s + e.node.accountsHandled, 0);
    expect(data.totals.accountsHandled).toBeLessThanOrEqual(sum);
    expect(data.totals.accountsHandled).toBeGreaterThanOrEqual(3);
    expect(data.orgUnit.id).toBe(station);
  });

  for (const which of ['this month', 'last demo month (2026-10)']) {
    it(`equals a from-scratch SQL recomputation on the demo data, company-wide, for ${which}`, async () => {
      const m = which === 'this month' ? month : '2026-10';
      const { rows, totalCount, totals } = await allRows({ month: m });
      const expected = await recompute(m);
      expect(totalCount).toBe(expected.byCollector.size);
      expect(new Map(rows.map((r) => [localId(r.collector.id), figuresOf(r)]))).toEqual(expected.byCollector);
      expect(figuresOf(totals)).toEqual(expected.totals);
      expect(rows.some((r) => r.accountsHandled > 0)).toBe(true);
    });
  }

  it('pages through the collectors with keyset cursors, in a number of statements that does not grow with the page', async () => {
    const whole = await allRows({ month }, 100);
    const paged = await allRows({ month }, 7);
    expect(paged.rows.map((r) => r.collector.id)).toEqual(whole.rows.map((r) => r.collector.id));
    const q = (first: number) => `{ collectorStatistics(month: "${month}", first: ${first}) { totals { ${FIGURES} } edges { node { collector { login orgUnit { name } } orgUnit { name } ${FIGURES} } } } }`;
    const small = await server.gqlCounted(q(2));
    const large = await server.gqlCounted(q(60));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.data.collectorStatistics.edges.length).toBeGreaterThan(10);
    expect(large.statements).toBe(small.statements);
  });

  it("shows a lead only the collectors and accounts of the lead's subtree, and refuses another branch's unit as NOT_FOUND", async () => {
    const gy = await unitOf(server, 'lead.gy');
    const { rows, totalCount, totals } = await allRows({ month }, 100, leadGy);
    const expected = await recompute(month, gy.path);
    expect(totalCount).toBe(expected.byCollector.size);
    expect(new Map(rows.map((r) => [localId(r.collector.id), figuresOf(r)]))).toEqual(expected.byCollector);
    expect(figuresOf(totals)).toEqual(expected.totals);
    const other = await server.sql.query(`select id from org_unit where path not like $1 || '%' and kind = 'BRANCH' limit 1`, [gy.path]);
    const res = await server.gql(STATS, { month, orgUnitId: toGlobalId('OrgUnit', other.rows[0].id), first: 5 }, leadGy);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rolls each unit under the chosen one up its own subtree, equal to the recomputation per unit', async () => {
    const gy = await unitOf(server, 'lead.gy');
    const data = (await must(`query($month: String!, $orgUnitId: ID) { collectorStatistics(month: $month, orgUnitId: $orgUnitId, first: 1) {
      byOrgUnit { orgUnit { id } collector { id } ${FIGURES} } } }`, { month, orgUnitId: gy.id }, leadGy)).collectorStatistics;
    const { rows: children } = await server.sql.query(`select id, path from org_unit where parent_id = $1 order by code`, [gy.localId]);
    expect(data.byOrgUnit.map((u: { orgUnit: { id: string } }) => localId(u.orgUnit.id))).toEqual(children.map((c) => c.id));
    for (const [i, child] of children.entries()) {
      expect(data.byOrgUnit[i].collector).toBeNull();
      expect(figuresOf(data.byOrgUnit[i])).toEqual((await recompute(month, child.path, gy.path)).totals);
    }
    expect(data.byOrgUnit.some((u: Figures) => u.accountsHandled > 0)).toBe(true);
  });

  it('refuses a month not written YYYY-MM', async () => {
    const res = await server.gql(STATS, { month: '2026-13', first: 5 });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'month' }] });
  });
});

describe('export', () => {
  const download = (file: 'csv' | 'xlsx', params: Record<string, string>, headers: Record<string, string> = leadGy) =>
    fetch(`${server.url}/export/collector-statistics.${file}?${new URLSearchParams(params)}`, { headers });

  it("exports the lead's collectors as CSV with Chinese headers, the API's figures and a totals row", async () => {
    const res = await download('csv', { month, orgUnitId: station });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    // UTF-8 with a byte-order mark, so that Excel reads the Chinese right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/).map((l) => l.split(','));
    expect(lines[0]).toEqual(['收费员', '登录名', '所属单位', '户数', '应收笔数', '应收', '实收', '回收率', '走访', '满意度']);
    const api = await allRows({ month, orgUnitId: station }, 100, leadGy);
    expect(lines).toHaveLength(api.rows.length + 2);
    const mine = lines.find((l) => l[1] === x.login)!;
    expect(mine).toEqual([api.rows.find((r) => r.collector.login === x.login)!.collector.name, x.login, expect.any(String), '2', '2', '2400.00', '2300.00', '54.17%', '1', '3.50']);
    expect(lines.at(-1)!.slice(0, 1)).toEqual(['合计']);
    expect(lines.at(-1)![3]).toBe(String(api.totals.accountsHandled));
    expect(lines.at(-1)![6]).toBe(api.totals.collectedAmount);
  });

  it('exports the same rows as XLSX', async () => {
    const res = await download('xlsx', { month, orgUnitId: station });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()));
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toEqual(['收费员', '登录名', '所属单位', '户数', '应收笔数', '应收', '实收', '回收率', '走访', '满意度']);
    expect(rows.find((r) => r[1] === x.login)!.slice(3)).toEqual(['2', '2', '2400.00', '2300.00', '54.17%', '1', '3.50']);
    expect(rows.at(-1)![0]).toBe('合计');
  });

  it('refuses the anonymous, another branch for a lead, and a missing month', async () => {
    expect((await download('csv', { month }, {})).status).toBe(401);
    const gy = await unitOf(server, 'lead.gy');
    const other = await server.sql.query(`select id from org_unit where path not like $1 || '%' and kind = 'BRANCH' limit 1`, [gy.path]);
    expect((await download('csv', { month, orgUnitId: toGlobalId('OrgUnit', other.rows[0].id) })).status).toBe(404);
    const missing = await download('xlsx', {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'month' }] });
  });
});
