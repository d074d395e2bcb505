/**
 * Domain events reach subscribers with one pg_notify per transaction
 * (DESIGN.md "Real time": a notify per row in busy write transactions
 * serialises commits on the notify-queue lock). The commit trigger
 * (Migration20261126070000_one_notify) numbers a transaction's events in
 * commit order and notifies once; the event bus reads everything after the
 * last seq it saw. These tests LISTEN on the channel themselves to count the
 * notifies, and watch customerChanged over graphql-ws to see every event.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { EVENTS_CHANNEL, recordEvent } from '../../server/src/events/domain-events.js';
import { parseGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const CHANGED = `subscription Changed($orgUnitId: ID) {
  customerChanged(orgUnitId: $orgUnitId) { eventId kind changedFields customer { id responsibleRep { login } } }
}`;
const ROTATE = `mutation($input: RotateAccountsInput!) { rotateAccounts(input: $input) { customerCount } }`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`;
const SCHEDULE = `mutation($input: ScheduleReturnVisitInput!) { scheduleReturnVisit(input: $input) { returnVisit { id } } }`;

/** Customers moved by the rotation: enough that a notify per row would be obvious. */
const BATCH = 15;

let server: TestServer;
let station: { id: string; localId: number; path: string };
let listener: pg.Client;
/** Every notification on the events channel since the test file started, in arrival order. */
const notifies: bigint[] = [];
let n = 0;

const localId = (id: string) => parseGlobalId(id)!.id;

async function must(query: string, variables: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

async function rep(): Promise<{ id: string; login: string }> {
  n += 1;
  const login = `events.rep.${n}.${Date.now() % 100000}`;
  const data = await must(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
    input: { login, name: `事件测试客户经理${n}`, role: 'REP', orgUnitId: station.id, password: 'events-test-pw' },
  });
  return { id: data.createUser.user.id, login };
}

async function customer(repId: string | null): Promise<string> {
  n += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `事件测试客户${n}`, uscc: testUscc(77000 + n), kind: 'COMMERCIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: station.id, responsibleRepId: repId },
  });
  return data.createCustomer.customer.id;
}

/** Waits until the test's own LISTEN connection has seen a notify announcing `seq` (or later). */
async function notifiedUpTo(seq: bigint, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!notifies.some((s) => s >= seq)) {
    if (Date.now() > deadline) throw new Error(`no notify announced seq ${seq}; got ${notifies.join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  station = await unitOf(server, 'rep');
  listener = new pg.Client({ connectionString: server.databaseUrl });
  await listener.connect();
  listener.on('notification', (msg) => {
    if (msg.channel === EVENTS_CHANNEL) notifies.push(BigInt(msg.payload!));
  });
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await server?.close();
});

describe('one notify per transaction', () => {
  it('sends exactly one notify for a rotation of many customers, and subscribers still get every change', async () => {
    const from = await rep();
    const to = await rep();
    const customers: string[] = [];
    for (let i = 0; i < BATCH; i++) customers.push(await customer(from.id));
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: station.id });
    await sub.prime(() => server.gql(UPDATE, { input: { id: customers[0], name: `事件预热${++n}` } }));
    const pushedBefore = sub.received.length;

    const moved = (await must(ROTATE, { input: { fromUserId: from.id, toUserId: to.id, role: 'REP', customerIds: customers, reason: '事件测试轮岗' } })).rotateAccounts;
    expect(moved.customerCount).toBe(BATCH);

    // The rotation's events: one per customer, numbered consecutively at commit.
    const { rows } = await server.sql.query<{ seq: string }>(
      `select seq::text as seq from domain_event where kind = 'customer.updated' and customer_id = any($1::int[])
         and payload->'changedFields' ? 'responsibleRep' order by seq`,
      [customers.map(localId)],
    );
    expect(rows).toHaveLength(BATCH);
    const seqs = rows.map((r) => BigInt(r.seq));
    const first = seqs[0]!;
    const last = seqs.at(-1)!;
    expect(last - first).toBe(BigInt(BATCH - 1));

    await notifiedUpTo(last);
    // Exactly one notify covers the rotation's seqs, and it announces its last one.
    expect(notifies.filter((s) => s >= first && s <= last)).toEqual([last]);

    const pushes = (await sub.waitFor(pushedBefore + BATCH)).slice(pushedBefore);
    const rotated = pushes
      .map((p) => p.data!.customerChanged)
      .filter((c: { changedFields: string[] }) => c.changedFields.includes('responsibleRep'));
    expect(rotated.map((c: { customer: { id: string } }) => c.customer.id).sort()).toEqual([...customers].sort());
    expect(rotated.every((c: { kind: string; customer: { responsibleRep: { login: string } } }) => c.kind === 'UPDATED' && c.customer.responsibleRep.login === to.login)).toBe(true);
    // In commit order, which within one transaction is the order they were written.
    const eventIds = rotated.map((c: { eventId: string }) => BigInt(c.eventId));
    expect(eventIds).toEqual([...eventIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('notifies nothing for a rolled-back transaction, and its events never reach subscribers', async () => {
    const target = await customer(null);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: station.id });
    await sub.prime(() => server.gql(UPDATE, { input: { id: target, name: `回滚预热${++n}` } }));
    const notifiesBefore = notifies.length;
    const eventsBefore = (await server.sql.query(`select count(*)::int as n from domain_event`)).rows[0].n;

    const orm = await initOrm(server.databaseUrl);
    try {
      await expect(
        orm.em.fork().transactional(async (em) => {
          for (let i = 0; i < 3; i++) {
            await recordEvent(em, {
              kind: 'customer.updated', customerId: localId(target), orgUnitId: station.localId, orgPath: station.path,
              payload: { changedFields: ['rolled-back'] },
            });
          }
          throw new Error('the use case failed after writing its events');
        }),
      ).rejects.toThrow('the use case failed');
    } finally {
      await orm.close();
    }
    expect((await server.sql.query(`select count(*)::int as n from domain_event`)).rows[0].n).toBe(eventsBefore);

    // A committed change afterwards: its notify is the only new one.
    const receivedBefore = sub.received.length;
    await must(UPDATE, { input: { id: target, name: '回滚之后' } });
    const { rows } = await server.sql.query<{ seq: string }>(`select max(seq)::text as seq from domain_event where customer_id = $1`, [localId(target)]);
    const committed = BigInt(rows[0]!.seq);
    await notifiedUpTo(committed);
    // Counted before the write: the push may land before waitFor is called.
    const pushes = await sub.waitFor(receivedBefore + 1);
    expect(pushes.at(-1)!.data!.customerChanged.changedFields).toEqual(['name']);
    expect(notifies.slice(notifiesBefore).filter((s) => s <= committed)).toEqual([committed]);
    expect(sub.received.flatMap((p) => p.data!.customerChanged.changedFields)).not.toContain('rolled-back');
  });

  it('delivers an event that drew the lower id but committed later, after the one that committed first', async () => {
    const target = await customer(null);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: station.id });
    await sub.prime(() => server.gql(UPDATE, { input: { id: target, name: `顺序预热${++n}` } }));
    const insert = `insert into domain_event (kind, customer_id, org_unit_id, org_path, payload)
      values ('customer.updated', $1, $2, $3, $4::jsonb) returning id::text as id`;
    const early = new pg.Client({ connectionString: server.databaseUrl });
    const late = new pg.Client({ connectionString: server.databaseUrl });
    await early.connect();
    await late.connect();
    try {
      await early.query('begin');
      const slow = (await early.query(insert, [localId(target), station.localId, station.path, JSON.stringify({ changedFields: ['drawnFirst'] })])).rows[0].id;
      await late.query('begin');
      const quick = (await late.query(insert, [localId(target), station.localId, station.path, JSON.stringify({ changedFields: ['committedFirst'] })])).rows[0].id;
      expect(BigInt(slow)).toBeLessThan(BigInt(quick));
      await late.query('commit');
      const seen = sub.received.length;
      await sub.waitFor(seen + 1);
      await early.query('commit');
      const pushes = (await sub.waitFor(seen + 2)).slice(seen).map((p) => p.data!.customerChanged);
      expect(pushes.map((p: { changedFields: string[] }) => p.changedFields[0])).toEqual(['committedFirst', 'drawnFirst']);
      expect(pushes.map((p: { eventId: string }) => p.eventId)).toEqual([quick, slow]);
    } finally {
      await early.end();
      await late.end();
    }
  });
});

describe('losing the LISTEN connection', () => {
  it('catches up on what committed while the event bus was reconnecting, then keeps pushing', async () => {
    const target = await customer(null);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: station.id });
    await sub.prime(() => server.gql(UPDATE, { input: { id: target, name: `重连预热${++n}` } }));
    const seen = sub.received.length;

    // Ends the bus's LISTEN session and, in the same statement, commits a change it cannot be notified of.
    const { rows } = await server.sql.query<{ ended: boolean }>(
      `with gone as (
         select pg_terminate_backend(pid) as ended from pg_stat_activity
          where application_name = 'gridline-events' and datname = current_database()
       ), e as (
         insert into domain_event (kind, customer_id, org_unit_id, org_path, payload)
         select 'customer.updated', $1, $2, $3, '{"changedFields": ["whileDown"]}'::jsonb from gone
         returning id
       )
       select bool_and(ended) as ended from gone, e`,
      [localId(target), station.localId, station.path],
    );
    expect(rows[0]!.ended).toBe(true);
    await must(UPDATE, { input: { id: target, name: '重连之后' } });

    const pushes = (await sub.waitFor(seen + 2)).slice(seen).map((p) => p.data!.customerChanged.changedFields[0]);
    expect(pushes).toEqual(['whileDown', 'name']);
  });
});

describe('customerChanged for the new modules', () => {
  it('pushes a scheduled return visit as RETURN_VISIT_CHANGED', async () => {
    const owner = await rep();
    const target = await customer(owner.id);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: station.id });
    await sub.prime(() => server.gql(UPDATE, { input: { id: target, name: `回访预热${++n}` } }));
    const seen = sub.received.length;
    await must(SCHEDULE, { input: { customerId: target, reason: 'REPAIR', note: '调压器维修后回访' } });
    const pushed = (await sub.waitFor(seen + 1)).at(-1)!.data!.customerChanged;
    expect(pushed).toMatchObject({ kind: 'RETURN_VISIT_CHANGED', changedFields: ['returnVisits'], customer: { id: target } });
  });
});
