import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert, resolveAlertsFor, type RaiseAlertData } from '../../server/src/modules/alerts/alert.service.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { createKey, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const ALERTS = `subscription($since: ID, $filter: AlertStreamFilterInput) {
  arrearsAlerts(since: $since, filter: $filter) { seq replayed alert { id seq kind severity amount message customer { id } orgUnit { id } } }
}`;
const CHANGED = `subscription($filter: AlertStreamFilterInput) {
  alertChanged(filter: $filter) { eventId change alert { id message acknowledgedAt acknowledgedBy { login } assignedTo { login } resolvedAt resolutionNote } }
}`;
const ACK = `mutation($input: AcknowledgeAlertInput!) { acknowledgeAlert(input: $input) { alert { id acknowledgedAt acknowledgedBy { login } } } }`;
const ASSIGN = `mutation($input: AssignAlertInput!) { assignAlert(input: $input) { alert { id assignedAt assignedTo { login } } } }`;
const RESOLVE = `mutation($input: ResolveAlertInput!) { resolveAlert(input: $input) { alert { id resolvedAt resolutionNote resolvedBy { login } } } }`;
const LIST = `query($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id message customer { id } } } }
}`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
/** Customers: the rep's own (贵阳), another of 贵阳 (no rep of the demo `rep`), and one of another branch. */
let own: number;
let gyOther: number;
let outside: number;
let gyUnitId: string;
let n = 0;

async function raise(customerId: number, message: string, extra: Partial<RaiseAlertData> = {}) {
  return orm.em.fork().transactional((em) =>
    raiseAlert(em, SYSTEM_ACTOR, {
      kind: AlertKind.ARREARS_OVER_THRESHOLD,
      severity: AlertSeverity.WARNING,
      customerId,
      amount: '650.00',
      message,
      dedupeKey: `test:${message}`,
      ...extra,
    }),
  );
}

async function maxSeq(): Promise<string> {
  const { rows } = await server.sql.query(`select coalesce(max(seq), 0)::text as max from alert`);
  return rows[0].max;
}

async function seqOf(message: string): Promise<string> {
  const { rows } = await server.sql.query(`select seq::text as seq from alert where message = $1`, [message]);
  return rows[0].seq;
}

type Sub = ReturnType<typeof subscribe<any>>;
const messages = (sub: Sub) => sub.received.map((p) => {
  expect(p.errors).toBeUndefined();
  return p.data!.arrearsAlerts.alert.message as string;
});

/** Waits until a push with `message` arrived. */
async function until(sub: Sub, message: string, field: 'arrearsAlerts' | 'alertChanged' = 'arrearsAlerts') {
  for (let count = 1; ; count++) {
    const pushes = await sub.waitFor(count);
    if (pushes.slice(count - 1).some((p) => p.data?.[field]?.alert?.message === message)) return;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  const gy = await unitOf(server, 'lead.gy');
  gyUnitId = gy.id;
  const rep = (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id;
  const pick = async (where: string, params: unknown[]) =>
    (await server.sql.query(`select c.id from customer c join org_unit o on o.id = c.org_unit_id where ${where} order by c.id limit 1`, params)).rows[0].id as number;
  // The demo rep's own customer, at its station.
  const repUnit = await unitOf(server, 'rep');
  const created = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: '预警测试自有酒店', uscc: testUscc(71001), kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: repUnit.id, responsibleRepId: toGlobalId('User', rep) },
  });
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  own = Number(Buffer.from(created.data.createCustomer.customer.id, 'base64url').toString().split(':')[1]);
  gyOther = await pick(`c.responsible_rep_id is distinct from $1 and o.path like $2 || '%'`, [rep, gy.path]);
  outside = await pick(`o.path not like $1 || '%'`, [gy.path]);
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('arrearsAlerts subscription', () => {
  it('pushes alerts as their transactions commit, in commit order', async () => {
    const sub = subscribe(server.ws(), ALERTS, { since: await maxSeq() });
    const raised = [`新欠费${++n}`, `新欠费${++n}`, `新欠费${++n}`];
    for (const message of raised) await raise(own, message);
    await sub.waitFor(3);
    expect(messages(sub)).toEqual(raised);
    const seqs = sub.received.map((p) => BigInt(p.data!.arrearsAlerts.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    expect(sub.received[0]!.data!.arrearsAlerts.alert).toMatchObject({ kind: 'ARREARS_OVER_THRESHOLD', severity: 'WARNING', amount: '650.00', customer: { id: toGlobalId('Customer', own) } });
    expect(sub.received[0]!.data!.arrearsAlerts.alert.seq).toBe(sub.received[0]!.data!.arrearsAlerts.seq);
  });

  it('replays exactly the alerts missed while disconnected, then goes live, with no gaps or duplicates', async () => {
    const first = server.ws();
    const sub = subscribe(first, ALERTS, { since: await maxSeq() });
    const seen = [`断线前${++n}`, `断线前${++n}`];
    for (const message of seen) await raise(own, message);
    await sub.waitFor(2);
    const lastSeq = sub.received.at(-1)!.data!.arrearsAlerts.seq as string;
    await first.dispose();

    const missed = Array.from({ length: 5 }, () => `断线期间${++n}`);
    for (const message of missed) await raise(own, message);
    const again = subscribe(server.ws(), ALERTS, { since: lastSeq });
    await again.waitFor(5);
    const live = `重连之后${++n}`;
    await raise(own, live);
    await until(again, live);
    expect(messages(again)).toEqual([...missed, live]);
    expect(again.received.slice(0, 5).every((p) => p.data!.arrearsAlerts.replayed)).toBe(true);
  });

  it('replays what was missed across a server restart', async () => {
    const first = await startTestServer({ databaseUrl: server.databaseUrl });
    let lastSeq: string;
    try {
      const sub = subscribe(first.ws(), ALERTS, { since: await maxSeq() });
      const seen = `重启前${++n}`;
      await raise(own, seen);
      await sub.waitFor(1);
      expect(messages(sub)).toEqual([seen]);
      lastSeq = sub.received[0]!.data!.arrearsAlerts.seq;
    } finally {
      await first.close();
    }
    const missed = Array.from({ length: 3 }, () => `停机期间${++n}`);
    for (const message of missed) await raise(own, message);

    const restarted = await startTestServer({ databaseUrl: server.databaseUrl });
    try {
      const sub = subscribe(restarted.ws(), ALERTS, { since: lastSeq });
      await sub.waitFor(3);
      const live = `重启之后${++n}`;
      await raise(own, live);
      await until(sub, live);
      expect(messages(sub)).toEqual([...missed, live]);
    } finally {
      await restarted.close();
    }
  });

  it('never pushes or stores an alert whose transaction rolled back', async () => {
    const sub = subscribe(server.ws(), ALERTS, { since: await maxSeq() });
    const rolledBack = `回滚的预警${++n}`;
    await expect(
      orm.em.fork().transactional(async (em) => {
        await raiseAlert(em, SYSTEM_ACTOR, { kind: AlertKind.ARREARS_GREW, severity: AlertSeverity.CRITICAL, customerId: own, message: rolledBack, dedupeKey: rolledBack });
        throw new Error('the payment failed after raising its alert');
      }),
    ).rejects.toThrow('the payment failed');
    const after = `回滚之后${++n}`;
    await raise(own, after);
    await until(sub, after);
    expect(messages(sub)).toEqual([after]);
    const stored = await server.sql.query(`select count(*)::int as n from alert where message = $1`, [rolledBack]);
    expect(stored.rows[0].n).toBe(0);
    const events = await server.sql.query(`select count(*)::int as n from domain_event where kind = 'alert.raised' and payload->>'alertKind' = 'ARREARS_GREW'`);
    expect(events.rows[0].n).toBe(0);
  });

  it('delivers an alert committed on one instance to a subscriber of another instance on the same database', async () => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl });
    try {
      const sub = subscribe(other.ws(), ALERTS, {});
      await sub.prime(() => raise(own, `实例预热${++n}`));
      const message = `跨实例${++n}`;
      await raise(own, message);
      await until(sub, message);
      const pushed = sub.received.at(-1)!.data!.arrearsAlerts;
      expect(pushed).toMatchObject({ replayed: false, alert: { message } });
    } finally {
      await other.close();
    }
  });

  it('numbers alerts in commit order: a transaction that started first but commits last comes last, and is not skipped on replay', async () => {
    const before = await maxSeq();
    const sub = subscribe(server.ws(), ALERTS, { since: before });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const slowInserted = new Promise<void>((resolve) => (inserted = resolve));
    const slowMessage = `先开始后提交${++n}`;
    const slow = orm.em.fork().transactional(async (em) => {
      const alert = await raiseAlert(em, SYSTEM_ACTOR, { kind: AlertKind.PROMISE_BROKEN, severity: AlertSeverity.WARNING, customerId: own, message: slowMessage, dedupeKey: slowMessage });
      inserted();
      await gate;
      return alert;
    });
    await slowInserted;
    const fastMessage = `后开始先提交${++n}`;
    const fast = await raise(own, fastMessage);
    // The subscriber has the fast one before the slow one commits.
    await until(sub, fastMessage);
    const fastSeq = sub.received.at(-1)!.data!.arrearsAlerts.seq as string;
    release();
    const slowAlert = await slow;
    await until(sub, slowMessage);

    expect(slowAlert.id).toBeLessThan(fast.id);
    expect(BigInt(await seqOf(slowMessage))).toBeGreaterThan(BigInt(fastSeq));
    expect(messages(sub)).toEqual([fastMessage, slowMessage]);
    // A console that saw the fast one and reconnects with its seq gets the slow one.
    const replay = subscribe(server.ws(), ALERTS, { since: fastSeq });
    await until(replay, slowMessage);
    expect(messages(replay)).toEqual([slowMessage]);
    // And a replay from before both has them in commit order.
    const full = subscribe(server.ws(), ALERTS, { since: before });
    await until(full, slowMessage);
    expect(messages(full)).toEqual([fastMessage, slowMessage]);
  });

  it('fills a gap in the live stream from the table: an alert whose notification never came, and a burned seq', async () => {
    const sub = subscribe(server.ws(), ALERTS, { since: await maxSeq() });
    const warm = `缺口预热${++n}`;
    await raise(own, warm);
    await until(sub, warm);
    // Committed without any event (as if its notification were lost), then a seq burned by a commit that failed late.
    const silent = `无通知${++n}`;
    await server.sql.query(
      `insert into alert (kind, severity, customer_id, message, org_unit_id, dedupe_key) select 'PROMISE_BROKEN', 'INFO', id, $2, org_unit_id, $2 from customer where id = $1`,
      [own, silent],
    );
    await server.sql.query(`select nextval('alert_seq_seq')`);
    const loud = `有通知${++n}`;
    await raise(own, loud);
    await until(sub, loud);
    expect(messages(sub)).toEqual([warm, silent, loud]);
  });

  it("pushes lead.gy only its branch's alerts and a rep only its own customers'", async () => {
    const since = await maxSeq();
    const leadGy = subscribe(server.ws({ authorization: `Bearer ${await server.login('lead.gy')}` }), ALERTS, { since });
    const rep = subscribe(server.ws({ authorization: `Bearer ${await server.login('rep')}` }), ALERTS, { since });
    const outsideMessage = `外分公司${++n}`;
    const otherMessage = `他人客户${++n}`;
    const ownMessage = `自己客户${++n}`;
    await raise(outside, outsideMessage);
    await raise(gyOther, otherMessage);
    await raise(own, ownMessage);
    await until(leadGy, ownMessage);
    await until(rep, ownMessage);
    expect(messages(leadGy)).toEqual([otherMessage, ownMessage]);
    expect(messages(rep)).toEqual([ownMessage]);
    // The same holds for a replay.
    const replay = subscribe(server.ws({ authorization: `Bearer ${await server.login('lead.gy')}` }), ALERTS, { since });
    await until(replay, ownMessage);
    expect(messages(replay)).toEqual([otherMessage, ownMessage]);
  });

  it('filters by kind and severity, live and on replay', async () => {
    const since = await maxSeq();
    const filter = { kinds: ['INSTALMENT_BREACHED'], severities: ['CRITICAL'] };
    const live = subscribe(server.ws(), ALERTS, { since, filter });
    await raise(own, `不匹配${++n}`, { kind: AlertKind.INSTALMENT_BREACHED, severity: AlertSeverity.INFO });
    await raise(own, `不匹配${++n}`, { kind: AlertKind.ARREARS_GREW, severity: AlertSeverity.CRITICAL });
    const wanted = `分期违约${++n}`;
    await raise(own, wanted, { kind: AlertKind.INSTALMENT_BREACHED, severity: AlertSeverity.CRITICAL });
    await until(live, wanted);
    expect(messages(live)).toEqual([wanted]);
    const replay = subscribe(server.ws(), ALERTS, { since, filter });
    await until(replay, wanted);
    expect(messages(replay)).toEqual([wanted]);
  });

  it('lets partner keys with alerts:subscribe watch their subtree and refuses others', async () => {
    const allowed = await createKey(server, ['ALERTS_SUBSCRIBE'], gyUnitId);
    const refused = await createKey(server, ['CUSTOMERS_READ', 'RECEIVABLES_READ'], gyUnitId);
    const since = await maxSeq();
    const sub = subscribe(server.ws({ apiKey: allowed.secret }), ALERTS, { since });
    await raise(outside, `外分公司${++n}`);
    const message = `合作方可见${++n}`;
    await raise(own, message);
    await until(sub, message);
    expect(messages(sub)).toEqual([message]);

    const no = subscribe(server.ws({ apiKey: refused.secret }), ALERTS, { since });
    const [first] = await no.waitFor(1);
    expect(first!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a malformed since and an org unit outside the viewer', async () => {
    const bad = subscribe(server.ws(), ALERTS, { since: 'abc' });
    const [first] = await bad.waitFor(1);
    expect(first!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const outsideUnit = (await server.sql.query(`select org_unit_id from customer where id = $1`, [outside])).rows[0].org_unit_id;
    const gy = subscribe(server.ws({ authorization: `Bearer ${await server.login('lead.gy')}` }), ALERTS, { filter: { orgUnitId: toGlobalId('OrgUnit', outsideUnit) } });
    const [second] = await gy.waitFor(1);
    expect(second!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('raising alerts', () => {
  it('keeps one open alert per dedupe key and raises a new one once it is resolved', async () => {
    const message = `重复${++n}`;
    const a = await raise(own, message, { dedupeKey: `dedupe:${n}` });
    const b = await raise(own, `${message}又一次`, { dedupeKey: `dedupe:${n}` });
    expect(b.id).toBe(a.id);
    const resolved = await orm.em.fork().transactional((em) => resolveAlertsFor(em, { customerId: own, kind: AlertKind.ARREARS_OVER_THRESHOLD }, '已缴清'));
    expect(resolved.map((r) => r.id)).toContain(a.id);
    const c = await raise(own, `${message}再次欠费`, { dedupeKey: `dedupe:${n}` });
    expect(c.id).not.toBe(a.id);
  });

  it('writes the alert, its audit entry and its event in the caller\'s transaction, with the owner defaulting to the responsible rep', async () => {
    const message = `审计${++n}`;
    const alert = await raise(own, message);
    const row = (await server.sql.query(`select a.owner_id, c.responsible_rep_id, a.seq, a.event_id from alert a join customer c on c.id = a.customer_id where a.id = $1`, [alert.id])).rows[0];
    expect(row.owner_id).toBe(row.responsible_rep_id);
    expect(row.seq).not.toBeNull();
    const audit = await server.sql.query(`select count(*)::int as n from audit_entry where entity_type = 'Alert' and entity_id = $1 and action = 'alert.raise'`, [alert.id]);
    expect(audit.rows[0].n).toBe(1);
    const event = await server.sql.query(`select payload from domain_event where id = $1`, [row.event_id]);
    expect(event.rows[0].payload).toMatchObject({ alertId: alert.id, seq: row.seq, alertKind: 'ARREARS_OVER_THRESHOLD' });
  });
});

describe('working alerts', () => {
  it('acknowledges, assigns and resolves an alert, pushing each change to the board', async () => {
    const leadGyToken = await server.login('lead.gy');
    const asLeadGy = { authorization: `Bearer ${leadGyToken}` };
    const board = subscribe(server.ws(asLeadGy), CHANGED, {});
    await board.prime(async () => {
      const warm = await raise(own, `看板预热${++n}`);
      await server.gql(ACK, { input: { alertId: toGlobalId('Alert', warm.id) } });
    });
    const message = `处理流程${++n}`;
    const alertId = toGlobalId('Alert', (await raise(own, message)).id);

    const ack = await server.gql(ACK, { input: { alertId } }, asLeadGy);
    expect(ack.errors).toBeUndefined();
    expect(ack.data.acknowledgeAlert.alert.acknowledgedBy.login).toBe('lead.gy');
    const again = await server.gql(ACK, { input: { alertId } });
    expect(again.data.acknowledgeAlert.alert.acknowledgedBy.login).toBe('lead.gy');

    const assigned = await server.gql(ASSIGN, { input: { alertId, assigneeId: toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id) } }, asLeadGy);
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data.assignAlert.alert.assignedTo.login).toBe('rep');

    const resolved = await server.gql(RESOLVE, { input: { alertId, note: '已签订分期协议' } }, { authorization: `Bearer ${await server.login('rep')}` });
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.resolveAlert.alert).toMatchObject({ resolutionNote: '已签订分期协议', resolvedBy: { login: 'rep' } });

    // The three pushes may all be here already: look before waiting for more.
    for (;;) {
      const changes = board.received.filter((p) => p.data?.alertChanged.alert.message === message).map((p) => p.data!.alertChanged.change);
      if (changes.length >= 3) {
        expect(changes).toEqual(['ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED']);
        break;
      }
      await board.waitFor(board.received.length + 1);
    }

    const closedAgain = await server.gql(RESOLVE, { input: { alertId, note: '再次处理' } });
    expect(closedAgain.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const ackClosed = await server.gql(ACK, { input: { alertId } });
    expect(ackClosed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const audits = await server.sql.query(`select action from audit_entry where entity_type = 'Alert' and entity_id = $1 order by id`, [Number(Buffer.from(alertId, 'base64url').toString().split(':')[1])]);
    expect(audits.rows.map((r) => r.action)).toEqual(['alert.raise', 'alert.acknowledge', 'alert.assign', 'alert.resolve']);
  });

  it('needs a note to resolve and customers:assign plus an eligible assignee to assign; a failed change writes nothing', async () => {
    const alert = await raise(own, `规则${++n}`);
    const alertId = toGlobalId('Alert', alert.id);
    const count = async () => (await server.sql.query(`select (select count(*) from audit_entry where entity_type = 'Alert')::int + (select count(*) from domain_event where kind like 'alert.%')::int as n`)).rows[0].n;
    const before = await count();

    const blank = await server.gql(RESOLVE, { input: { alertId, note: '   ' } });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'note' })]);

    const rep = { authorization: `Bearer ${await server.login('rep')}` };
    const leadGy = (await server.sql.query(`select id from app_user where login = 'lead.gy'`)).rows[0].id;
    const byRep = await server.gql(ASSIGN, { input: { alertId, assigneeId: toGlobalId('User', leadGy) } }, rep);
    expect(byRep.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const foreign = (await server.sql.query(`select u.id from app_user u join org_unit o on o.id = u.org_unit_id join customer c on c.id = $1 join org_unit co on co.id = c.org_unit_id where o.path like co.path || '%' and u.role = 'REP' order by u.id limit 1`, [outside])).rows[0].id;
    const wrong = await server.gql(ASSIGN, { input: { alertId, assigneeId: toGlobalId('User', foreign) } }, { authorization: `Bearer ${await server.login('lead.gy')}` });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'assigneeId' })]);

    expect(await count()).toBe(before);
    const row = (await server.sql.query(`select resolved_at, assigned_to_id from alert where id = $1`, [alert.id])).rows[0];
    expect(row).toEqual({ resolved_at: null, assigned_to_id: null });
  });

  it('resolves open alerts of an account when the caller clears its arrears, and tells the board', async () => {
    const account = (await server.sql.query(`select id from service_account where customer_id = $1 order by id limit 1`, [own])).rows[0]?.id ?? null;
    const board = subscribe(server.ws(), CHANGED, { filter: { kinds: ['ARREARS_OVER_THRESHOLD'] } });
    await board.prime(async () => {
      const warm = await raise(own, `自动预热${++n}`);
      await server.gql(ACK, { input: { alertId: toGlobalId('Alert', warm.id) } });
    });
    const message = `缴清${++n}`;
    const alert = await raise(own, message, { serviceAccountId: account, dedupeKey: `paid:${n}` });
    await orm.em.fork().transactional((em) => resolveAlertsFor(em, account ? { serviceAccountId: account, kind: AlertKind.ARREARS_OVER_THRESHOLD } : { customerId: own }, '缴费已结清欠费'));
    await until(board, message, 'alertChanged');
    const pushed = board.received.at(-1)!.data!.alertChanged;
    expect(pushed).toMatchObject({ change: 'RESOLVED', alert: { id: toGlobalId('Alert', alert.id), resolutionNote: '缴费已结清欠费' } });
  });

  it("never pushes lead.gy a change to another branch's alert", async () => {
    const board = subscribe(server.ws({ authorization: `Bearer ${await server.login('lead.gy')}` }), CHANGED, {});
    await board.prime(async () => {
      const warm = await raise(own, `分支预热${++n}`);
      await server.gql(ACK, { input: { alertId: toGlobalId('Alert', warm.id) } });
    });
    const foreign = await raise(outside, `外部变化${++n}`);
    await server.gql(ACK, { input: { alertId: toGlobalId('Alert', foreign.id) } });
    const last = `分支收尾${++n}`;
    const mine = await raise(own, last);
    await server.gql(ACK, { input: { alertId: toGlobalId('Alert', mine.id) } });
    await until(board, last, 'alertChanged');
    expect(board.received.map((p) => p.data?.alertChanged.alert.message)).not.toContain(foreign.message);
  });
});

describe('alerts query', () => {
  it("lists newest first within the viewer's scope, with filters and pages", async () => {
    const outsideAlert = await raise(outside, `列表外部${++n}`);
    const otherAlert = await raise(gyOther, `列表他人${++n}`);
    const ownAlert = await raise(own, `列表自己${++n}`, { severity: AlertSeverity.CRITICAL });
    const ids = (res: any) => res.data.alerts.edges.map((e: any) => e.node.id as string);

    const admin = await server.gql(LIST, { first: 3 });
    expect(ids(admin)).toEqual([ownAlert, otherAlert, outsideAlert].map((a) => toGlobalId('Alert', a.id)));
    const next = await server.gql(LIST, { first: 3, after: admin.data.alerts.pageInfo.endCursor });
    expect(Math.max(...ids(next).map((id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1])))).toBeLessThan(outsideAlert.id);

    const leadGy = await server.gql(LIST, { first: 100 }, { authorization: `Bearer ${await server.login('lead.gy')}` });
    expect(ids(leadGy)).toContain(toGlobalId('Alert', otherAlert.id));
    expect(ids(leadGy)).not.toContain(toGlobalId('Alert', outsideAlert.id));

    const rep = await server.gql(LIST, { first: 100 }, { authorization: `Bearer ${await server.login('rep')}` });
    expect(ids(rep)).toContain(toGlobalId('Alert', ownAlert.id));
    expect(rep.data.alerts.edges.every((e: any) => e.node.customer.id === toGlobalId('Customer', own))).toBe(true);

    const critical = await server.gql(LIST, { first: 100, filter: { severities: ['CRITICAL'], open: true, orgUnitId: gyUnitId } });
    expect(ids(critical)).toContain(toGlobalId('Alert', ownAlert.id));
    expect(ids(critical)).not.toContain(toGlobalId('Alert', otherAlert.id));

    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('Alert', outsideAlert.id) }, { authorization: `Bearer ${await server.login('lead.gy')}` });
    expect(node.data.node).toBeNull();
  });
});
