/**
 * The daily scan 日监测 / 日预警 / 日通报 (issue 6 item 5): once per business
 * date across instances, alerts raised once, ARREARS_GREW only on growth,
 * promises to pay judged at their boundary, and the daily report equal to an
 * independent recomputation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { addDays, todayIn } from '../../server/src/calendar.js';
import { initOrm } from '../../server/src/db/orm.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert } from '../../server/src/modules/alerts/alert.service.js';
import { startDailyScanScheduler } from '../../server/src/jobs/scheduler.js';
import { pino } from 'pino';
import { startTestServer, type TestServer } from '../support/harness.js';

const RUN = `mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow run { businessDate startedAt accountsScanned alertsRaised alertsResolved } } }`;
const FIGURES = 'date accountsInArrears totalArrears accountsOverThreshold collectedYesterday dueMonthToDate collectedMonthToDate collectionRateMonthToDate';
const REPORT = `query($unit: ID, $date: String) { dailyReport(orgUnitId: $unit, date: $date) { date orgUnit { id } current { ${FIGURES} } previous { date totalArrears } totalArrearsChange accountsInArrearsChange } }`;

const today = todayIn();
const D0 = addDays(today, -2);
const D1 = addDays(today, -1);

let server: TestServer;
let customer: { id: string; localId: number; orgUnitId: string };
const accounts: Record<string, { id: string; localId: number }> = {};
let n = 0;

const localOf = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

async function ok(query: string, variables: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function addAccount(name: string) {
  n += 1;
  const data = await ok(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId: customer.id, accountNumber: `7766554433${String(n).padStart(4, '0')}`, orgUnitId: customer.orgUnitId, address: `贵州省贵阳市南明区日监测路${n}号` },
  });
  const id = data.addServiceAccount.serviceAccount.id as string;
  accounts[name] = { id, localId: localOf(id) };
}

async function bill(name: string, amount: string, dueOn: string) {
  n += 1;
  await ok(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId: accounts[name]!.id, periodStart: addDays(dueOn, -40), periodEnd: addDays(dueOn, -11), amount, dueOn, issuedOn: addDays(dueOn, -10), sourceSystem: '营财一体化系统', externalId: `daily-scan-${n}`, idempotencyKey: `daily-scan-bill-${n}` },
  });
}

async function pay(name: string, amount: string, paidAt: Date) {
  n += 1;
  await ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId: accounts[name]!.id, amount, channel: 'WECHAT_PAY', paidAt: paidAt.toISOString(), externalReference: `wx-daily-${n}`, idempotencyKey: `daily-scan-pay-${n}` },
  });
}

async function promise(name: string, amount: string, promisedOn: string): Promise<number> {
  const data = await ok(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
    input: {
      customerId: customer.id,
      serviceAccountId: accounts[name]!.id,
      channel: 'PHONE',
      purpose: 'COLLECTION',
      occurredAt: new Date(`${addDays(today, -6)}T10:00:00+08:00`).toISOString(),
      outcome: '客户承诺按期缴清欠费',
      promisedAmount: amount,
      promisedOn,
    },
  });
  return localOf(data.logVisit.visit.id);
}

async function alertCount(kind: string, accountName: string, open?: boolean): Promise<number> {
  const { rows } = await server.sql.query(
    `select count(*)::int as n from alert where kind = $1 and service_account_id = $2 ${open === undefined ? '' : open ? 'and resolved_at is null' : 'and resolved_at is not null'}`,
    [kind, accounts[accountName]!.localId],
  );
  return rows[0].n;
}

const visits: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer();
  const { rows } = await server.sql.query(
    `select c.id, c.org_unit_id from customer c join org_unit o on o.id = c.org_unit_id where c.status = 'ACTIVE' and o.name like '%贵阳%' order by c.id limit 1`,
  );
  const row = rows[0] ?? (await server.sql.query(`select id, org_unit_id from customer where status = 'ACTIVE' order by id limit 1`)).rows[0];
  customer = { id: toGlobalId('Customer', row.id), localId: row.id, orgUnitId: toGlobalId('OrgUnit', row.org_unit_id) };
  for (const name of ['grows', 'steady', 'cleared', 'stale', 'broken', 'kept', 'short', 'notYet']) await addAccount(name);
  await bill('grows', '600.00', addDays(D0, -10));
  await bill('steady', '700.00', addDays(D0, -10));
  await bill('cleared', '800.00', addDays(D0, -10));
  // Promises: due the day before the scanned date (judged) or on it (not yet).
  visits.broken = await promise('broken', '300.00', addDays(D1, -1));
  visits.kept = await promise('kept', '300.00', addDays(D1, -1));
  visits.short = await promise('short', '300.00', addDays(D1, -1));
  visits.notYet = await promise('notYet', '300.00', D1);
  const afterVisit = new Date(`${addDays(today, -5)}T09:00:00+08:00`);
  await pay('kept', '300.00', afterVisit);
  await pay('short', '299.99', afterVisit);
}, 60_000);
afterAll(() => server?.close());

describe('the daily scan', () => {
  it('runs once for a date when two server instances on one database both start it', async () => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl });
    try {
      const [a, b] = await Promise.all([server.gql(RUN, { input: { date: D0 } }), other.gql(RUN, { input: { date: D0 } })]);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      const runs = [a.data.runDailyScan, b.data.runDailyScan];
      expect(runs.map((r) => r.ranNow).sort()).toEqual([false, true]);
      expect(runs[0].run.startedAt).toBe(runs[1].run.startedAt);
      const { rows } = await server.sql.query(`select count(*)::int as n from daily_scan_run where business_date = $1`, [D0]);
      expect(rows[0].n).toBe(1);
      const snapshot = await server.sql.query(
        `select (select count(*)::int from daily_arrears_snapshot where business_date = $1) as snapshots, (select count(*)::int from service_account) as accounts`,
        [D0],
      );
      expect(snapshot.rows[0].snapshots).toBe(snapshot.rows[0].accounts);
      expect(runs[0].run.accountsScanned).toBe(snapshot.rows[0].accounts);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('returns the existing run when asked again for a scanned date', async () => {
    const [before] = (await server.sql.query(`select count(*)::int as n from alert`)).rows;
    const again = await ok(RUN, { input: { date: D0 } });
    expect(again.runDailyScan.ranNow).toBe(false);
    expect(again.runDailyScan.run.businessDate).toBe(D0);
    const [after] = (await server.sql.query(`select count(*)::int as n from alert`)).rows;
    expect(after.n).toBe(before.n);
  });

  it('keeps exactly one open ARREARS_OVER_THRESHOLD alert per account over the threshold', async () => {
    const { rows } = await server.sql.query(
      `select s.service_account_id, count(a.id)::int as open
       from daily_arrears_snapshot s left join alert a on a.service_account_id = s.service_account_id and a.kind = 'ARREARS_OVER_THRESHOLD' and a.resolved_at is null
       where s.business_date = $1 and s.arrears > 500 group by s.service_account_id having count(a.id) <> 1`,
      [D0],
    );
    expect(rows).toEqual([]);
  });

  it('raises ARREARS_GREW only for accounts whose arrears grew since the previous scan, and resolves alerts of accounts back under the threshold', async () => {
    // No baseline before D0: nothing grew on the first scan.
    expect(await alertCount('ARREARS_GREW', 'grows')).toBe(0);
    await bill('grows', '100.00', addDays(D0, -5));
    await pay('cleared', '800.00', new Date());
    // An open alert the ledger did not resolve: the scan must.
    const orm = await initOrm(server.databaseUrl);
    try {
      await orm.em.fork().transactional((em) =>
        raiseAlert(em, SYSTEM_ACTOR, { kind: AlertKind.ARREARS_OVER_THRESHOLD, severity: AlertSeverity.WARNING, customerId: customer.localId, serviceAccountId: accounts.stale!.localId, amount: '900.00', message: '过期的欠费预警' }),
      );
    } finally {
      await orm.close();
    }
    const res = await ok(RUN, { input: { date: D1 } });
    expect(res.runDailyScan.ranNow).toBe(true);
    expect(await alertCount('ARREARS_GREW', 'grows')).toBe(1);
    expect(await alertCount('ARREARS_GREW', 'steady')).toBe(0);
    expect(await alertCount('ARREARS_GREW', 'cleared')).toBe(0);
    expect(await alertCount('ARREARS_OVER_THRESHOLD', 'steady', true)).toBe(1);
    expect(await alertCount('ARREARS_OVER_THRESHOLD', 'cleared', true)).toBe(0);
    expect(await alertCount('ARREARS_OVER_THRESHOLD', 'stale', true)).toBe(0);
    expect(await alertCount('ARREARS_OVER_THRESHOLD', 'stale', false)).toBe(1);
    const { rows } = await server.sql.query(`select amount::text from alert where kind = 'ARREARS_GREW' and service_account_id = $1`, [accounts.grows!.localId]);
    expect(rows[0].amount).toBe('100.00');
  }, 60_000);

  it('raises PROMISE_BROKEN for a promise due yesterday that was not paid in full, and not for one paid in full or due today', async () => {
    const count = async (visitId: number) =>
      (await server.sql.query(`select count(*)::int as n from alert where kind = 'PROMISE_BROKEN' and dedupe_key = $1`, [`PROMISE_BROKEN:visit:${visitId}`])).rows[0].n;
    expect(await count(visits.broken!)).toBe(1);
    expect(await count(visits.short!)).toBe(1);
    expect(await count(visits.kept!)).toBe(0);
    expect(await count(visits.notYet!)).toBe(0);
    const { rows } = await server.sql.query(`select amount::text from alert where dedupe_key = $1`, [`PROMISE_BROKEN:visit:${visits.short}`]);
    expect(rows[0].amount).toBe('0.01');
  });

  it('raises no alert twice when a date is scanned again, even after its run row is deleted', async () => {
    const before = (await server.sql.query(`select kind, count(*)::int as n from alert group by kind order by kind`)).rows;
    await server.sql.query(`delete from daily_scan_run where business_date = $1`, [D1]);
    const again = await ok(RUN, { input: { date: D1 } });
    expect(again.runDailyScan.ranNow).toBe(true);
    expect(again.runDailyScan.run.alertsRaised).toBe(0);
    const after = (await server.sql.query(`select kind, count(*)::int as n from alert group by kind order by kind`)).rows;
    expect(after).toEqual(before);
  }, 60_000);

  it('refuses a date after today and writes nothing', async () => {
    const res = await server.gql(RUN, { input: { date: addDays(today, 1) } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.sql.query(`select count(*)::int as n from daily_scan_run where business_date = $1`, [addDays(today, 1)])).rows[0].n).toBe(0);
  });

  it('reports per org unit figures equal to an independent recomputation from the ledger', async () => {
    const units = (await server.sql.query(`select id, path from org_unit where path = '/' || id || '/' or name like '%贵阳%' order by length(path) limit 3`)).rows;
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) {
      const report = (await ok(REPORT, { unit: toGlobalId('OrgUnit', unit.id), date: D1 })).dailyReport;
      const { rows } = await server.sql.query(
        `with bo as (
           select b.service_account_id as sa, c.org_unit_id as unit,
                  greatest(0, b.amount - coalesce((select sum(x.amount) from allocation x where x.bill_id = b.id), 0)
                                       + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)) as open
           from bill b join customer c on c.id = b.customer_id where b.due_on < $2::date),
         acc as (select sa, unit, sum(open) as arrears from bo group by sa, unit),
         mine as (select acc.* from acc join org_unit o on o.id = acc.unit where o.path like $1 || '%')
         select (select count(*)::int from mine where arrears > 0) as "accountsInArrears",
                (select coalesce(sum(arrears), 0)::numeric(14,2)::text from mine) as "totalArrears",
                (select count(*)::int from mine where arrears > 500) as "accountsOverThreshold",
                (select coalesce(sum(p.amount), 0)::numeric(14,2)::text from payment p join customer c on c.id = p.customer_id join org_unit o on o.id = c.org_unit_id
                  where o.path like $1 || '%' and (p.paid_at at time zone 'Asia/Shanghai')::date = $3::date - 1) as "collectedYesterday",
                (select coalesce(sum(b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)), 0)::numeric(14,2)::text
                   from bill b join customer c on c.id = b.customer_id join org_unit o on o.id = c.org_unit_id
                  where o.path like $1 || '%' and b.due_on between date_trunc('month', $3::date)::date and $3::date) as "dueMonthToDate",
                (select coalesce(sum(x.amount), 0)::numeric(14,2)::text
                   from allocation x join bill b on b.id = x.bill_id join customer c on c.id = b.customer_id join org_unit o on o.id = c.org_unit_id
                  where o.path like $1 || '%' and b.due_on between date_trunc('month', $3::date)::date and $3::date) as "collectedMonthToDate"`,
        [unit.path, today, D1],
      );
      const expected = rows[0];
      expect(report.current).toMatchObject({ date: D1, ...expected });
      const due = Number(expected.dueMonthToDate);
      if (due > 0) expect(Number(report.current.collectionRateMonthToDate)).toBeCloseTo(Number(expected.collectedMonthToDate) / due, 5);
      expect(report.previous.date).toBe(D0);
      const prior = (await server.sql.query(`select total_arrears::text as t from daily_report where business_date = $1 and org_unit_id = $2`, [D0, unit.id])).rows[0];
      expect(report.previous.totalArrears).toBe(prior.t);
      expect(Number(report.totalArrearsChange)).toBeCloseTo(Number(expected.totalArrears) - Number(prior.t), 2);
    }
  });

  it('answers the latest report of the viewer\'s own unit when asked without arguments', async () => {
    const res = await ok(`{ dailyReport { date orgUnit { id } } }`, {});
    expect(res.dailyReport.date).toBe(D1);
  });

  it('is started by the scheduler of every instance at the configured time and still runs once a day', async () => {
    const orms = await Promise.all([initOrm(server.databaseUrl), initOrm(server.databaseUrl)]);
    const logger = pino({ level: 'silent' });
    // 00:00: due at once; both schedulers tick immediately on start.
    const schedulers = orms.map((orm) => startDailyScanScheduler(orm.em, '00:00', logger));
    try {
      await expect
        .poll(async () => (await server.sql.query(`select count(*)::int as n from daily_scan_run where business_date = $1`, [today])).rows[0].n, { timeout: 20_000 })
        .toBe(1);
    } finally {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      await Promise.all(orms.map((orm) => orm.close()));
    }
    expect((await server.sql.query(`select count(*)::int as n from daily_scan_run where business_date = $1`, [today])).rows[0].n).toBe(1);
  }, 60_000);
});
