/**
 * Safety inspections 安全检查/巡检 and rectification notices 整改通知书 (issue 8
 * item 3; DOMAIN.md "Facilities and safety"; seed 003 §3(3)): schedules by
 * tier, recording an inspection whose findings open notices, closing a notice
 * only with evidence, the overdue alert of the daily scan, the return visit a
 * closed notice schedules, the timeline and scoping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { scanRectificationDeadlines } from '../../server/src/modules/inspections/inspection.service.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import pg from 'pg';
import { seedDemoData } from '../../server/src/db/seed/demo-data.js';
import { createMigratedDatabase, startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { demoTree, gqlData, inDays, localId, testUscc } from '../support/fixtures.js';
import { todayIn } from '../../server/src/calendar.js';

const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  inspection { id kind performedOn result note recordedBy { login } inspectors { login } customer { id }
               findings { sequence category severity description notice { id } } notices { id } }
  notices { id number deadline originalDeadline status overdue owner { id login } finding { category } inspection { id } } } }`;
const CLOSE = `mutation($input: CloseRectificationNoticeInput!) { closeRectificationNotice(input: $input) {
  notice { id status closedAt closedBy { login } evidenceNote evidenceReference overdue returnVisit { id } }
  returnVisit { id reason status dueOn owner { id } notice { id } customer { id } } } }`;
const EXTEND = `mutation($input: ExtendRectificationDeadlineInput!) { extendRectificationDeadline(input: $input) { notice { id deadline originalDeadline extensions } } }`;
const SCHEDULE = `query($id: ID!) { customer(id: $id) { inspectionSchedule { kind intervalMonths lastPerformedOn dueOn overdue } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let station: string;
let repId: string;
let repLogin: string;
let seq = 0;


const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function addMonths(date: string, months: number): Promise<string> {
  const { rows } = await server.sql.query(`select ($1::date + make_interval(months => $2))::date::text as d`, [date, months]);
  return rows[0].d;
}

async function createCustomer(tier = 'KEY', utility = 'GAS', orgUnitId = station, rep: string | null = repId): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `安检测试客户${seq}`, uscc: testUscc(82000 + seq), kind: 'HOTEL', utility, tier, status: 'ACTIVE', orgUnitId, responsibleRepId: rep },
  });
  return data.createCustomer.customer.id;
}

/** Day the schedule of a never-inspected customer counts from: its development (or creation) day. */
async function startDay(customerId: string): Promise<string> {
  const { rows } = await server.sql.query(
    `select ((coalesce(developed_at, created_at) at time zone 'Asia/Shanghai')::date)::text as d from customer where id = $1`,
    [localId(customerId)],
  );
  return rows[0].d;
}

function inspection(customerId: string, extra: Record<string, unknown> = {}) {
  return { customerId, kind: 'ROUTINE', performedOn: todayIn(), result: 'PASSED', findings: [], ...extra };
}

/** Records an inspection with one finding that opens a notice due `deadline`; returns the notice. */
async function openNotice(customerId: string, deadline = inDays(14), severity = 'MAJOR', headers?: Record<string, string>) {
  const data = await must(
    RECORD,
    {
      input: inspection(customerId, {
        result: 'HAZARDS_FOUND',
        findings: [{ category: 'BYPASS_VALVE_LOCK', severity, description: '旁通阀未加锁', openNotice: true, deadline }],
      }),
    },
    headers,
  );
  return data.recordInspection.notices[0] as { id: string; number: string; deadline: string };
}

async function counts() {
  const { rows } = await server.sql.query(`select
    (select count(*) from inspection)::int as inspections, (select count(*) from inspection_finding)::int as findings,
    (select count(*) from rectification_notice)::int as notices, (select count(*) from return_visit)::int as "returnVisits",
    (select count(*) from audit_entry)::int as audits, (select count(*) from domain_event)::int as events,
    (select count(*) from alert where resolved_at is null)::int as "openAlerts"`);
  return rows[0];
}

async function scan(businessDate: string) {
  const em = orm.em.fork();
  const tally = { accounts: 0, raised: 0, resolved: 0 };
  await em.transactional((tx) => scanRectificationDeadlines(tx, businessDate, tally));
  return tally;
}

async function alertsOf(noticeId: string) {
  const { rows } = await server.sql.query(
    `select id, kind, severity, owner_id, resolved_at, dedupe_key from alert where dedupe_key like $1 order by id`,
    [`RECTIFICATION_OVERDUE:notice:${localId(noticeId)}:%`],
  );
  return rows;
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  station = (await unitOf(server, 'rep')).id;
  repLogin = 'rep';
  repId = await userIdOf(server, 'rep');
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('inspection schedule 巡检频次', () => {
  it('schedules a strategic gas account monthly and a key account quarterly, each with a yearly safety inspection', async () => {
    const strategic = await createCustomer('STRATEGIC');
    const key = await createCustomer('KEY');
    const s = (await must(SCHEDULE, { id: strategic })).customer.inspectionSchedule;
    const k = (await must(SCHEDULE, { id: key })).customer.inspectionSchedule;
    const from = await startDay(strategic);
    expect(s).toEqual(
      expect.arrayContaining([
        { kind: 'ROUTINE', intervalMonths: 1, lastPerformedOn: null, dueOn: await addMonths(from, 1), overdue: false },
        { kind: 'ANNUAL_SAFETY', intervalMonths: 12, lastPerformedOn: null, dueOn: await addMonths(from, 12), overdue: false },
      ]),
    );
    expect(s).toHaveLength(2);
    expect(k.map((d: { kind: string; intervalMonths: number }) => [d.kind, d.intervalMonths]).sort()).toEqual([['ANNUAL_SAFETY', 12], ['ROUTINE', 3]]);
  });

  it('counts from the last inspection of the kind (an annual safety inspection counts as routine) and lists what is overdue', async () => {
    const key = await createCustomer('KEY');
    const performedOn = inDays(-100);
    await must(RECORD, { input: inspection(key, { kind: 'ANNUAL_SAFETY', performedOn }) });
    const schedule = (await must(SCHEDULE, { id: key })).customer.inspectionSchedule;
    const routine = schedule.find((d: { kind: string }) => d.kind === 'ROUTINE');
    expect(routine).toEqual({ kind: 'ROUTINE', intervalMonths: 3, lastPerformedOn: performedOn, dueOn: await addMonths(performedOn, 3), overdue: true });
    expect(schedule.find((d: { kind: string }) => d.kind === 'ANNUAL_SAFETY').dueOn).toBe(await addMonths(performedOn, 12));

    const due = await must(`query($unit: ID) { inspectionsDue(orgUnitId: $unit, first: 100) { totalCount edges { node { kind dueOn overdue customer { id } } } } }`, { unit: station });
    const mine = due.inspectionsDue.edges.map((e: { node: { customer: { id: string }; kind: string } }) => e.node).filter((n: { customer: { id: string } }) => n.customer.id === key);
    expect(mine).toEqual([{ kind: 'ROUTINE', dueOn: routine.dueOn, overdue: true, customer: { id: key } }]);
    const dueDays = due.inspectionsDue.edges.map((e: { node: { dueOn: string } }) => e.node.dueOn);
    expect(dueDays).toEqual([...dueDays].sort());
    expect(dueDays.every((d: string) => d <= todayIn())).toBe(true);
  });

  it('lets an admin change a frequency, which applies at once; other roles may not', async () => {
    const key = await createCustomer('KEY');
    const from = await startDay(key);
    const SET = `mutation($input: SetInspectionPolicyInput!) { setInspectionPolicy(input: $input) { policies { utility tier kind intervalMonths } } }`;
    const input = { utility: 'GAS', tier: 'KEY', kind: 'ROUTINE', intervalMonths: 2 };
    const lead = await server.login('lead');
    expect((await server.gql(SET, { input }, bearer(lead))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await server.gql(SET, { input: { ...input, kind: 'SPECIAL' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const set = await must(SET, { input });
    expect(set.setInspectionPolicy.policies).toContainEqual({ utility: 'GAS', tier: 'KEY', kind: 'ROUTINE', intervalMonths: 2 });
    const routine = (await must(SCHEDULE, { id: key })).customer.inspectionSchedule.find((d: { kind: string }) => d.kind === 'ROUTINE');
    expect(routine.dueOn).toBe(await addMonths(from, 2));
    await must(SET, { input: { ...input, intervalMonths: 3 } });
    const power = await createCustomer('STRATEGIC', 'POWER');
    expect((await must(SCHEDULE, { id: power })).customer.inspectionSchedule).toEqual([]);
  });
});

describe('recording inspections and rectification notices 整改通知书', () => {
  it('records an inspection with its findings in one go; a finding marked openNotice opens a numbered notice owned by the rep', async () => {
    const customer = await createCustomer('STRATEGIC');
    const lead = (await server.sql.query(`select id from app_user where login = 'lead.gy'`)).rows[0].id;
    const data = await must(RECORD, {
      input: inspection(customer, {
        kind: 'ANNUAL_SAFETY',
        result: 'HAZARDS_FOUND',
        note: '年度安全检查',
        inspectorIds: [toGlobalId('User', lead)],
        findings: [
          { category: 'PIPE', severity: 'MINOR', description: '架空管道局部锈蚀' },
          { category: 'LEAK', severity: 'CRITICAL', description: '阀门接口微量泄漏', openNotice: true, deadline: inDays(3) },
        ],
      }),
    });
    const { inspection: recorded, notices } = data.recordInspection;
    expect(recorded).toMatchObject({ kind: 'ANNUAL_SAFETY', performedOn: todayIn(), result: 'HAZARDS_FOUND', note: '年度安全检查', recordedBy: { login: 'admin' } });
    expect(recorded.inspectors.map((u: { login: string }) => u.login).sort()).toEqual(['admin', 'lead.gy']);
    expect(recorded.findings).toEqual([
      { sequence: 1, category: 'PIPE', severity: 'MINOR', description: '架空管道局部锈蚀', notice: null },
      { sequence: 2, category: 'LEAK', severity: 'CRITICAL', description: '阀门接口微量泄漏', notice: { id: notices[0].id } },
    ]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      deadline: inDays(3), originalDeadline: inDays(3), status: 'OPEN', overdue: false, owner: { id: repId }, finding: { category: 'LEAK' }, inspection: { id: recorded.id },
    });
    expect(notices[0].number).toBe(`ZG-${todayIn().slice(0, 4)}-${String(localId(notices[0].id)).padStart(6, '0')}`);
    const audit = await server.sql.query(`select after from audit_entry where action = 'inspection.record' and entity_id = $1`, [localId(recorded.id)]);
    expect(audit.rows[0].after.notices).toHaveLength(1);
  });

  it('lists a customer\'s inspections newest first, page by page, filtered by kind', async () => {
    const customer = await createCustomer();
    for (const [kind, days] of [['ROUTINE', -60], ['ANNUAL_SAFETY', -30], ['ROUTINE', -5], ['SPECIAL', -5]] as const) {
      await must(RECORD, { input: inspection(customer, { kind, performedOn: inDays(days) }) });
    }
    const LIST = `query($filter: InspectionFilter, $after: String) { inspections(first: 2, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { kind performedOn } } } }`;
    const first = await must(LIST, { filter: { customerId: customer } });
    expect(first.inspections.totalCount).toBe(4);
    const second = await must(LIST, { filter: { customerId: customer }, after: first.inspections.pageInfo.endCursor });
    const days = [...first.inspections.edges, ...second.inspections.edges].map((e: { node: { performedOn: string } }) => e.node.performedOn);
    expect(days).toEqual([inDays(-5), inDays(-5), inDays(-30), inDays(-60)]);
    expect(second.inspections.pageInfo.hasNextPage).toBe(false);
    const routine = await must(LIST, { filter: { customerId: customer, kinds: ['ROUTINE'], performedFrom: inDays(-10) } });
    expect(routine.inspections.edges.map((e: { node: unknown }) => e.node)).toEqual([{ kind: 'ROUTINE', performedOn: inDays(-5) }]);
  });

  it('rejects a bad inspection with every field error and writes nothing', async () => {
    const customer = await createCustomer();
    const before = await counts();
    const res = await server.gql(RECORD, {
      input: inspection(customer, {
        performedOn: inDays(1),
        result: 'PASSED',
        findings: [
          { category: 'METER', severity: 'MAJOR', description: '表计超期未检', openNotice: true },
          { category: 'PIPE', severity: 'MINOR', description: '锈蚀', openNotice: true, deadline: inDays(-1) },
        ],
      }),
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.field).sort()).toEqual(
      ['findings.0.deadline', 'findings.0.openNotice', 'findings.1.deadline', 'findings.1.openNotice', 'performedOn'].sort(),
    );
    const blank = await server.gql(RECORD, { input: inspection(customer, { result: 'HAZARDS_FOUND', findings: [] }) });
    expect(blank.errors?.[0]?.extensions?.fields).toEqual([{ field: 'findings', message: expect.stringContaining('HAZARDS_FOUND') }]);
    expect(await counts()).toEqual(before);
  });

  it('needs evidence to close a notice: a missing note or reference is BAD_USER_INPUT and nothing is written', async () => {
    const notice = await openNotice(await createCustomer());
    const before = await counts();
    const noReference = await server.gql(CLOSE, { input: { noticeId: notice.id, evidenceNote: '已加锁' } });
    expect(noReference.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noReference.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toEqual(['evidenceReference']);
    const blank = await server.gql(CLOSE, { input: { noticeId: notice.id, evidenceNote: '  ', evidenceReference: 'IMG-1' } });
    expect(blank.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toEqual(['evidenceNote']);
    expect(await counts()).toEqual(before);
    const { rows } = await server.sql.query(`select status, closed_at from rectification_notice where id = $1`, [localId(notice.id)]);
    expect(rows[0]).toEqual({ status: 'OPEN', closed_at: null });
  });

  it('raises one RECTIFICATION_OVERDUE alert for an overdue notice, however often the scan runs', async () => {
    const customer = await createCustomer();
    const notice = await openNotice(customer, todayIn(), 'CRITICAL');
    // Due today: not overdue yet.
    await scan(todayIn());
    expect(await alertsOf(notice.id)).toEqual([]);
    const first = await scan(inDays(1));
    const second = await scan(inDays(1));
    const alerts = await alertsOf(notice.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'RECTIFICATION_OVERDUE', severity: 'CRITICAL', owner_id: localId(repId), resolved_at: null });
    expect(first.raised).toBeGreaterThanOrEqual(1);
    expect(second.raised).toBe(0);
    // Resolved by hand while still open: still not raised again for the same deadline.
    await server.sql.query(`update alert set resolved_at = now() where id = $1`, [alerts[0].id]);
    expect((await scan(inDays(2))).raised).toBe(0);
  });

  it('runs as a step of the daily scan 日监测', async () => {
    const notice = await openNotice(await createCustomer());
    await server.sql.query(`update rectification_notice set deadline = $2, original_deadline = $2 where id = $1`, [localId(notice.id), inDays(-1)]);
    const res = await must(`mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow } }`, { input: { date: todayIn() } });
    expect(res.runDailyScan.ranNow).toBe(true);
    expect(await alertsOf(notice.id)).toHaveLength(1);
    const listed = await must(`{ rectificationNotices(first: 100, filter: { overdue: true }) { edges { node { id overdue } } } }`);
    expect(listed.rectificationNotices.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(notice.id);
  });

  it('closing a notice resolves its own overdue alert, not another notice\'s, and schedules a return visit 3 days later', async () => {
    const customer = await createCustomer();
    const notice = await openNotice(customer, todayIn());
    const other = await openNotice(customer, todayIn());
    await scan(inDays(1));
    expect(await alertsOf(notice.id)).toHaveLength(1);
    const data = await must(CLOSE, { input: { noticeId: notice.id, evidenceNote: '旁通阀已加锁并复查', evidenceReference: 'FC-20261126-01' } });
    const { notice: closed, returnVisit } = data.closeRectificationNotice;
    expect(closed).toMatchObject({ status: 'CLOSED', closedBy: { login: 'admin' }, evidenceNote: '旁通阀已加锁并复查', evidenceReference: 'FC-20261126-01', overdue: false, returnVisit: { id: returnVisit.id } });
    expect(returnVisit).toEqual({ id: expect.any(String), reason: 'RECTIFICATION', status: 'SCHEDULED', dueOn: inDays(3), owner: { id: repId }, notice: { id: notice.id }, customer: { id: customer } });
    expect((await alertsOf(notice.id))[0].resolved_at).not.toBeNull();
    expect((await alertsOf(other.id))[0].resolved_at).toBeNull();
    const again = await server.gql(CLOSE, { input: { noticeId: notice.id, evidenceNote: '再次', evidenceReference: 'X' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('extends a deadline only with a reason and a later day, audits it and resolves the alert of the old deadline', async () => {
    const notice = await openNotice(await createCustomer(), todayIn());
    await scan(inDays(1));
    const before = await counts();
    const noReason = await server.gql(EXTEND, { input: { noticeId: notice.id, deadline: inDays(10), reason: ' ' } });
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const earlier = await server.gql(EXTEND, { input: { noticeId: notice.id, deadline: todayIn(), reason: '配件未到' } });
    expect(earlier.errors?.[0]?.extensions?.fields?.[0]?.field).toBe('deadline');
    expect(await counts()).toEqual(before);
    const data = await must(EXTEND, { input: { noticeId: notice.id, deadline: inDays(10), reason: '配件未到' } });
    expect(data.extendRectificationDeadline.notice).toMatchObject({ deadline: inDays(10), originalDeadline: todayIn(), extensions: 1 });
    expect((await alertsOf(notice.id))[0].resolved_at).not.toBeNull();
    const audit = await server.sql.query(`select before, after from audit_entry where action = 'rectification_notice.extend' and entity_id = $1`, [localId(notice.id)]);
    expect(audit.rows[0]).toEqual({ before: { deadline: todayIn(), extensions: 0 }, after: { deadline: inDays(10), extensions: 1, reason: '配件未到' } });
    expect((await scan(inDays(1))).raised).toBe(0);
  });

  it('lists notices by status, overdue, owner and deadline, earliest deadline first', async () => {
    const customer = await createCustomer();
    const late = await openNotice(customer, inDays(30));
    const soon = await openNotice(customer, inDays(2));
    const LIST = `query($filter: RectificationNoticeFilter, $after: String) { rectificationNotices(first: 2, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id deadline status owner { id } customer { id } } } } }`;
    const filter = { statuses: ['OPEN'], ownerId: repId, deadlineBefore: inDays(30), overdue: false };
    const all: Array<{ id: string; deadline: string }> = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const data = await must(LIST, { filter, after });
      all.push(...data.rectificationNotices.edges.map((e: { node: { id: string; deadline: string } }) => e.node));
      if (!data.rectificationNotices.pageInfo.hasNextPage) break;
      after = data.rectificationNotices.pageInfo.endCursor;
    }
    const ids = all.map((n) => n.id);
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(late.id));
    expect(ids.indexOf(soon.id)).toBeGreaterThanOrEqual(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.map((n) => n.deadline)).toEqual(all.map((n) => n.deadline).sort());
    expect(all.every((n) => n.deadline >= todayIn() && n.deadline <= inDays(30))).toBe(true);
    const closedOnly = await must(LIST, { filter: { statuses: ['CLOSED'], deadlineBefore: inDays(30) } });
    expect(closedOnly.rectificationNotices.edges.every((e: { node: { status: string } }) => e.node.status === 'CLOSED')).toBe(true);
  });
});

describe('timeline, scoping and the demo data', () => {
  it('shows inspections, notices and the return visit in the customer timeline', async () => {
    const customer = await createCustomer();
    const notice = await openNotice(customer);
    await must(CLOSE, { input: { noticeId: notice.id, evidenceNote: '已整改', evidenceReference: 'IMG-7' } });
    const data = await must(
      `query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { kind subject {
         ... on Inspection { id result } ... on RectificationNotice { id status } ... on ReturnVisit { id reason } } } } } } }`,
      { id: customer },
    );
    const kinds = data.customer.timeline.edges.map((e: { node: { kind: string } }) => e.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(['INSPECTION_PERFORMED', 'RECTIFICATION_OPENED', 'RECTIFICATION_CLOSED', 'RETURN_VISIT_SCHEDULED']));
    const closed = data.customer.timeline.edges.find((e: { node: { kind: string } }) => e.node.kind === 'RECTIFICATION_CLOSED');
    expect(closed.node.subject).toEqual({ id: notice.id, status: 'CLOSED' });
  });

  it('limits a rep to its own customers and hides another branch\'s notices as NOT_FOUND', async () => {
    const tree = await demoTree(server.sql);
    const gyPath = (await unitOf(server, 'lead.gy')).path;
    const farBranch = tree.branches.find((b) => !b.path.startsWith(gyPath))!;
    const far = await createCustomer('KEY', 'GAS', farBranch.stationId, farBranch.repId);
    const farNotice = await openNotice(far);
    const ownNotice = await openNotice(await createCustomer());
    const notMine = await openNotice(await createCustomer('KEY', 'GAS', station, null));
    const rep = bearer(await server.login(repLogin));
    const leadGy = bearer(await server.login('lead.gy'));

    const close = await server.gql(CLOSE, { input: { noticeId: farNotice.id, evidenceNote: 'x', evidenceReference: 'y' } }, leadGy);
    expect(close.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const record = await server.gql(RECORD, { input: inspection(far) }, leadGy);
    expect(record.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const repClose = await server.gql(CLOSE, { input: { noticeId: notMine.id, evidenceNote: 'x', evidenceReference: 'y' } }, rep);
    expect(repClose.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const list = await must(`{ rectificationNotices(first: 100, filter: { statuses: [OPEN] }) { totalCount edges { node { id customer { id } } } } }`, {}, rep);
    const ids = list.rectificationNotices.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).not.toContain(farNotice.id);
    expect(ids).not.toContain(notMine.id);
    const { rows } = await server.sql.query(
      `select count(*)::int as n from rectification_notice n join customer c on c.id = n.customer_id where n.status = 'OPEN' and c.responsible_rep_id = $1`,
      [localId(repId)],
    );
    expect(list.rectificationNotices.totalCount).toBe(rows[0].n);
    expect((await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: farNotice.id }, leadGy)).data.node).toBeNull();
    const own = await must(`query($id: ID!) { node(id: $id) { ... on RectificationNotice { id } } }`, { id: ownNotice.id }, rep);
    expect(own.node).toEqual({ id: ownNotice.id });
    const inspections = await must(`{ inspections(first: 100) { edges { node { customer { id } } } } }`, {}, rep);
    const repCustomers = new Set(
      (await server.sql.query(`select id from customer where responsible_rep_id = $1`, [localId(repId)])).rows.map((r) => toGlobalId('Customer', r.id)),
    );
    expect(inspections.inspections.edges.every((e: { node: { customer: { id: string } } }) => repCustomers.has(e.node.customer.id))).toBe(true);
  });

  it('loads inspections, notices and schedules of many customers in a constant number of statements', async () => {
    const customers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const customer = await createCustomer();
      const notice = await openNotice(customer);
      await must(CLOSE, { input: { noticeId: notice.id, evidenceNote: '已整改', evidenceReference: `IMG-${i}` } });
      customers.push(customer);
    }
    const Q = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id
      inspections { id findings { sequence notice { id } } inspectors { id } notices { id } }
      rectificationNotices { id owner { id } closedBy { id } returnVisit { id owner { id } } }
      inspectionSchedule { kind dueOn customer { id } } } } }`;
    const small = await server.gqlCounted(Q, { ids: customers.slice(0, 2) });
    const large = await server.gqlCounted(Q, { ids: customers });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.nodes.every((c: { rectificationNotices: unknown[] }) => c.rectificationNotices.length === 1)).toBe(true);
    // Loader batches may split differently between runs, but never one statement per customer.
    expect(large.statements).toBeLessThanOrEqual(small.statements + 1);
  });

  it('seeds inspections of gas key accounts with open, overdue and closed notices and done return visits', async () => {
    const database = await createMigratedDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('begin');
      await seedDemoData(client, { customers: 300 });
      await client.query('commit');
      const { rows } = await client.query(`select
        (select count(*) from inspection i join customer c on c.id = i.customer_id where c.utility <> 'GAS' or c.tier not in ('STRATEGIC', 'KEY'))::int as foreign,
        (select count(*) from inspection where performed_on < '2025-10-31' or performed_on >= '2026-11-01')::int as outside,
        (select count(*) from inspection)::int as inspections,
        (select count(*) from rectification_notice where status = 'CLOSED' and evidence_note is not null and evidence_reference is not null and closed_at > opened_at)::int as closed,
        (select count(*) from rectification_notice where status = 'OPEN' and deadline < '2026-11-01')::int as overdue,
        (select count(*) from rectification_notice where status = 'OPEN' and deadline >= '2026-11-01')::int as running,
        (select count(*) from return_visit r join rectification_notice n on n.id = r.notice_id where n.status = 'CLOSED')::int as "returnVisits",
        (select count(*) from rectification_notice where status = 'CLOSED')::int as "allClosed",
        (select count(*) from return_visit r join visit v on v.id = r.visit_id where r.status = 'DONE' and r.satisfaction = v.satisfaction and v.purpose = 'RETURN_VISIT')::int as done,
        (select coalesce(max(id), 0) < (select last_value from rectification_notice_id_seq) from rectification_notice) as sequenced`);
      const r = rows[0];
      expect(r).toMatchObject({ foreign: 0, outside: 0, sequenced: true });
      expect(r.inspections).toBeGreaterThan(20);
      expect(r.closed).toBeGreaterThan(0);
      expect(r.overdue).toBeGreaterThan(0);
      expect(r.running).toBeGreaterThan(0);
      expect(r.returnVisits).toBe(r.allClosed);
      expect(r.done).toBeGreaterThan(0);
    } finally {
      await client.end();
      await database.drop();
    }
  }, 180_000);
});
