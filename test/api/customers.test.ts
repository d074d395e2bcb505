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
    const res = await server.gql(UPDATE, { input: { id: data.createCustomer.customer.id, status: 'SUSPENDED', statusReason: '停用' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'status', message: 'cannot move from PROSPECT to SUSPENDED' }] });
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

describe('customer lists: filters, sorts and paging', () => {
  const PAGE = `query List($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name developedAt estimatedMonthlyConsumption } }
    }
  }`;
  const localId = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);
  let tag = 0;

  /** Creates customers in their own industry, so a filter on it isolates them from the demo data. */
  async function group(rows: Array<Record<string, unknown>>): Promise<{ industry: string; ids: string[] }> {
    tag += 1;
    const industry = `列表测试行业${tag}`;
    const ids: string[] = [];
    for (const row of rows) {
      const res = await server.gql(CREATE, { input: newCustomer({ industry, ...row }) });
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      ids.push(res.data.createCustomer.customer.id);
    }
    return { industry, ids };
  }

  async function all(filter: Record<string, unknown>, orderBy = 'CREATED_AT_DESC', first = 2): Promise<{ ids: string[]; totalCount: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 200; page++) {
      const res: any = await server.gql(PAGE, { first, after, filter, orderBy });
      expect(res.errors).toBeUndefined();
      totalCount = res.data.customers.totalCount;
      ids.push(...res.data.customers.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!res.data.customers.pageInfo.hasNextPage) break;
      after = res.data.customers.pageInfo.endCursor;
    }
    return { ids, totalCount };
  }

  it('filters by responsible rep and responsible leader', async () => {
    const leader = (await server.sql.query(`select u.id from app_user u join org_unit o on o.id = u.org_unit_id where u.role = 'LEAD' and $1 like o.path || '%' order by length(o.path) desc limit 1`, [
      (await server.sql.query(`select path from org_unit where id = $1`, [localId(tree.branches[0]!.stationId)])).rows[0].path,
    ])).rows[0].id as number;
    const leaderId = Buffer.from(`User:${leader}`).toString('base64url');
    const { industry, ids } = await group([{ responsibleLeaderId: leaderId }, { responsibleLeaderId: leaderId }, {}]);
    const byLeader = await all({ industries: [industry], responsibleLeaderId: leaderId });
    expect(byLeader.ids.sort()).toEqual(ids.slice(0, 2).sort());
    const byRep = await server.gql(PAGE, { filter: { responsibleRepId: tree.branches[0]!.repId } });
    const expected = await server.sql.query(`select count(*)::int as n from customer where responsible_rep_id = $1`, [localId(tree.branches[0]!.repId)]);
    expect(byRep.data.customers.totalCount).toBe(expected.rows[0].n);
    expect(expected.rows[0].n).toBeGreaterThan(0);
  });

  it('filters by the risk ledger, its levels and the dishonesty flag', async () => {
    const { industry, ids } = await group([{}, {}, {}, {}]);
    await server.sql.query(`update customer set risk_level = 'HIGH' where id = $1`, [localId(ids[0]!)]);
    await server.sql.query(`update customer set risk_level = 'LOW' where id = $1`, [localId(ids[1]!)]);
    const flag = await server.gql(`mutation($input: SetDishonestyFlagInput!) { setDishonestyFlag(input: $input) { customer { dishonest } } }`, {
      input: { customerId: ids[2], dishonest: true, reason: '拒缴欠费' },
    });
    expect(flag.errors).toBeUndefined();
    const ids_ = async (filter: Record<string, unknown>) => (await all({ industries: [industry], ...filter })).ids.sort();
    expect(await ids_({ onRiskLedger: true })).toEqual([ids[0], ids[1]].sort());
    expect(await ids_({ onRiskLedger: false })).toEqual([ids[2], ids[3]].sort());
    expect(await ids_({ riskLevels: ['HIGH', 'MEDIUM'] })).toEqual([ids[0]]);
    expect(await ids_({ dishonest: true })).toEqual([ids[2]]);
    expect(await ids_({ dishonest: false })).toEqual([ids[0], ids[1], ids[3]].sort());
  });

  it('filters by development date as calendar days in the company time zone', async () => {
    const { industry, ids } = await group([{}, {}, {}, {}, { status: 'PROSPECT', tier: 'PROSPECT', uscc: null }]);
    // 2025-03-01 in Asia/Shanghai runs from 2025-02-28T16:00Z to 2025-03-01T16:00Z.
    const times = ['2025-02-28T15:59:59.999Z', '2025-02-28T16:00:00Z', '2025-03-01T15:59:59.999Z', '2025-03-01T16:00:00Z'];
    for (const [i, at] of times.entries()) await server.sql.query(`update customer set developed_at = $2 where id = $1`, [localId(ids[i]!), at]);
    const days = async (filter: Record<string, unknown>) => (await all({ industries: [industry], ...filter })).ids.sort();
    expect(await days({ developedFrom: '2025-03-01', developedTo: '2025-03-01' })).toEqual([ids[1], ids[2]].sort());
    expect(await days({ developedFrom: '2025-03-02' })).toEqual([ids[3]]);
    expect(await days({ developedTo: '2025-02-28' })).toEqual([ids[0]]);
    const badDay = await server.gql(PAGE, { filter: { developedFrom: '2025-02-30' } });
    expect(badDay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'developedFrom' }] });
    const backwards = await server.gql(PAGE, { filter: { developedFrom: '2025-03-02', developedTo: '2025-03-01' } });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.developedTo' }] });
  });

  it('filters by industries and by a minimum monthly consumption, inclusive and exact to the fen', async () => {
    const a = await group([{ estimatedMonthlyConsumption: '100000.00' }, { estimatedMonthlyConsumption: '99999.99' }, { estimatedMonthlyConsumption: null }]);
    const b = await group([{ estimatedMonthlyConsumption: '500000.00' }]);
    const res = await all({ industries: [a.industry, b.industry], minMonthlyConsumption: '100000' });
    expect(res.ids.sort()).toEqual([a.ids[0], b.ids[0]].sort());
    expect(res.totalCount).toBe(2);
    expect((await all({ industries: [a.industry] })).totalCount).toBe(3);
  });

  it('finds a customer by the prefix of one of its service account numbers 户号 and by part of its Chinese name', async () => {
    const { ids } = await group([{ name: '六盘水市钟山区第七供热站' }]);
    const station = localId(tree.branches[0]!.stationId);
    await server.sql.query(
      `insert into service_account (customer_id, org_unit_id, account_number, address, utility) values ($1, $2, '7705123456', '钟山区荷城街道1号', 'HEAT'), ($1, $2, '7705999001', '钟山区荷城街道2号', 'HEAT')`,
      [localId(ids[0]!), station],
    );
    const byAccount = await all({ search: '7705123' });
    expect(byAccount.ids).toEqual([ids[0]]);
    expect((await all({ search: '770512345' })).totalCount).toBe(1);
    expect((await all({ search: '705123' })).totalCount).toBe(0);
    expect((await all({ search: '7705' })).ids).toEqual([ids[0]]);
    expect((await all({ search: '第七供热' })).ids).toEqual([ids[0]]);
    expect((await all({ search: '77_5' })).totalCount).toBe(0);
  });

  it.each([
    ['DEVELOPED_AT_DESC', 'developed_at'],
    ['CONSUMPTION_DESC', 'estimated_monthly_consumption'],
  ])('pages through %s with nulls last and ties broken by id, without gaps or repeats', async (orderBy, column) => {
    const { industry, ids } = await group(
      ['1.00', '250.50', '250.50', null, '99999999.99', null, '250.50', '0.00', '12.30'].map((estimatedMonthlyConsumption) => ({ estimatedMonthlyConsumption })),
    );
    // Development dates with ties, nulls and two that differ below a millisecond.
    const developed = ['2025-01-01T00:00:00.000100Z', '2025-01-01T00:00:00.000900Z', null, '2025-05-05T05:05:05Z', '2025-05-05T05:05:05Z', null, '2024-12-31T23:59:59.999999Z', '2026-01-01T00:00:00Z', null];
    for (const [i, at] of developed.entries()) await server.sql.query(`update customer set developed_at = $2 where id = $1`, [localId(ids[i]!), at]);
    const expected = await server.sql.query(`select id from customer where industry = $1 order by ${column} desc nulls last, id desc`, [industry]);
    for (const first of [1, 2, 4, 100]) {
      const res = await all({ industries: [industry] }, orderBy, first);
      expect(res.ids.map(localId)).toEqual(expected.rows.map((r) => r.id));
      expect(res.totalCount).toBe(9);
    }
  });

  it('pages the whole visible list by development date and by consumption, each customer exactly once', async () => {
    const total = (await server.sql.query(`select count(*)::int as n from customer`)).rows[0].n;
    for (const orderBy of ['DEVELOPED_AT_DESC', 'CONSUMPTION_DESC']) {
      const res = await all({}, orderBy, 37);
      expect(res.totalCount).toBe(total);
      expect(res.ids).toHaveLength(total);
      expect(new Set(res.ids).size).toBe(total);
    }
  });

  it('rejects a cursor of another order and a forged one', async () => {
    const byName = await server.gql(PAGE, { first: 1, orderBy: 'NAME_ASC' });
    const foreign = await server.gql(PAGE, { first: 1, orderBy: 'CONSUMPTION_DESC', after: byName.data.customers.pageInfo.endCursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    const forged = Buffer.from(JSON.stringify(["2025-01-01'; drop table customer; --", 1])).toString('base64url');
    const res = await server.gql(PAGE, { first: 1, orderBy: 'DEVELOPED_AT_DESC', after: forged });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('loads every relation of a page, and of one customer, in a number of statements that does not grow with the rows', async () => {
    const leader = (await server.sql.query(`select id from app_user where login = 'admin'`)).rows[0].id as number;
    const leaderId = Buffer.from(`User:${leader}`).toString('base64url');
    const stationLocal = localId(tree.branches[0]!.stationId);
    await server.sql.query(`update org_unit set latitude = coalesce(latitude, 26.6), longitude = coalesce(longitude, 106.7) where id = $1`, [stationLocal]);
    const referrer = await group([{ latitude: 26.61, longitude: 106.71, responsibleLeaderId: leaderId }]);
    const rows = Array.from({ length: 30 }, (_, i) => ({ referredById: referrer.ids[0], responsibleLeaderId: leaderId, latitude: 26.6 + i / 1000, longitude: 106.7 }));
    const { industry } = await group(rows);
    for (const id of (await all({ industries: [industry] }, 'CREATED_AT_DESC', 100)).ids.slice(0, 30)) {
      await server.gql(UPDATE, { input: { id, status: 'SUSPENDED', statusReason: '计数测试' } });
    }
    const fields = `name orgUnit { name parent { name } } responsibleRep { name orgUnit { name } } responsibleLeader { name }
      contacts { name } referredBy { name } referrals { name } statusHistory { toStatus changedBy { name } }
      nearestStation { distanceKm station { name } }`;
    const list = (first: number) => `{ customers(first: ${first}, filter: { industries: ["${industry}"] }) { totalCount edges { node { ${fields} } } } }`;
    const small = await server.gqlCounted(list(3));
    const large = await server.gqlCounted(list(30));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.data.customers.edges).toHaveLength(30);
    expect(large.body.data.customers.edges.every((e: any) => e.node.referredBy && e.node.nearestStation && e.node.statusHistory.length === 2)).toBe(true);
    // list + count, then one batch each: org units, parents, users (reps and leaders), reps' units, contacts,
    // referrers, referrals, histories, their authors and the nearest stations.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(12);

    const one = `query($id: ID!) { customer(id: $id) { ${fields} } }`;
    const [referredId] = (await all({ industries: [industry] }, 'CREATED_AT_DESC', 1)).ids;
    const plain = await server.gqlCounted(one, { id: referrer.ids[0] });
    const rich = await server.gqlCounted(one, { id: referredId });
    expect(plain.body.errors).toBeUndefined();
    expect(rich.body.errors).toBeUndefined();
    expect(plain.body.data.customer.referrals).toHaveLength(30);
    expect(rich.statements).toBeLessThanOrEqual(11);
    expect(plain.statements).toBeLessThanOrEqual(11);
  });
});
