import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { recordEvent } from '../../server/src/events/domain-events.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { demoTree, type DemoTree } from '../support/fixtures.js';

const CHANGED = `subscription Changed($orgUnitId: ID) {
  customerChanged(orgUnitId: $orgUnitId) { eventId kind changedFields occurredAt customer { id name tier orgUnit { id } contacts { name } } }
}`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id name } } }`;
const ADD_CONTACT = `mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`;

let server: TestServer;
let tree: DemoTree;

/** A customer of a branch, as a global ID. */
async function customerIn(branchPath: string, offset = 0): Promise<{ id: string; localId: number; orgUnitId: number }> {
  const { rows } = await server.sql.query(
    `select c.id, c.org_unit_id from customer c join org_unit o on o.id = c.org_unit_id
     where o.path like $1 || '%' order by c.id offset $2 limit 1`,
    [branchPath, offset],
  );
  return { id: Buffer.from(`Customer:${rows[0].id}`).toString('base64url'), localId: rows[0].id, orgUnitId: rows[0].org_unit_id };
}

beforeAll(async () => {
  server = await startTestServer();
  tree = await demoTree(server.sql);
});
afterAll(() => server?.close());

describe('customerChanged subscription', () => {
  it('pushes a committed change with the customer as it is now', async () => {
    const target = await customerIn(tree.branches[0]!.path);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: tree.branches[0]!.id });
    let n = 0;
    await sub.prime(() => server.gql(UPDATE, { input: { id: target.id, name: `预热酒店${++n}` } }));

    const res = await server.gql(ADD_CONTACT, { input: { customerId: target.id, name: '周主任', role: 'FINANCE', phone: '13912345678' } });
    expect(res.errors).toBeUndefined();
    const pushes = await sub.waitFor(sub.received.length + 1);
    const pushed = pushes.at(-1)!.data!.customerChanged;
    expect(pushed).toMatchObject({ kind: 'CONTACT_ADDED', changedFields: ['contacts'], customer: { id: target.id, name: `预热酒店${n}` } });
    expect(pushed.customer.contacts.map((c: { name: string }) => c.name)).toContain('周主任');
    expect(Number(pushed.eventId)).toBeGreaterThan(0);
  });

  it('never pushes a change whose transaction rolled back', async () => {
    const target = await customerIn(tree.branches[0]!.path, 1);
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: tree.branches[0]!.id });
    let n = 0;
    await sub.prime(() => server.gql(UPDATE, { input: { id: target.id, name: `预热宾馆${++n}` } }));

    const orm = await initOrm(server.databaseUrl);
    try {
      const path = (await server.sql.query(`select path from org_unit where id = $1`, [target.orgUnitId])).rows[0].path;
      await expect(
        orm.em.fork().transactional(async (em) => {
          await recordEvent(em, { kind: 'customer.updated', customerId: target.localId, orgUnitId: target.orgUnitId, orgPath: path, payload: { changedFields: ['rolled-back'] } });
          throw new Error('the use case failed after writing its event');
        }),
      ).rejects.toThrow('the use case failed');
    } finally {
      await orm.close();
    }
    // A committed change after the rolled-back one: once it arrives, the
    // rolled-back one would have arrived before it (notifications keep commit order).
    await server.gql(UPDATE, { input: { id: target.id, name: '回滚之后的名称' } });
    const pushes = await sub.waitFor(sub.received.length + 1);
    expect(pushes.at(-1)!.data!.customerChanged.customer.name).toBe('回滚之后的名称');
    const all = sub.received.flatMap((p) => p.data!.customerChanged.changedFields);
    expect(all).not.toContain('rolled-back');
    const stored = await server.sql.query(`select count(*)::int as n from domain_event where payload->'changedFields' ? 'rolled-back'`);
    expect(stored.rows[0].n).toBe(0);
  });

  it('pushes only changes in the watched subtree', async () => {
    const [a, b] = tree.branches as [DemoTree['branches'][0], DemoTree['branches'][0]];
    const inA = await customerIn(a.path, 2);
    const inB = await customerIn(b.path, 2);
    const watchB = subscribe(server.ws(), CHANGED, { orgUnitId: b.id });
    let n = 0;
    await watchB.prime(() => server.gql(UPDATE, { input: { id: inB.id, name: `B预热${++n}` } }));

    await server.gql(UPDATE, { input: { id: inA.id, name: 'A分公司的变化' } });
    await server.gql(UPDATE, { input: { id: inB.id, name: 'B分公司的变化' } });
    const pushes = await watchB.waitFor(watchB.received.length + 1);
    expect(pushes.at(-1)!.data!.customerChanged.customer.name).toBe('B分公司的变化');
    const names = watchB.received.map((p) => p.data!.customerChanged.customer.name);
    expect(names).not.toContain('A分公司的变化');
  });

  it('tells the subscriber of the subtree a customer moves into', async () => {
    const [a, b] = tree.branches as [DemoTree['branches'][0], DemoTree['branches'][0]];
    const mover = await customerIn(a.path, 3);
    const inB = await customerIn(b.path, 3);
    const watchB = subscribe(server.ws(), CHANGED, { orgUnitId: b.id });
    let n = 0;
    await watchB.prime(() => server.gql(UPDATE, { input: { id: inB.id, name: `迁入预热${++n}` } }));
    const moved = await server.gql(UPDATE, { input: { id: mover.id, orgUnitId: b.stationId, responsibleRepId: b.repId } });
    expect(moved.errors).toBeUndefined();
    const pushes = await watchB.waitFor(watchB.received.length + 1);
    expect(pushes.at(-1)!.data!.customerChanged).toMatchObject({ kind: 'UPDATED', customer: { id: mover.id, orgUnit: { id: b.stationId } } });
  });

  it('refuses to subscribe to an org unit that does not exist', async () => {
    const sub = subscribe(server.ws(), CHANGED, { orgUnitId: Buffer.from('OrgUnit:424242').toString('base64url') });
    const [first] = await sub.waitFor(1);
    expect(first!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(first)).not.toMatch(/at .*\.ts|select |\/work\//i);
  });
});
