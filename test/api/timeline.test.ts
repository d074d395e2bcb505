import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { bearer } from '../support/fixtures-auth.js';
import { insert, insertCustomer, staff, type Staff } from '../support/history-rows.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';

const TIMELINE = `query Timeline($id: ID!, $first: Int, $after: String, $filter: TimelineFilterInput) {
  customer(id: $id) { timeline(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id kind occurredAt actor { id } subject { __typename ... on Node { id } } } }
  } }
}`;

interface Entry {
  id: string;
  kind: string;
  occurredAt: string;
  actor: { id: string } | null;
  subject: { __typename: string; id: string };
}

let server: TestServer;
let people: Staff;

beforeAll(async () => {
  server = await startTestServer();
  people = await staff(server.sql);
});
afterAll(() => server?.close());

/** A fresh customer of the demo rep at its station. */
const customer = () => insertCustomer(server.sql, people.stationId, people.repId, '时间线');

/** An instant on a test day (Asia/Shanghai), with optional microseconds. */
const at = (day: string, time = '09:00:00', micros = '') => `2026-${day}T${time}${micros ? `.${micros}` : ''}+08:00`;

async function page(id: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res: GraphQLResponse = await server.gql(TIMELINE, { id, ...variables }, headers);
  return res;
}

async function entries(id: string, variables: Record<string, unknown> = {}): Promise<Entry[]> {
  const res = await page(id, { first: 100, ...variables });
  expect(res.errors).toBeUndefined();
  return res.data.customer.timeline.edges.map((e: { node: Entry }) => e.node);
}

const brief = (list: Entry[]) => list.map((e) => `${e.kind}:${e.subject.__typename}:${e.subject.id}`);
const gid = (type: string, id: number) => toGlobalId(type, id);

describe('the customer timeline', () => {
  it('gathers every kind of fact about the customer, newest first, with its subject and actor', async () => {
    const c = await customer();
    const sql = server.sql;
    const account = await insert.serviceAccount(sql, c.id, people.stationId, at('01-05'), at('01-04'), at('04-05'));
    const status = await insert.statusChange(sql, c.id, at('01-10'), people.repId);
    const contact = await insert.contact(sql, c.id, at('01-12'), at('03-01'));
    const revision = await insert.contactRevision(sql, contact, at('02-01'), people.repId);
    const visit = await insert.visit(sql, c.id, at('02-10'), people.repId);
    const contract = await insert.contract(sql, c.id, at('02-14'));
    const signed = await insert.contractEvent(sql, c.id, contract, at('02-15'), people.leaderId);
    const risk = await insert.risk(sql, c.id, at('02-20'), people.leaderId, at('04-01'));

    const list = await entries(c.gid);
    expect(brief(list)).toEqual([
      `SERVICE_ACCOUNT_CLOSED:ServiceAccount:${gid('ServiceAccount', account)}`,
      `RISK_CLOSED:RiskEntry:${gid('RiskEntry', risk)}`,
      `CONTACT_ARCHIVED:Contact:${gid('Contact', contact)}`,
      `RISK_OPENED:RiskEntry:${gid('RiskEntry', risk)}`,
      `CONTRACT_EVENT:ContractEvent:${gid('ContractEvent', signed)}`,
      `VISIT:Visit:${gid('Visit', visit)}`,
      `CONTACT_CHANGED:ContactRevision:${gid('ContactRevision', revision)}`,
      `CONTACT_ADDED:Contact:${gid('Contact', contact)}`,
      `STATUS_CHANGED:CustomerStatusChange:${gid('CustomerStatusChange', status)}`,
      `SERVICE_ACCOUNT_OPENED:ServiceAccount:${gid('ServiceAccount', account)}`,
    ]);
    const byKind = Object.fromEntries(list.map((e) => [e.kind, e]));
    expect(byKind.VISIT!.occurredAt).toBe(new Date(at('02-10')).toISOString());
    expect(byKind.VISIT!.actor).toEqual({ id: gid('User', people.repId) });
    expect(byKind.CONTRACT_EVENT!.actor).toEqual({ id: gid('User', people.leaderId) });
    expect(byKind.RISK_CLOSED!.actor).toEqual({ id: gid('User', people.leaderId) });
    expect(byKind.CONTACT_ADDED!.actor).toBeNull();
    // Two entries about one record (opened, closed) still have IDs of their own.
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
  });

  it('dates a service account by when supply started, or when it was recorded if that is unknown', async () => {
    const c = await customer();
    const started = await insert.serviceAccount(server.sql, c.id, people.stationId, at('03-02'), at('03-01'));
    const unknown = await insert.serviceAccount(server.sql, c.id, people.stationId, null, at('03-03'));
    const list = await entries(c.gid);
    expect(list.map((e) => [e.subject.id, e.occurredAt])).toEqual([
      [gid('ServiceAccount', unknown), new Date(at('03-03')).toISOString()],
      [gid('ServiceAccount', started), new Date(at('03-02')).toISOString()],
    ]);
  });

  it('orders entries at the same instant by kind, then newest record first, and tells microseconds apart', async () => {
    const c = await customer();
    const sql = server.sql;
    const same = at('05-01');
    const v1 = await insert.visit(sql, c.id, same, people.repId);
    const v2 = await insert.visit(sql, c.id, same, people.repId);
    const status = await insert.statusChange(sql, c.id, same, people.repId);
    const event = await insert.contractEvent(sql, c.id, await insert.contract(sql, c.id, same), same, null);
    const contact = await insert.contact(sql, c.id, same);
    const risk = await insert.risk(sql, c.id, same, people.leaderId);
    // A microsecond later and earlier: not the same instant.
    const later = await insert.visit(sql, c.id, at('05-01', '09:00:00', '000001'), people.repId);
    const earlier = await insert.statusChange(sql, c.id, at('05-01', '08:59:59', '999999'), null);

    const expected = [
      `VISIT:Visit:${gid('Visit', later)}`,
      `CONTACT_ADDED:Contact:${gid('Contact', contact)}`,
      `CONTRACT_EVENT:ContractEvent:${gid('ContractEvent', event)}`,
      `RISK_OPENED:RiskEntry:${gid('RiskEntry', risk)}`,
      `STATUS_CHANGED:CustomerStatusChange:${gid('CustomerStatusChange', status)}`,
      `VISIT:Visit:${gid('Visit', v2)}`,
      `VISIT:Visit:${gid('Visit', v1)}`,
      `STATUS_CHANGED:CustomerStatusChange:${gid('CustomerStatusChange', earlier)}`,
    ];
    expect(brief(await entries(c.gid))).toEqual(expected);
    // The same order one entry per page: the cursor carries the full key.
    const oneByOne: Entry[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await page(c.gid, { first: 1, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.customer.timeline;
      oneByOne.push(...conn.edges.map((e: { node: Entry }) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(brief(oneByOne)).toEqual(expected);
  });

  it('pages without gaps or duplicates while new entries arrive between page reads', async () => {
    const c = await customer();
    const sql = server.sql;
    const contract = await insert.contract(sql, c.id, at('01-01'));
    // 10 instants × 3 kinds, many at the same instant.
    for (let day = 10; day < 20; day++) {
      const when = at(`06-${day}`);
      await insert.visit(sql, c.id, when, people.repId);
      await insert.statusChange(sql, c.id, when, people.repId);
      await insert.contractEvent(sql, c.id, contract, when, null, 'AMENDED');
    }
    const original = brief(await entries(c.gid));
    expect(original).toHaveLength(30);

    const seen: Entry[] = [];
    const ahead: string[] = [];
    const behind: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 20; round++) {
      const res = await page(c.gid, { first: 4, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.customer.timeline;
      seen.push(...conn.edges.map((e: { node: Entry }) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      const last = seen.at(-1)!;
      // Between page reads: a newer visit and one at the cursor's instant with a
      // smaller kind (both before the cursor: never shown on later pages), and
      // one at the cursor's instant with a larger kind plus an old one (both after it: shown).
      ahead.push(`VISIT:Visit:${gid('Visit', await insert.visit(sql, c.id, new Date().toISOString(), people.repId))}`);
      ahead.push(`CONTRACT_EVENT:ContractEvent:${gid('ContractEvent', await insert.contractEvent(sql, c.id, contract, last.occurredAt, null, 'AMENDED'))}`);
      if (last.kind !== 'VISIT') {
        behind.push(`VISIT:Visit:${gid('Visit', await insert.visit(sql, c.id, last.occurredAt, people.repId))}`);
      }
      behind.push(`STATUS_CHANGED:CustomerStatusChange:${gid('CustomerStatusChange', await insert.statusChange(sql, c.id, at(`02-${String(28 - round).padStart(2, '0')}`), null))}`);
    }
    const ids = brief(seen);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of original) expect(ids).toContain(entry);
    for (const entry of behind) expect(ids).toContain(entry);
    for (const entry of ahead) expect(ids).not.toContain(entry);
    // And in the order a single read of the whole timeline now gives.
    const now = brief(await entries(c.gid));
    expect(ids).toEqual(now.filter((entry) => !ahead.includes(entry)));
  });

  it('lists only the kinds asked for, and counts them', async () => {
    const c = await customer();
    const sql = server.sql;
    await insert.visit(sql, c.id, at('07-01'), people.repId);
    await insert.visit(sql, c.id, at('07-02'), people.repId);
    await insert.statusChange(sql, c.id, at('07-03'), people.repId);
    await insert.risk(sql, c.id, at('07-04'), people.leaderId, at('07-05'));
    await insert.contact(sql, c.id, at('07-06'));
    const res = await page(c.gid, { first: 10, filter: { kinds: ['VISIT', 'RISK_CLOSED'] } });
    expect(res.errors).toBeUndefined();
    const conn = res.data.customer.timeline;
    expect(conn.edges.map((e: { node: Entry }) => e.node.kind)).toEqual(['RISK_CLOSED', 'VISIT', 'VISIT']);
    expect(conn.totalCount).toBe(3);
    const all = await page(c.gid, { first: 2 });
    expect(all.data.customer.timeline.totalCount).toBe(6);
    expect(all.data.customer.timeline.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // An empty list of kinds is no filter at all.
    expect((await entries(c.gid, { filter: { kinds: [] } })).length).toBe(6);
  });

  it('lists a time range from `from` (inclusive) to `to` (exclusive)', async () => {
    const c = await customer();
    const sql = server.sql;
    for (const day of ['08-01', '08-02', '08-03', '08-04']) await insert.visit(sql, c.id, at(day), people.repId);
    const list = await entries(c.gid, { filter: { from: at('08-02'), to: at('08-04') } });
    expect(list.map((e) => e.occurredAt)).toEqual([new Date(at('08-03')).toISOString(), new Date(at('08-02')).toISOString()]);
    const res = await page(c.gid, { filter: { from: at('08-02') } });
    expect(res.data.customer.timeline.totalCount).toBe(3);
  });

  it('rejects a range that ends before it starts, a foreign cursor and a page size out of bounds', async () => {
    const c = await customer();
    const empty = await page(c.gid, { filter: { from: at('08-02'), to: at('08-02') } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.to', message: 'must be later than filter.from' }] });
    const customersCursor = Buffer.from(JSON.stringify([5])).toString('base64url');
    const foreign = await page(c.gid, { after: customersCursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    const forged = Buffer.from(JSON.stringify(['yesterday', 'VISIT', 1])).toString('base64url');
    expect((await page(c.gid, { after: forged })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    const unknownKind = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'NO_SUCH_KIND', 1])).toString('base64url');
    expect((await page(c.gid, { after: unknownKind })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    expect((await page(c.gid, { first: 0 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    expect((await page(c.gid, { first: 101 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers an empty page for a customer with no history yet', async () => {
    const c = await customer();
    const res = await page(c.gid);
    expect(res.errors).toBeUndefined();
    expect(res.data.customer.timeline).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });
});

describe('the timeline of what the API records', () => {
  it('shows each change made through the mutations, newest first, with who made it', async () => {
    const call = async (mutation: string, input: Record<string, unknown>) => {
      const res = await server.gql(mutation, { input });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data;
    };
    const station = gid('OrgUnit', people.stationId);
    const { createCustomer } = await call(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`,
      { name: `时间线接口大酒店${Date.now()}`, kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'PROSPECT', orgUnitId: station },
    );
    const customerId = createCustomer.customer.id as string;
    await call(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { id: customerId, status: 'CONTACTED' });
    const { addServiceAccount } = await call(
      `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`,
      { customerId, accountNumber: `77${String(Date.now()).slice(-8)}`, address: '贵阳市南明区接口路1号', orgUnitId: station },
    );
    const { addContact } = await call(`mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`, {
      customerId, name: '接口联系人', role: 'FINANCE', phone: '13800000001',
    });
    const contactId = addContact.contact.id as string;
    await call(`mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { id } } }`, { id: contactId, phone: '13800000002' });
    await call(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
      customerId, channel: 'PHONE', purpose: 'DEVELOPMENT', occurredAt: new Date().toISOString(), outcome: '约定下周实地走访',
    });
    const { createContract } = await call(`mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id } } }`, {
      customerId, number: `TL-API-${Date.now()}`, type: 'GAS_SUPPLY', supplierParty: '黔能能源销售有限公司贵阳分公司', customerParty: '时间线接口大酒店', startsOn: '2026-12-01', settlementCycle: 'MONTHLY_READ_MONTHLY_SETTLE',
    });
    await call(`mutation($input: SignContractInput!) { signContract(input: $input) { contract { id } } }`, {
      id: createContract.contract.id, signedOn: '2026-11-20', signer: '王经理',
    });
    await call(`mutation($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) { entry { id } } }`, {
      customerId, level: 'HIGH', reason: '连续欠费', responsibleLeaderId: gid('User', people.leaderId), plan: [{ action: '每五天催收一次', dueOn: '2026-12-31' }],
    });
    await call(`mutation($input: TakeOffRiskLedgerInput!) { takeOffRiskLedger(input: $input) { entry { id } } }`, { customerId, reason: '欠费已结清' });
    await call(`mutation($input: ArchiveContactInput!) { archiveContact(input: $input) { contact { id } } }`, { id: contactId, reason: '已离职' });
    await call(`mutation($input: ChangeServiceAccountStatusInput!) { changeServiceAccountStatus(input: $input) { serviceAccount { id } } }`, {
      id: addServiceAccount.serviceAccount.id, status: 'CLOSED', reason: '客户搬迁销户',
    });

    const list = await entries(customerId);
    const kinds = list.map((e) => e.kind);
    for (const kind of ['STATUS_CHANGED', 'SERVICE_ACCOUNT_OPENED', 'SERVICE_ACCOUNT_CLOSED', 'CONTACT_ADDED', 'CONTACT_CHANGED', 'CONTACT_ARCHIVED', 'VISIT', 'CONTRACT_EVENT', 'RISK_OPENED', 'RISK_CLOSED']) {
      expect(kinds, kind).toContain(kind);
    }
    const times = list.map((e) => new Date(e.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const admin = (await server.sql.query(`select id from app_user where login = 'admin'`)).rows[0].id as number;
    for (const entry of list.filter((e) => ['VISIT', 'CONTRACT_EVENT', 'RISK_OPENED', 'RISK_CLOSED', 'CONTACT_CHANGED'].includes(e.kind))) {
      expect(entry.actor, entry.kind).toEqual({ id: gid('User', admin) });
    }
    expect(list.find((e) => e.kind === 'SERVICE_ACCOUNT_CLOSED')!.subject).toEqual({ __typename: 'ServiceAccount', id: addServiceAccount.serviceAccount.id });
  });
});

describe('who may read a timeline', () => {
  it("is NOT_FOUND for a lead of another branch and for a rep on another rep's customer", async () => {
    const own = await customer();
    await insert.visit(server.sql, own.id, at('09-01'), people.repId);
    const others = await insertCustomer(server.sql, people.stationId, null, '他人');
    await insert.visit(server.sql, others.id, at('09-01'), people.leaderId);
    const { rows } = await server.sql.query(
      `select s.id from org_unit s, org_unit b where s.kind = 'STATION' and b.id = (select org_unit_id from app_user where login = 'lead.gy')
         and s.path not like b.path || '%' order by s.id limit 1`,
    );
    const outside = await insertCustomer(server.sql, rows[0].id, null, '外地');
    await insert.visit(server.sql, outside.id, at('09-01'), people.leaderId);

    const leadGy = bearer(await server.login('lead.gy'));
    const rep = bearer(await server.login('rep'));
    const lead = bearer(await server.login('lead'));
    const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'ok';
    expect(code(await page(outside.gid, {}, leadGy))).toBe('NOT_FOUND');
    expect(code(await page(outside.gid, {}, lead))).toBe('ok');
    expect(code(await page(others.gid, {}, leadGy))).toBe('ok');
    expect(code(await page(others.gid, {}, rep))).toBe('NOT_FOUND');
    const mine = await page(own.gid, {}, rep);
    expect(code(mine)).toBe('ok');
    expect(mine.data.customer.timeline.edges).toHaveLength(1);

    // An entry's own ID finds it only for those who may see its customer.
    const entryId = (await entries(outside.gid))[0]!.id;
    const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on TimelineEntry { kind customer { id } subject { ... on Visit { id } } } } }`;
    const asAdmin = await server.gql(NODE, { id: entryId });
    expect(asAdmin.data.node).toMatchObject({ __typename: 'TimelineEntry', id: entryId, kind: 'VISIT', customer: { id: outside.gid } });
    expect((await server.gql(NODE, { id: entryId }, leadGy)).data.node).toBeNull();
    const mineId = mine.data.customer.timeline.edges[0].node.id;
    expect((await server.gql(NODE, { id: mineId }, rep)).data.node).toMatchObject({ id: mineId, kind: 'VISIT' });
    const othersId = (await entries(others.gid))[0]!.id;
    expect((await server.gql(NODE, { id: othersId }, rep)).data.node).toBeNull();
  });

  it('hides the personal data of contact subjects from a viewer without pii:read', async () => {
    const c = await customer();
    const contact = await insert.contact(server.sql, c.id, at('10-01'), null, '13912345678');
    await insert.contactRevision(server.sql, contact, at('10-02'), people.repId);
    const QUERY = `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind subject {
      ... on Contact { name phone email }
      ... on ContactRevision { before after } } } } } } }`;
    const asAdmin = await server.gql(QUERY, { id: c.gid });
    const [changed, added] = asAdmin.data.customer.timeline.edges.map((e: { node: { subject: Record<string, unknown> } }) => e.node.subject);
    expect(added).toMatchObject({ phone: '13912345678', email: 'cw@example.cn' });
    expect(changed.after).toMatchObject({ phone: '13987654321', title: '财务经理' });

    const viewer = bearer(await server.login('viewer'));
    const res = (await server.gql(QUERY, { id: c.gid }, viewer)) as GraphQLResponse & { extensions?: { redactions?: Array<{ path: unknown[] }> } };
    expect(res.errors).toBeUndefined();
    const [hiddenChange, hiddenContact] = res.data.customer.timeline.edges.map((e: { node: { subject: Record<string, unknown> } }) => e.node.subject);
    expect(hiddenContact).toMatchObject({ name: expect.any(String), phone: null, email: null });
    expect(hiddenChange.after.title).toBe('财务经理');
    expect(hiddenChange.after.phone ?? null).toBeNull();
    expect(hiddenChange.before.phone ?? null).toBeNull();
    expect(JSON.stringify(res)).not.toContain('1391234');
    expect(JSON.stringify(res)).not.toContain('13987654321');
    expect(res.extensions?.redactions?.map((r) => r.path.join('.'))).toEqual(
      expect.arrayContaining(['customer.timeline.edges.1.node.subject.phone', 'customer.timeline.edges.1.node.subject.email']),
    );
  });
});

describe('what a timeline page costs', () => {
  const COSTLY = `query($id: ID!, $first: Int) { customer(id: $id) { id timeline(first: $first) { totalCount edges { node {
    id kind occurredAt actor { id name }
    subject {
      __typename
      ... on Visit { id channel purpose outcome }
      ... on CustomerStatusChange { id toStatus reason }
      ... on ContractEvent { id kind note }
      ... on RiskEntry { id level riskReason: reason }
      ... on Contact { id name phone }
      ... on ContactRevision { id before after }
      ... on ServiceAccount { id accountNumber status }
    } } } } } }`;

  /** One record of each kind, `times` times over. */
  async function historyOf(times: number) {
    const c = await customer();
    const sql = server.sql;
    for (let i = 0; i < times; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      await insert.serviceAccount(sql, c.id, people.stationId, at(`11-${day}`, '08:00:00'), at(`11-${day}`, '07:00:00'), at(`11-${day}`, '18:00:00'));
      await insert.statusChange(sql, c.id, at(`11-${day}`, '09:00:00'), people.repId);
      const contact = await insert.contact(sql, c.id, at(`11-${day}`, '10:00:00'), at(`11-${day}`, '17:00:00'));
      await insert.contactRevision(sql, contact, at(`11-${day}`, '11:00:00'), people.leaderId);
      await insert.visit(sql, c.id, at(`11-${day}`, '12:00:00'), i % 2 ? people.repId : people.leaderId);
      await insert.contractEvent(sql, c.id, await insert.contract(sql, c.id, at(`11-${day}`)), at(`11-${day}`, '13:00:00'), people.leaderId);
      await insert.risk(sql, c.id, at(`11-${day}`, '14:00:00'), people.leaderId, at(`11-${day}`, '15:00:00'));
    }
    return c;
  }

  it('is the same, fixed number of SQL statements for a short and a long history', async () => {
    const short = await historyOf(1);
    const long = await historyOf(12);
    const a = await server.gqlCounted(COSTLY, { id: short.gid, first: 100 });
    const b = await server.gqlCounted(COSTLY, { id: long.gid, first: 100 });
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(a.body.data.customer.timeline.edges).toHaveLength(10);
    expect(b.body.data.customer.timeline.edges).toHaveLength(100);
    console.log(`timeline page: ${a.statements} SQL statements for 10 entries, ${b.statements} for 100`);
    expect(b.statements).toBe(a.statements);
    // The caller's session, the customer, the page, its count, 7 subject types and the actors.
    expect(a.statements).toBe(12);
  });

  it('batches the timelines of a whole customer list into one page statement', async () => {
    const NESTED = `query($first: Int!) { customers(first: $first) { edges { node { id
      timeline(first: 3, filter: { kinds: [VISIT] }) { edges { node { kind actor { name } subject { __typename ... on Node { id } } } } } } } } }`;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await historyOf(1)).id);
    const few = await server.gqlCounted(NESTED, { first: 3 });
    const many = await server.gqlCounted(NESTED, { first: 60 });
    expect(few.body.errors).toBeUndefined();
    expect(many.body.errors).toBeUndefined();
    expect(many.body.data.customers.edges.length).toBeGreaterThan(30);
    console.log(`customer list with timelines: ${few.statements} SQL statements for 3 customers, ${many.statements} for ${many.body.data.customers.edges.length}`);
    expect(many.statements).toBe(few.statements);
  });
});
