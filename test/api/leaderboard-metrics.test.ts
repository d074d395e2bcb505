/**
 * The metric counters and the metric reader (issue 7 item 2; the contract
 * targets build on): counts kept in the writing transaction, read per person
 * and per org subtree, equal to a recomputation from the facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { decodeId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { initOrm } from '../../server/src/db/orm.js';
import { calendarDateIn } from '../../server/src/calendar.js';
import { Metric, PeriodKind, periodOf } from '../../server/src/modules/metrics/metric.enums.js';
import { readMetric } from '../../server/src/modules/metrics/metric-reader.js';
import { rebuildMetricCounters } from '../../server/src/modules/metrics/metric-counters.js';
import { addAccount, counterRows, createCustomer, logVisit, recordBill, recordPayment } from './leaderboard-fixtures.js';

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: { id: string; dbId: number; path: string };
let branchDbId: number;
let repDbId: number;
let repId: string;

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl, { pool: { min: 0, max: 2 } });
  const { rows } = await server.sql.query<{ station_id: number; path: string; branch_id: number; rep_id: number }>(`
    select s.id as station_id, s.path, b.id as branch_id, u.id as rep_id
    from org_unit s join org_unit b on b.kind = 'BRANCH' and s.path like b.path || '%'
    join app_user u on u.org_unit_id = s.id and u.role = 'REP'
    where s.kind = 'STATION' order by s.id, u.id limit 1`);
  const row = rows[0]!;
  station = { id: toGlobalId('OrgUnit', row.station_id), dbId: row.station_id, path: row.path };
  branchDbId = row.branch_id;
  repDbId = row.rep_id;
  repId = toGlobalId('User', row.rep_id);
});

afterAll(async () => {
  await orm?.close();
  await server?.close();
});

const read = (metric: Metric, day: string, subjects: Array<{ kind: 'USER' | 'ORG_UNIT'; id: number }>, kind = PeriodKind.MONTH, channel: string | null = null) =>
  readMetric(orm.em.fork(), { metric, channel, period: periodOf(kind, day), subjects });

describe('metric counters', () => {
  it('counts a visit for its recorder and for every org unit above the customer, by channel', async () => {
    const customer = await createCustomer(server, station.id, repId);
    const at = new Date(Date.now() - 60_000);
    const day = calendarDateIn(at);
    const admin = (await server.sql.query<{ id: number }>(`select id from app_user where login = 'admin'`)).rows[0]!.id;
    const subjects = [
      { kind: 'USER' as const, id: admin },
      { kind: 'ORG_UNIT' as const, id: station.dbId },
      { kind: 'ORG_UNIT' as const, id: branchDbId },
    ];
    const before = await read(Metric.VISITS, day, subjects, PeriodKind.DAY);
    const beforeWechat = await read(Metric.VISITS, day, subjects, PeriodKind.DAY, 'WECHAT');
    await logVisit(server, customer, at, 'PHONE');
    await logVisit(server, customer, at, 'WECHAT');
    const after = await read(Metric.VISITS, day, subjects, PeriodKind.DAY);
    const afterWechat = await read(Metric.VISITS, day, subjects, PeriodKind.DAY, 'WECHAT');
    for (const key of [`USER:${admin}`, `ORG_UNIT:${station.dbId}`, `ORG_UNIT:${branchDbId}`]) {
      expect(Number(after.get(key)) - Number(before.get(key)), key).toBe(2);
      expect(Number(afterWechat.get(key)) - Number(beforeWechat.get(key)), key).toBe(1);
    }
    expect(after.get(`USER:${admin}`)).toMatch(/^\d+\.00$/);
    // The same key customer visited twice on one day is covered once.
    const covered = await read(Metric.KEY_ACCOUNTS_COVERED, day, [{ kind: 'USER', id: admin }], PeriodKind.DAY);
    expect(Number(covered.get(`USER:${admin}`))).toBeGreaterThanOrEqual(1);
  });

  it('answers 0.00 for subjects without facts', async () => {
    const values = await read(Metric.AMOUNT_COLLECTED, '2001-01-15', [{ kind: 'USER', id: repDbId }, { kind: 'ORG_UNIT', id: station.dbId }]);
    expect(Object.fromEntries(values)).toEqual({ [`USER:${repDbId}`]: '0.00', [`ORG_UNIT:${station.dbId}`]: '0.00' });
  });

  it('credits payments to the customer rep and computes the collection rate in percent of the bills due in the period', async () => {
    // March 2021 is before any demo bill (the seed's ledger covers at most the last 3 years), so the rep's figures there are ours alone.
    const customer = await createCustomer(server, station.id, repId);
    const account = await addAccount(server, customer, station.id);
    await server.sql.query(`update service_account set collector_id = null where id = $1`, [decodeId(account, 'ServiceAccount', 'id')]);
    await recordBill(server, account, '200.00', '2021-03-10');
    await recordBill(server, account, '100.00', '2021-03-20');
    const before = await read(Metric.AMOUNT_COLLECTED, '2021-04-01', [{ kind: 'USER', id: repDbId }]);
    await recordPayment(server, account, '250.00', new Date('2021-04-02T02:00:00Z'));
    const collected = await read(Metric.AMOUNT_COLLECTED, '2021-04-01', [{ kind: 'USER', id: repDbId }, { kind: 'ORG_UNIT', id: station.dbId }]);
    expect(Number(collected.get(`USER:${repDbId}`)) - Number(before.get(`USER:${repDbId}`))).toBe(250);
    const rate = await read(Metric.COLLECTION_RATE, '2021-03-01', [{ kind: 'USER', id: repDbId }]);
    // 250 collected of the 300 due in March 2021.
    expect(rate.get(`USER:${repDbId}`)).toBe('83.33');
    const arrears = await read(Metric.ARREARS_REDUCED, '2021-04-01', [{ kind: 'USER', id: repDbId }]);
    expect(Number(arrears.get(`USER:${repDbId}`))).toBeGreaterThanOrEqual(250);
  });

  it('keeps the counters equal to a recomputation from the facts', async () => {
    const incremental = await counterRows(server);
    await rebuildMetricCounters(server.sql);
    expect(await counterRows(server)).toEqual(incremental);
  });
});
