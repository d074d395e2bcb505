import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { demoTree, testUscc, writeCounts, type DemoTree } from '../support/fixtures.js';
import { TEMPLATE_CUSTOMERS } from '../support/constants.js';

const CUSTOMER_FIELDS = `id name uscc kind utility tier status address estimatedMonthlyConsumption statusChangedAt createdAt updatedAt
  orgUnit { id name kind } responsibleRep { id name role } contacts { id name role phone isPrimary }`;

const CREATE = `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } } }`;
const UPDATE = `mutation Update($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } } }`;
const GET = `query Get($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`;
const LIST = `query List($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name orgUnit { id } } }
  }
}`;
const ADD_CONTACT = `mutation Add($input: AddContactInput!) { addContact(input: $input) {
  contact { id name isPrimary } customer { id contacts { name isPrimary } } } }`;

let server: TestServer;
let tree: DemoTree;
let seq = 0;

function newCustomer(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: `测试化工有限公司${seq}`,
    uscc: testUscc(seq),
    kind: 'INDUSTRIAL',
    utility: 'GAS',
    tier: 'KEY',
    status: 'ACTIVE',
    orgUnitId: tree.branches[0]!.stationId,
    responsibleRepId: tree.branches[0]!.repId,
    address: '贵州省贵阳市花溪区测试路1号',
    estimatedMonthlyConsumption: '120000.5',
    ...overrides,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  tree = await demoTree(server.sql);
});
afterAll(() => server?.close());

describe('customers over HTTP', () => {
  it('creates a customer and reads it back with its org unit, rep and exact decimal', async () => {
    const input = newCustomer();
    const created = await server.gql(CREATE, { input });
    expect(created.errors).toBeUndefined();
    const customer = created.data.createCustomer.customer;
    expect(customer).toMatchObject({
      name: input.name,
      uscc: input.uscc,
      status: 'ACTIVE',
      estimatedMonthlyConsumption: '120000.50',
      orgUnit: { id: tree.branches[0]!.stationId, kind: 'STATION' },
      responsibleRep: { id: tree.branches[0]!.repId, role: 'REP' },
      contacts: [],
    });
    expect(customer.id).not.toMatch(/^\d+$/);
    const read = await server.gql(GET, { id: customer.id });
    expect(read.data.customer).toEqual(customer);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { __typename id ... on Customer { name } } }`, { id: customer.id });
    expect(node.data.node).toEqual({ __typename: 'Customer', id: customer.id, name: input.name });
  });

  it('updates only the fields given and records the stage date when the status moves', async () => {
    const { data } = await server.gql(CREATE, { input: newCustomer({ status: 'NEGOTIATING', uscc: null }) });
    const before = data.createCustomer.customer;
    const updated = await server.gql(UPDATE, { input: { id: before.id, status: 'ACTIVE', uscc: testUscc(9000 + seq), name: ' 新名称大酒店 ' } });
    expect(updated.errors).toBeUndefined();
    const after = updated.data.updateCustomer.customer;
    expect(after).toMatchObject({ name: '新名称大酒店', status: 'ACTIVE', kind: before.kind, address: before.address });
    expect(new Date(after.statusChangedAt).getTime()).toBeGreaterThan(new Date(before.statusChangedAt).getTime());
    const events = await server.sql.query(`select kind, payload from domain_event where customer_id = (select max(id) from customer) order by id`);
    expect(events.rows.map((r) => r.kind)).toEqual(['customer.created', 'customer.updated']);
    expect(events.rows[1].payload.changedFields.sort()).toEqual(['name', 'status', 'uscc']);
  });

  it('refuses a lifecycle move that skips the rules, and writes nothing', async () => {
    const { data } = await server.gql(CREATE, { input: newCustomer({ status: 'PROSPECT', tier: 'PROSPECT', uscc: null }) });
    const counts = await writeCounts(server.sql);
    const res = await server.gql(UPDATE, { input: { id: data.createCustomer.customer.id, status: 'CLOSED' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'status', message: 'cannot move from PROSPECT to CLOSED' }] });
    expect(await writeCounts(server.sql)).toEqual(counts);
  });

  it('lists customers in pages with stable keyset cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 100; page++) {
      const res: { data?: any; errors?: unknown[] } = await server.gql(LIST, { first: 25, after, orderBy: 'NAME_ASC' });
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.customers;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThanOrEqual(TEMPLATE_CUSTOMERS);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const names = await server.sql.query(`select count(*)::int as n from customer`);
    expect(total).toBe(names.rows[0].n);
  });

  it('filters by org subtree, tier and search text', async () => {
    const branch = tree.branches[1]!;
    const res = await server.gql(LIST, { first: 100, filter: { orgUnitId: branch.id } });
    const expected = await server.sql.query(
      `select count(*)::int as n from customer c join org_unit o on o.id = c.org_unit_id where o.path like $1 || '%'`,
      [branch.path],
    );
    expect(res.data.customers.totalCount).toBe(expected.rows[0].n);
    expect(expected.rows[0].n).toBeGreaterThan(0);

    const input = newCustomer({ name: '遵义市第九十九人民医院', kind: 'PUBLIC_INSTITUTION' });
    await server.gql(CREATE, { input });
    const search = await server.gql(LIST, { filter: { search: '第九十九', tiers: ['KEY'] } });
    expect(search.data.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([input.name]);
    const byUscc = await server.gql(LIST, { filter: { search: input.uscc.toLowerCase() } });
    expect(byUscc.data.customers.totalCount).toBe(1);
    const wildcard = await server.gql(LIST, { filter: { search: '%' } });
    expect(wildcard.data.customers.totalCount).toBe(0);
  });

  it('caps page size at 100 and rejects foreign cursors', async () => {
    const tooMany = await server.gql(LIST, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    const hundred = await server.gql(LIST, { first: 100 });
    expect(hundred.data.customers.edges.length).toBeLessThanOrEqual(100);
    const badCursor = await server.gql(LIST, { after: 'not-a-cursor' });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('says NOT_FOUND for a customer that does not exist and BAD_USER_INPUT for an ID of another type', async () => {
    const missing = await server.gql(GET, { id: Buffer.from('Customer:999999').toString('base64url') });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongType = await server.gql(GET, { id: tree.companyId });
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
  });
});

describe('bad input writes nothing', () => {
  const cases: Array<[string, () => Record<string, unknown>, string]> = [
    ['a USCC with a wrong check character', () => newCustomer({ uscc: testUscc(1).slice(0, 17) + (testUscc(1).endsWith('0') ? '1' : '0') }), 'uscc'],
    ['a USCC with a forbidden letter', () => newCustomer({ uscc: '91520102MA6DKI0X1O' }), 'uscc'],
    ['an empty name', () => newCustomer({ name: '   ' }), 'name'],
    ['an unknown org unit', () => newCustomer({ orgUnitId: Buffer.from('OrgUnit:987654').toString('base64url') }), 'orgUnitId'],
    ['a malformed org unit ID', () => newCustomer({ orgUnitId: 'garbage' }), 'orgUnitId'],
    ['a rep from another branch', () => newCustomer({ responsibleRepId: tree.branches[1]!.repId }), 'responsibleRepId'],
    ['an active customer without USCC', () => newCustomer({ uscc: null }), 'uscc'],
    ['a negative consumption', () => newCustomer({ estimatedMonthlyConsumption: '-1.00' }), 'estimatedMonthlyConsumption'],
  ];

  it.each(cases)('rejects %s as BAD_USER_INPUT naming %s', async (_what, input, field) => {
    const before = await writeCounts(server.sql);
    const res = await server.gql(CREATE, { input: input() });
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions?.fields?.map((f) => f.field)).toContain(field);
    expect(await writeCounts(server.sql)).toEqual(before);
  });

  it('reports every invalid field at once', async () => {
    const res = await server.gql(CREATE, { input: newCustomer({ name: '', uscc: 'ABC', orgUnitId: 'x' }) });
    const fields = res.errors?.[0]?.extensions?.fields?.map((f) => f.field).sort();
    expect(fields).toEqual(['name', 'orgUnitId', 'uscc']);
  });

  it('rejects a float where a Decimal string is expected', async () => {
    const before = await writeCounts(server.sql);
    const res = await server.gql(CREATE, { input: newCustomer({ estimatedMonthlyConsumption: 12.5 }) });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await writeCounts(server.sql)).toEqual(before);
  });

  it('answers a second customer with the same USCC with CONFLICT', async () => {
    const input = newCustomer();
    expect((await server.gql(CREATE, { input })).errors).toBeUndefined();
    const before = await writeCounts(server.sql);
    const again = await server.gql(CREATE, { input: { ...input, name: '另一家公司' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'uscc' }] });
    expect(await writeCounts(server.sql)).toEqual(before);
  });

  it('keeps exactly one USCC winner when the same code is created concurrently', async () => {
    const input = newCustomer();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => server.gql(CREATE, { input: { ...input, name: `并发公司${i}` } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(5);
    const rows = await server.sql.query(`select count(*)::int as n from customer where uscc = $1`, [input.uscc]);
    expect(rows.rows[0].n).toBe(1);
  });
});

describe('contacts', () => {
  it('makes the first contact primary and moves primary to a new one when asked', async () => {
    const { data } = await server.gql(CREATE, { input: newCustomer() });
    const customerId = data.createCustomer.customer.id;
    const first = await server.gql(ADD_CONTACT, { input: { customerId, name: '王经理', role: 'DECISION_MAKER', phone: '13812345678' } });
    expect(first.data.addContact.contact).toMatchObject({ name: '王经理', isPrimary: true });
    const second = await server.gql(ADD_CONTACT, { input: { customerId, name: '李会计', role: 'FINANCE', phone: '0851-86543210' } });
    expect(second.data.addContact.contact.isPrimary).toBe(false);
    const third = await server.gql(ADD_CONTACT, { input: { customerId, name: '赵工', role: 'TECHNICAL', isPrimary: true } });
    expect(third.data.addContact.customer.contacts).toEqual([
      { name: '赵工', isPrimary: true },
      { name: '王经理', isPrimary: false },
      { name: '李会计', isPrimary: false },
    ]);
  });

  it('rejects a bad phone number and an unknown customer without writing', async () => {
    const { data } = await server.gql(CREATE, { input: newCustomer() });
    const before = await writeCounts(server.sql);
    const badPhone = await server.gql(ADD_CONTACT, { input: { customerId: data.createCustomer.customer.id, name: '王', role: 'SITE', phone: '12345' } });
    expect(badPhone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'phone' }] });
    const unknown = await server.gql(ADD_CONTACT, { input: { customerId: Buffer.from('Customer:999999').toString('base64url'), name: '王', role: 'SITE' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await writeCounts(server.sql)).toEqual(before);
  });

  it('loads contacts, org units and reps of a whole page in a fixed number of SQL statements', async () => {
    const query = (first: number) =>
      `{ customers(first: ${first}) { totalCount edges { node { name orgUnit { name parent { name } } responsibleRep { name orgUnit { name } } contacts { name } } } } }`;
    const small = await server.gqlCounted(query(3));
    const large = await server.gqlCounted(query(60));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.data.customers.edges.length).toBe(60);
    // list + count + one batch each for org units, parents, reps, reps' units and contacts.
    expect(small.statements).toBeGreaterThanOrEqual(3);
    expect(large.statements).toBeLessThanOrEqual(7);
    expect(large.statements).toBeLessThanOrEqual(small.statements + 2);
  });
});
