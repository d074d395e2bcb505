// Subscription fan-out (graphql/shared-subscriptions.ts): an event is executed
// once for all subscribers who would get the same answer, and only for them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert } from '../../server/src/modules/alerts/alert.service.js';
import { fanOutStats } from '../../server/src/graphql/shared-subscriptions.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { createKey, unitOf } from '../support/fixtures-auth.js';

const ALERTS = `subscription($since: ID) {
  arrearsAlerts(since: $since) { seq replayed alert { id message amount customer { id name contacts { name phone } } owner { login } } }
}`;
const ALERTS_SHORT = `subscription($since: ID) { arrearsAlerts(since: $since) { seq alert { message } } }`;

let server: TestServer;
let orm: Awaited<ReturnType<typeof initOrm>>;
let customerId: number;
let gyUnitId: string;
let n = 0;

async function raise(message: string) {
  await orm.em.fork().transactional((em) =>
    raiseAlert(em, SYSTEM_ACTOR, { kind: AlertKind.ARREARS_OVER_THRESHOLD, severity: AlertSeverity.WARNING, customerId, amount: '720.00', message, dedupeKey: `fanout:${message}` }),
  );
}

async function maxSeq(): Promise<string> {
  return (await server.sql.query(`select coalesce(max(seq), 0)::text as max from alert`)).rows[0].max;
}

type Sub = ReturnType<typeof subscribe<any>>;

/** This test's WebSocket clients, closed after it so the next test counts only its own. */
let clients: Array<ReturnType<TestServer['ws']>> = [];
function client(connectionParams?: Record<string, unknown>) {
  const ws = server.ws(connectionParams);
  clients.push(ws);
  return ws;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((ws) => ws.dispose()));
});

/** Waits until every subscriber has a push whose message is `message`; returns those pushes. */
async function allReceive(subs: Sub[], message: string) {
  return Promise.all(
    subs.map(async (sub) => {
      for (let count = 1; ; count++) {
        const pushes = await sub.waitFor(count);
        const hit = pushes.slice(count - 1).find((p) => p.data?.arrearsAlerts?.alert?.message === message);
        if (hit) return hit;
      }
    }),
  );
}

/** Subscribes and waits until the server has registered each subscription (a replayed alert arrived). */
async function subscribed(count: number, connectionParams: Record<string, unknown> | undefined, query = ALERTS): Promise<Sub[]> {
  const since = await maxSeq();
  const warm = `预热${++n}`;
  await raise(warm);
  const subs = Array.from({ length: count }, () => subscribe(client(connectionParams), query, { since }));
  await allReceive(subs, warm);
  return subs;
}

beforeAll(async () => {
  server = await startTestServer();
  orm = await initOrm(server.databaseUrl);
  gyUnitId = (await unitOf(server, 'lead.gy')).id;
  const gy = await unitOf(server, 'lead.gy');
  customerId = (
    await server.sql.query(`select c.id from customer c join org_unit o on o.id = c.org_unit_id where o.path like $1 || '%' order by c.id limit 1`, [gy.path])
  ).rows[0].id;
  const added = await server.gql(`mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`, {
    input: { customerId: toGlobalId('Customer', customerId), name: '扇出测试联系人', role: 'FINANCE', phone: '13900001111' },
  });
  expect(added.errors).toBeUndefined();
});
afterAll(async () => {
  await orm?.close();
  await server?.close();
});

describe('subscription fan-out', () => {
  it('executes an alert once for fifty identical subscribers and sends each the same payload', async () => {
    const subs = await subscribed(50, undefined);
    const before = { ...fanOutStats };
    const message = `五十人同看${++n}`;
    await raise(message);
    const pushes = await allReceive(subs, message);

    expect(fanOutStats.deliveries - before.deliveries).toBe(50);
    expect(fanOutStats.executions - before.executions).toBe(1);
    for (const push of pushes) {
      expect(push.errors).toBeUndefined();
      expect(push).toEqual(pushes[0]);
    }
    expect(pushes[0]!.data!.arrearsAlerts.alert.customer.contacts.map((c: { phone: string }) => c.phone)).toContain('13900001111');
  });

  it('executes separately for another scope and permission set, and redacts only there', async () => {
    const key = await createKey(server, ['ALERTS_SUBSCRIBE', 'CUSTOMERS_READ', 'RECEIVABLES_READ'], gyUnitId);
    const admins = await subscribed(3, undefined);
    const partners = await subscribed(3, { apiKey: key.secret });
    const before = { ...fanOutStats };
    const message = `两种视角${++n}`;
    await raise(message);
    const [adminPushes, partnerPushes] = await Promise.all([allReceive(admins, message), allReceive(partners, message)]);

    expect(fanOutStats.executions - before.executions).toBe(2);
    const adminPhones = adminPushes[0]!.data!.arrearsAlerts.alert.customer.contacts.map((c: { phone: string | null }) => c.phone);
    const partnerPhones = partnerPushes[0]!.data!.arrearsAlerts.alert.customer.contacts.map((c: { phone: string | null }) => c.phone);
    expect(adminPhones).toContain('13900001111');
    expect(partnerPhones.every((phone: string | null) => phone === null)).toBe(true);
    const extensions = (push: unknown) => (push as { extensions?: { redactions?: unknown[] } }).extensions;
    for (const push of partnerPushes) expect(extensions(push)?.redactions?.length).toBeGreaterThan(0);
    for (const push of adminPushes) expect(extensions(push)).toBeUndefined();
  });

  it('executes separately for another selection and gives each its own shape', async () => {
    const full = await subscribed(2, undefined);
    const short = await subscribed(2, undefined, ALERTS_SHORT);
    const before = { ...fanOutStats };
    const message = `两种选择${++n}`;
    await raise(message);
    const [fullPushes, shortPushes] = await Promise.all([allReceive(full, message), allReceive(short, message)]);

    expect(fanOutStats.executions - before.executions).toBe(2);
    expect(Object.keys(shortPushes[0]!.data!.arrearsAlerts.alert)).toEqual(['message']);
    expect(fullPushes[0]!.data!.arrearsAlerts.alert.amount).toBe('720.00');
  });

  it('shares a replay among subscribers reconnecting with the same since', async () => {
    const since = await maxSeq();
    const missed = [`断线期间${++n}`, `断线期间${++n}`];
    for (const message of missed) await raise(message);
    const before = { ...fanOutStats };
    const subs = Array.from({ length: 20 }, () => subscribe(client(), ALERTS, { since }));
    const pushes = await allReceive(subs, missed[1]!);

    for (const sub of subs) expect(sub.received.slice(0, 2).map((p) => p.data!.arrearsAlerts.alert.message)).toEqual(missed);
    expect(pushes.every((p) => p.data!.arrearsAlerts.replayed)).toBe(true);
    // 20 subscribers × 2 replayed alerts: 2 executions when all replays fall in one share
    // window (2 s); a slow machine may spread them over a few, never one per delivery.
    expect(fanOutStats.deliveries - before.deliveries).toBe(40);
    expect(fanOutStats.executions - before.executions).toBeLessThanOrEqual(10);
  });
});
