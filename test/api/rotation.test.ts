/**
 * Staff rotation 轮岗 and the responsibility history 责任人履历 (issue 8 item 5;
 * seed 003: 大客户管理人员定期片区轮岗, 工作交接专项审查): moving exactly the
 * chosen accounts, history periods with from/to, the customer's history of
 * who was responsible when, its timeline entry, validation that writes
 * nothing, open alerts passing to the new owner, and collectors named one
 * account at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { DEMO_ROTATION_AT } from '../../server/src/db/seed/rotation-data.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert } from '../../server/src/modules/alerts/alert.service.js';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const ROTATE = `mutation($input: RotateAccountsInput!) { rotateAccounts(input: $input) {
  customerCount serviceAccountCount alertsReassigned fromUser { login } toUser { login } customers { id responsibleRep { login } } } }`;
const ASSIGN = `mutation($input: AssignCollectorInput!) { assignCollector(input: $input) {
  serviceAccount { id collector { login } } previousCollector { login } } }`;
const HISTORY = `query($id: ID!) { customer(id: $id) { responsibilityHistory {
  id role current startedAt endedAt reason user { login } changedBy { login } serviceAccount { id } customer { id } } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: string;
let stationLocal: number;
let leadGy: Record<string, string>;
let n = 0;

const localId = (id: string) => parseGlobalId(id)!.id;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const addDays = (date: string, days: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

async function must(query: string, variables: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await server.gql(query, variables, headers);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** A new staff user (as admin); returns its global ID. */
async function user(role: string, orgUnitId = station): Promise<{ id: string; login: string }> {
  n += 1;
  const login = `rot.${role.toLowerCase()}.${n}.${Date.now() % 100000}`;
  const data = await must(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
    input: { login, name: `轮岗测试${role}${n}`, role, orgUnitId, password: 'rotation-test-pw' },
  });
  return { id: data.createUser.user.id, login };
}

async function customer(repId: string | null, orgUnitId = station): Promise<string> {
  n += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `轮岗测试客户${n}`, uscc: testUscc(88000 + n), kind: 'COMMERCIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId, responsibleRepId: repId },
  });
  return data.createCustomer.customer.id;
}

async function account(customerId: string, orgUnitId = station): Promise<string> {
  n += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `66001122${String(n).padStart(6, '0')}`, orgUnitId, address: '贵阳市云岩区轮岗路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from responsibility_period) as periods,
    (select count(*)::int from audit_entry) as audits, (select count(*)::int from domain_event) as events,
    (select count(*)::int from customer where responsible_rep_id is not null) as assigned,
    (select coalesce(sum(responsible_rep_id), 0)::bigint::text from customer) as reps,
    (select coalesce(sum(collector_id), 0)::bigint::text from service_account) as collectors,
    (select coalesce(sum(owner_id), 0)::bigint::text from alert) as owners`);
  return rows[0];
}

/** The mutation fails with `code` naming `field`, and nothing at all is written. */
async function refused(query: string, input: Record<string, unknown>, field: string | null, code = 'BAD_USER_INPUT', headers = leadGy) {
  const before = await counts();
  const res = await server.gql(query, { input }, headers);
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  if (field) expect(res.errors![0]!.extensions!.fields!.map((f) => f.field)).toContain(field);
  expect(await counts()).toEqual(before);
}

async function periods(customerId: string) {
  return (await must(HISTORY, { id: customerId })).customer.responsibilityHistory as Array<{
    role: string; current: boolean; startedAt: string; endedAt: string | null; reason: string | null;
    user: { login: string }; changedBy: { login: string } | null; serviceAccount: { id: string } | null;
  }>;
}

async function raise(customerId: string, ownerId: string, serviceAccountId: string | null = null) {
  n += 1;
  const message = `轮岗测试预警${n}`;
  return orm.em.fork().transactional((em) =>
    raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.ARREARS_OVER_THRESHOLD, severity: AlertSeverity.WARNING, customerId: localId(customerId),
      serviceAccountId: serviceAccountId ? localId(serviceAccountId) : null, amount: '800.00', message, dedupeKey: `rotation-test:${message}`, ownerId: localId(ownerId),
    }),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  const unit = await unitOf(server, 'rep');
  station = unit.id;
  stationLocal = unit.localId;
  leadGy = bearer(await server.login('lead.gy'));
});

afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('responsibility history', () => {
  it('opens a REP period when a customer is created and passes it on when updateCustomer names another rep', async () => {
    const a = await user('REP');
    const b = await user('REP');
    const c = await customer(a.id);
    expect(await periods(c)).toMatchObject([{ role: 'REP', current: true, endedAt: null, user: { login: a.login }, changedBy: { login: 'admin' } }]);
    await must(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: c, responsibleRepId: b.id } });
    const history = await periods(c);
    expect(history.map((p) => [p.role, p.user.login, p.current])).toEqual([['REP', b.login, true], ['REP', a.login, false]]);
    expect(history[1]!.endedAt).toBe(history[0]!.startedAt);
  });

  it('records a responsible leader 包保领导 and its removal', async () => {
    const rep = await user('REP');
    const c = await customer(rep.id);
    const { rows } = await server.sql.query(`select id from app_user where login = 'lead.gy'`);
    const leader = toGlobalId('User', rows[0].id);
    const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`;
    await must(UPDATE, { input: { id: c, responsibleLeaderId: leader } });
    await must(UPDATE, { input: { id: c, responsibleLeaderId: null } });
    const leaders = (await periods(c)).filter((p) => p.role === 'LEADER');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]).toMatchObject({ user: { login: 'lead.gy' }, current: false });
    expect(leaders[0]!.endedAt).not.toBeNull();
  });

  it('backfilled the demo customers and service accounts with their current rep and collector', async () => {
    const { rows } = await server.sql.query(`select
      (select count(*)::int from customer c where c.responsible_rep_id is not null and not exists (
         select 1 from responsibility_period rp where rp.customer_id = c.id and rp.role = 'REP' and rp.ended_at is null and rp.user_id = c.responsible_rep_id)) as reps_missing,
      (select count(*)::int from service_account sa where sa.collector_id is not null and not exists (
         select 1 from responsibility_period rp where rp.service_account_id = sa.id and rp.role = 'COLLECTOR' and rp.ended_at is null and rp.user_id = sa.collector_id)) as collectors_missing,
      (select count(*)::int from service_account where collector_id is not null) as collected`);
    expect(rows[0]).toMatchObject({ reps_missing: 0, collectors_missing: 0 });
    expect(rows[0].collected).toBeGreaterThan(0);
  });

  it("shows the demo's autumn rotation as a closed collector period that the current one continues without a gap", async () => {
    const { rows } = await server.sql.query(`select old.user_id as before, cur.user_id as now, old.ended_at = cur.started_at as seamless, old.ended_at = $1::timestamptz as on_day
      from responsibility_period old join responsibility_period cur on cur.service_account_id = old.service_account_id and cur.role = 'COLLECTOR' and cur.ended_at is null
      where old.role = 'COLLECTOR' and old.ended_at is not null and old.reason like '%backfilled%'`, [DEMO_ROTATION_AT]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.seamless && r.on_day && r.before !== r.now)).toBe(true);
  });
});

describe('rotateAccounts', () => {
  it("moves exactly the chosen customers of a rep, with the history and the customer's timeline showing who was responsible when", async () => {
    const a = await user('REP');
    const b = await user('REP');
    const [c1, c2, c3] = [await customer(a.id), await customer(a.id), await customer(a.id)];
    const result = (await must(ROTATE, { input: { fromUserId: a.id, toUserId: b.id, role: 'REP', customerIds: [c1, c2], reason: '年度片区轮岗' } }, leadGy)).rotateAccounts;
    expect(result).toMatchObject({ customerCount: 2, serviceAccountCount: 0, alertsReassigned: 0, fromUser: { login: a.login }, toUser: { login: b.login } });
    expect(result.customers.map((c: { id: string }) => c.id).sort()).toEqual([c1, c2].sort());
    expect(result.customers.every((c: { responsibleRep: { login: string } }) => c.responsibleRep.login === b.login)).toBe(true);

    const { rows } = await server.sql.query(`select id, responsible_rep_id as rep from customer where id = any($1::int[]) order by id`, [[c1, c2, c3].map(localId)]);
    expect(rows.map((r) => r.rep)).toEqual([localId(b.id), localId(b.id), localId(a.id)]);

    const history = await periods(c1);
    expect(history.map((p) => [p.user.login, p.current, p.reason])).toEqual([[b.login, true, '年度片区轮岗'], [a.login, false, '建档 (customer recorded)']]);
    expect(history[0]).toMatchObject({ role: 'REP', changedBy: { login: 'lead.gy' } });
    expect(history[1]!.endedAt).toBe(history[0]!.startedAt);
    expect((await periods(c3)).map((p) => [p.user.login, p.current])).toEqual([[a.login, true]]);

    const audits = await server.sql.query(`select entity_id, before, after from audit_entry where action = 'rotation.rotate' and entity_id = any($1::int[]) order by entity_id`, [[c1, c2, c3].map(localId)]);
    expect(audits.rows.map((r) => r.entity_id)).toEqual([localId(c1), localId(c2)]);
    expect(audits.rows[0]).toMatchObject({ before: { responsibleRepId: localId(a.id) }, after: { responsibleRepId: localId(b.id), reason: '年度片区轮岗' } });
    const events = await server.sql.query(`select customer_id, payload from domain_event where kind = 'customer.updated' and payload->>'rotation' = 'true' and customer_id = any($1::int[])`, [[c1, c2, c3].map(localId)]);
    expect(events.rows).toHaveLength(2);
    expect(events.rows[0].payload).toMatchObject({ changedFields: ['responsibleRep'], previousResponsibleRepId: localId(a.id), responsibleRepId: localId(b.id) });

    const timeline = await must(`query($id: ID!) { customer(id: $id) { timeline(first: 20, filter: { kinds: [RESPONSIBILITY_CHANGED] }) {
      edges { node { kind subject { ... on ResponsibilityPeriod { role user { login } current } } } } } } }`, { id: c1 });
    expect(timeline.customer.timeline.edges.map((e: { node: { subject: { user: { login: string }; current: boolean } } }) => [e.node.subject.user.login, e.node.subject.current])).toEqual([
      [b.login, true],
      [a.login, false],
    ]);
  });

  it("rotates all of a rep's customers in the viewer's subtree when none are named, effective on the day given", async () => {
    const a = await user('REP');
    const b = await user('REP');
    const mine = [await customer(a.id), await customer(a.id)];
    const result = (await must(ROTATE, { input: { fromUserId: a.id, toUserId: b.id, role: 'REP', effectiveOn: today(), reason: '调岗' } }, leadGy)).rotateAccounts;
    expect(result.customerCount).toBe(2);
    const { rows } = await server.sql.query(`select count(*)::int as n from customer where responsible_rep_id = $1`, [localId(a.id)]);
    expect(rows[0].n).toBe(0);
    // Taken over on the customers' first day: the new period starts where the old one (begun today) ends.
    for (const c of mine) {
      const [now, before] = await periods(c);
      expect(before!.endedAt).toBe(now!.startedAt);
      expect(new Date(now!.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(before!.startedAt).getTime());
    }
  });

  it('passes the open alerts the old rep owned on the moved customers to the new rep, and leaves the others', async () => {
    const a = await user('REP');
    const b = await user('REP');
    const moved = await customer(a.id);
    const kept = await customer(a.id);
    const mineOnMoved = await raise(moved, a.id);
    const someoneElses = await raise(moved, b.id === a.id ? a.id : (await user('REP')).id);
    const mineOnKept = await raise(kept, a.id);
    const result = (await must(ROTATE, { input: { fromUserId: a.id, toUserId: b.id, role: 'REP', customerIds: [moved], reason: '轮岗' } }, leadGy)).rotateAccounts;
    expect(result.alertsReassigned).toBe(1);
    const { rows } = await server.sql.query(`select id::int as id, owner_id as owner from alert where id = any($1::bigint[]) order by id`, [[mineOnMoved.id, someoneElses.id, mineOnKept.id]]);
    const owner = new Map(rows.map((r) => [r.id, r.owner]));
    expect(owner.get(mineOnMoved.id)).toBe(localId(b.id));
    expect(owner.get(someoneElses.id)).not.toBe(localId(b.id));
    expect(owner.get(mineOnKept.id)).toBe(localId(a.id));
  });

  it("moves a collector's chosen service accounts with their open alerts, one event per customer", async () => {
    const from = await user('COLLECTOR');
    const to = await user('COLLECTOR');
    const rep = await user('REP');
    const c = await customer(rep.id);
    const [sa1, sa2, sa3] = [await account(c), await account(c), await account(c)];
    for (const sa of [sa1, sa2, sa3]) await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: from.id, reason: '分片包干' } }, leadGy);
    const alert = await raise(c, from.id, sa1);
    const eventsBefore = (await server.sql.query(`select count(*)::int as n from domain_event where customer_id = $1`, [localId(c)])).rows[0].n;
    const result = (await must(ROTATE, { input: { fromUserId: from.id, toUserId: to.id, role: 'COLLECTOR', serviceAccountIds: [sa1, sa2], reason: '收费员轮岗' } }, leadGy)).rotateAccounts;
    expect(result).toMatchObject({ customerCount: 1, serviceAccountCount: 2, alertsReassigned: 1 });
    const { rows } = await server.sql.query(`select id, collector_id as collector from service_account where id = any($1::int[]) order by id`, [[sa1, sa2, sa3].map(localId)]);
    expect(rows.map((r) => r.collector)).toEqual([localId(to.id), localId(to.id), localId(from.id)]);
    expect((await server.sql.query(`select owner_id from alert where id = $1`, [alert.id])).rows[0].owner_id).toBe(localId(to.id));
    expect((await server.sql.query(`select count(*)::int as n from domain_event where customer_id = $1`, [localId(c)])).rows[0].n).toBe(eventsBefore + 1);

    const collectors = (await periods(c)).filter((p) => p.role === 'COLLECTOR' && p.serviceAccount?.id === sa1);
    expect(collectors.map((p) => [p.user.login, p.current, p.reason])).toEqual([[to.login, true, '收费员轮岗'], [from.login, false, '分片包干']]);
    const timeline = await must(`query($id: ID!) { customer(id: $id) { timeline(first: 20, filter: { kinds: [COLLECTOR_CHANGED] }) { edges { node { kind } } } } }`, { id: c });
    expect(timeline.customer.timeline.edges).toHaveLength(5);
  });

  describe('refuses bad rotations and writes nothing', () => {
    let a: { id: string; login: string };
    let b: { id: string; login: string };
    let mine: string;
    beforeAll(async () => {
      a = await user('REP');
      b = await user('REP');
      mine = await customer(a.id);
    });

    it('refuses a rotation to the same person', () =>
      refused(ROTATE, { fromUserId: a.id, toUserId: a.id, role: 'REP', reason: '轮岗' }, 'toUserId'));

    it('refuses a REP rotation to a collector (wrong role)', async () => {
      const collector = await user('COLLECTOR');
      await refused(ROTATE, { fromUserId: a.id, toUserId: collector.id, role: 'REP', reason: '轮岗' }, 'toUserId');
    });

    it('refuses a COLLECTOR rotation to a rep (wrong role)', async () => {
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'COLLECTOR', reason: '轮岗' }, 'toUserId');
    });

    it('refuses a new rep outside the org subtree of the accounts', async () => {
      const { rows } = await server.sql.query(`select id from org_unit where kind = 'STATION' and path not like (select path from org_unit where id = $1) || '%' order by id limit 1`, [stationLocal]);
      const far = await user('REP', toGlobalId('OrgUnit', rows[0].id));
      await refused(ROTATE, { fromUserId: a.id, toUserId: far.id, role: 'REP', reason: '轮岗' }, 'toUserId');
    });

    it('refuses a disabled new rep', async () => {
      const gone = await user('REP');
      await must(`mutation($input: UserIdInput!) { disableUser(input: $input) { user { id } } }`, { input: { id: gone.id } });
      await refused(ROTATE, { fromUserId: a.id, toUserId: gone.id, role: 'REP', reason: '轮岗' }, 'toUserId');
    });

    it("refuses a customer that is not the old rep's", async () => {
      const others = await customer(b.id);
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', customerIds: [mine, others], reason: '轮岗' }, 'customerIds.1');
    });

    it("refuses, for a lead, a rep's customers outside the lead's subtree as not found in it", async () => {
      const { rows } = await server.sql.query(`select o.id from org_unit o where o.kind = 'STATION' and o.path not like (select path from org_unit u join app_user x on x.org_unit_id = u.id where x.login = 'lead.gy') || '%' order by o.id limit 1`);
      const farStation = toGlobalId('OrgUnit', rows[0].id);
      const farRep = await user('REP', farStation);
      const farOther = await user('REP', farStation);
      const farCustomer = await customer(farRep.id, farStation);
      await refused(ROTATE, { fromUserId: farRep.id, toUserId: farOther.id, role: 'REP', customerIds: [farCustomer], reason: '轮岗' }, 'customerIds.0');
      await refused(ROTATE, { fromUserId: farRep.id, toUserId: farOther.id, role: 'REP', reason: '轮岗' }, 'fromUserId');
    });

    it('refuses an effective day in the future or before the current rep took over', async () => {
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', effectiveOn: addDays(today(), 1), reason: '轮岗' }, 'effectiveOn');
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', effectiveOn: addDays(today(), -1), reason: '轮岗' }, 'effectiveOn');
    });

    it('refuses a blank reason', () => refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', reason: '  ' }, 'reason'));

    it('refuses rotation by a rep or collector (customers:assign is for leads)', async () => {
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', reason: '轮岗' }, null, 'FORBIDDEN', bearer(await server.login('rep')));
      await refused(ROTATE, { fromUserId: a.id, toUserId: b.id, role: 'REP', reason: '轮岗' }, null, 'FORBIDDEN', bearer(await server.login('collector')));
    });
  });
});

describe('assignCollector', () => {
  it('names, changes and clears the collector of an account, keeping each period', async () => {
    const rep = await user('REP');
    const c = await customer(rep.id);
    const sa = await account(c);
    const first = await user('COLLECTOR');
    const second = await user('COLLECTOR');
    expect((await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: first.id, reason: '新户分配' } }, leadGy)).assignCollector).toMatchObject({
      serviceAccount: { collector: { login: first.login } }, previousCollector: null,
    });
    const alert = await raise(c, first.id, sa);
    expect((await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: second.id, reason: '调整片区' } }, leadGy)).assignCollector.previousCollector.login).toBe(first.login);
    expect((await server.sql.query(`select owner_id from alert where id = $1`, [alert.id])).rows[0].owner_id).toBe(localId(second.id));
    await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: null, reason: '销户前停收' } }, leadGy);
    const history = (await periods(c)).filter((p) => p.role === 'COLLECTOR');
    expect(history.map((p) => [p.user.login, p.current])).toEqual([[second.login, false], [first.login, false]]);
    const { rows } = await server.sql.query(`select action from audit_entry where entity_type = 'ServiceAccount' and entity_id = $1 and action = 'service_account.assign_collector'`, [localId(sa)]);
    expect(rows).toHaveLength(3);
  });

  it('writes nothing when the collector stays the same', async () => {
    const c = await customer((await user('REP')).id);
    const sa = await account(c);
    const col = await user('COLLECTOR');
    await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: col.id, reason: '分配' } }, leadGy);
    const before = await counts();
    await must(ASSIGN, { input: { serviceAccountId: sa, collectorId: col.id, reason: '再次分配' } }, leadGy);
    expect(await counts()).toEqual(before);
  });

  it('refuses a non-collector, and an account outside the subtree as NOT_FOUND', async () => {
    const c = await customer((await user('REP')).id);
    const sa = await account(c);
    await refused(ASSIGN, { serviceAccountId: sa, collectorId: (await user('REP')).id, reason: '分配' }, 'collectorId');
    const { rows } = await server.sql.query(`select sa.id from service_account sa join org_unit o on o.id = sa.org_unit_id
      where o.path not like (select path from org_unit u join app_user x on x.org_unit_id = u.id where x.login = 'lead.gy') || '%'
        and sa.customer_id in (select c.id from customer c join org_unit co on co.id = c.org_unit_id
          where co.path not like (select path from org_unit u join app_user x on x.org_unit_id = u.id where x.login = 'lead.gy') || '%')
      order by sa.id limit 1`);
    await refused(ASSIGN, { serviceAccountId: toGlobalId('ServiceAccount', rows[0].id), collectorId: null, reason: '分配' }, null, 'NOT_FOUND');
  });
});
