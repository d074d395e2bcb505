/**
 * Contacts 联系人 (DOMAIN.md "Contacts"): changes are recorded, not
 * overwritten 动态信息管理; one primary contact per customer; archived
 * contacts leave the list and keep their history; personal data in the
 * history needs pii:read like everywhere else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const REVISION_FIELDS = 'id before after changedAt changedBy { id name }';
const CONTACT_FIELDS = `id name title role phone email wechat isPrimary archivedAt revisions { ${REVISION_FIELDS} }`;
const ADD = `mutation Add($input: AddContactInput!) { addContact(input: $input) { contact { id name isPrimary } } }`;
const UPDATE = `mutation Update($input: UpdateContactInput!) { updateContact(input: $input) {
  contact { ${CONTACT_FIELDS} } customer { contacts { name isPrimary } } } }`;
const ARCHIVE = `mutation Archive($input: ArchiveContactInput!) { archiveContact(input: $input) {
  contact { ${CONTACT_FIELDS} } customer { contacts { name isPrimary } } } }`;
const CONTACTS = `query Contacts($id: ID!, $all: Boolean) { customer(id: $id) { contacts(includeArchived: $all) { ${CONTACT_FIELDS} } } }`;

let server: TestServer;
let station: string;
let repId: string;
let adminUserId: string;
let seq = 0;

const localId = (globalId: string) => parseGlobalId(globalId)!.id;

async function createCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const res = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `联系人测试酒店${seq}`, uscc: testUscc(43000 + seq), kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE',
      orgUnitId: station, responsibleRepId: repId, ...overrides,
    },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

async function addContact(customerId: string, input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(ADD, { input: { customerId, role: 'SITE', ...input } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.addContact.contact.id;
}

async function counts(): Promise<Record<string, number>> {
  const { rows } = await server.sql.query(`select (select count(*)::int from contact) as contacts,
    (select count(*)::int from contact_revision) as revisions, (select count(*)::int from domain_event) as events,
    (select count(*)::int from audit_entry) as audits,
    (select count(*)::int from contact where archived_at is not null) as archived, (select count(*)::int from contact where is_primary) as primaries`);
  return rows[0];
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  repId = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id);
  adminUserId = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'admin'`)).rows[0].id);
});
afterAll(() => server?.close());

describe('changes are recorded, not overwritten 动态信息管理', () => {
  it('records only the changed fields, before and after, with who and when', async () => {
    const customerId = await createCustomer();
    const id = await addContact(customerId, { name: '王经理', title: '总经理', role: 'DECISION_MAKER', phone: '13812345678', email: 'wang@example.cn' });
    const started = Date.now();
    const res = await server.gql(UPDATE, { input: { id, phone: '13987654321', title: '董事长', email: 'wang@example.cn' } });
    expect(res.errors).toBeUndefined();
    const contact = res.data.updateContact.contact;
    expect(contact).toMatchObject({ name: '王经理', title: '董事长', phone: '13987654321', email: 'wang@example.cn', isPrimary: true });
    expect(contact.revisions).toHaveLength(1);
    const [revision] = contact.revisions;
    expect(revision.before).toEqual({ title: '总经理', phone: '13812345678' });
    expect(revision.after).toEqual({ title: '董事长', phone: '13987654321' });
    expect(revision.changedBy).toEqual({ id: adminUserId, name: expect.any(String) });
    expect(new Date(revision.changedAt).getTime()).toBeGreaterThanOrEqual(started - 5_000);
  });

  it('lists revisions newest first and records who made each change', async () => {
    const customerId = await createCustomer();
    const id = await addContact(customerId, { name: '李会计', role: 'FINANCE' });
    await server.gql(UPDATE, { input: { id, wechat: 'li_kuaiji' } });
    const rep = bearer(await server.login('rep'));
    const second = await server.gql(UPDATE, { input: { id, role: 'DECISION_MAKER', title: '财务总监' } }, rep);
    expect(second.errors).toBeUndefined();
    await server.gql(UPDATE, { input: { id, wechat: null } });
    const { data } = await server.gql(CONTACTS, { id: customerId });
    const revisions = data.customer.contacts[0].revisions;
    expect(revisions.map((r: { after: unknown }) => r.after)).toEqual([
      { wechat: null },
      { role: 'DECISION_MAKER', title: '财务总监' },
      { wechat: 'li_kuaiji' },
    ]);
    expect(revisions[1].before).toEqual({ role: 'FINANCE', title: null });
    expect(revisions[1].changedBy.id).toBe(repId);
    expect(revisions[0].changedBy.id).toBe(adminUserId);
  });

  it('writes no revision, event or audit entry when nothing changes', async () => {
    const id = await addContact(await createCustomer(), { name: '赵工', phone: '0851-86543210' });
    const before = await counts();
    const res = await server.gql(UPDATE, { input: { id, name: '赵工', phone: '0851-86543210' } });
    expect(res.data.updateContact.contact.revisions).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('writes the revision, the audit entry and one customer event in the same change', async () => {
    const customerId = await createCustomer();
    const id = await addContact(customerId, { name: '钱主任' });
    const before = await counts();
    await server.gql(UPDATE, { input: { id, name: '钱主任（后勤）' } });
    expect(await counts()).toMatchObject({ revisions: before.revisions + 1, events: before.events + 1, audits: before.audits + 1 });
    const event = await server.sql.query(`select kind, payload from domain_event where customer_id = $1 order by id desc limit 1`, [localId(customerId)]);
    expect(event.rows[0]).toEqual({
      kind: 'customer.contact_updated',
      payload: { changedFields: ['contacts'], contactId: localId(id), contactFields: ['name'], responsibleRepId: localId(repId) },
    });
    const audit = await server.sql.query(`select action, before, after from audit_entry where entity_type = 'Contact' and entity_id = $1 order by id desc limit 1`, [localId(id)]);
    expect(audit.rows[0]).toEqual({ action: 'contact.update', before: { name: '钱主任' }, after: { name: '钱主任（后勤）' } });
  });

  it('pushes CONTACT_UPDATED and CONTACT_ARCHIVED to customerChanged subscribers', async () => {
    const customerId = await createCustomer();
    const first = await addContact(customerId, { name: '孙经理' });
    const second = await addContact(customerId, { name: '周会计', role: 'FINANCE' });
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id contacts { name } } } }`);
    let n = 0;
    await sub.prime(() => server.gql(UPDATE, { input: { id: first, title: `预热${++n}` } }));
    const seen = sub.received.length;
    await server.gql(UPDATE, { input: { id: second, title: '主办会计' } });
    await server.gql(ARCHIVE, { input: { id: second, reason: '已离职' } });
    const pushes = (await sub.waitFor(seen + 2)).slice(-2).map((p) => p.data!.customerChanged);
    expect(pushes[0]).toMatchObject({ kind: 'CONTACT_UPDATED', changedFields: ['contacts'], customer: { id: customerId } });
    expect(pushes[1]).toMatchObject({ kind: 'CONTACT_ARCHIVED', customer: { contacts: [{ name: '孙经理' }] } });
  });
});

describe('one primary contact', () => {
  it('making a contact primary demotes the previous one, and both changes are recorded', async () => {
    const customerId = await createCustomer();
    const wang = await addContact(customerId, { name: '王经理' });
    const li = await addContact(customerId, { name: '李会计', role: 'FINANCE' });
    const res = await server.gql(UPDATE, { input: { id: li, isPrimary: true } });
    expect(res.data.updateContact.customer.contacts).toEqual([
      { name: '李会计', isPrimary: true },
      { name: '王经理', isPrimary: false },
    ]);
    expect(res.data.updateContact.contact.revisions.map((r: { before: unknown; after: unknown }) => [r.before, r.after])).toEqual([
      [{ isPrimary: false }, { isPrimary: true }],
    ]);
    const { data } = await server.gql(CONTACTS, { id: customerId });
    const demoted = data.customer.contacts.find((c: { id: string }) => c.id === wang);
    expect(demoted.revisions.map((r: { before: unknown; after: unknown }) => [r.before, r.after])).toEqual([
      [{ isPrimary: true }, { isPrimary: false }],
    ]);
  });

  it('adding a new primary contact records the demotion of the old one', async () => {
    const customerId = await createCustomer();
    const wang = await addContact(customerId, { name: '王经理' });
    await addContact(customerId, { name: '新任总经理', isPrimary: true, role: 'DECISION_MAKER' });
    const { data } = await server.gql(CONTACTS, { id: customerId });
    expect(data.customer.contacts.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([['新任总经理', true], ['王经理', false]]);
    expect(data.customer.contacts.find((c: { id: string }) => c.id === wang).revisions[0].after).toEqual({ isPrimary: false });
  });

  it('refuses to clear the primary flag, writing nothing', async () => {
    const id = await addContact(await createCustomer(), { name: '唯一联系人' });
    const before = await counts();
    const res = await server.gql(UPDATE, { input: { id, isPrimary: false, title: '经理' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'isPrimary' }] });
    expect(await counts()).toEqual(before);
  });

  it('keeps exactly one primary when two contacts are made primary at the same time', async () => {
    const customerId = await createCustomer();
    await addContact(customerId, { name: '甲' });
    const others = [await addContact(customerId, { name: '乙' }), await addContact(customerId, { name: '丙' }), await addContact(customerId, { name: '丁' })];
    const results = await Promise.all(others.map((id) => server.gql(UPDATE, { input: { id, isPrimary: true } })));
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const primaries = await server.sql.query(`select count(*)::int as n from contact where customer_id = $1 and is_primary`, [localId(customerId)]);
    expect(primaries.rows[0].n).toBe(1);
    // Every promotion and demotion left a revision: 3 promotions, 3 demotions.
    const revisions = await server.sql.query(`select count(*)::int as n from contact_revision r join contact c on c.id = r.contact_id where c.customer_id = $1`, [localId(customerId)]);
    expect(revisions.rows[0].n).toBe(6);
  });
});

describe('archiving', () => {
  it('takes a contact off the list, keeps it and its history, and shows it with includeArchived', async () => {
    const customerId = await createCustomer();
    await addContact(customerId, { name: '王经理' });
    const li = await addContact(customerId, { name: '李会计', role: 'FINANCE', phone: '13700001111' });
    await server.gql(UPDATE, { input: { id: li, title: '会计' } });
    const res = await server.gql(ARCHIVE, { input: { id: li, reason: ' 已离职 ' } });
    expect(res.errors).toBeUndefined();
    const archived = res.data.archiveContact.contact;
    expect(archived.archivedAt).toBeTruthy();
    expect(archived.revisions[0].before).toEqual({ archivedAt: null, archiveReason: null });
    expect(archived.revisions[0].after).toEqual({ archivedAt: expect.any(String), archiveReason: '已离职' });
    expect(new Date(archived.revisions[0].after.archivedAt).getTime()).toBe(new Date(archived.archivedAt).getTime());
    expect(archived.revisions[1].after).toEqual({ title: '会计' });
    expect(res.data.archiveContact.customer.contacts).toEqual([{ name: '王经理', isPrimary: true }]);

    const active = await server.gql(CONTACTS, { id: customerId });
    expect(active.data.customer.contacts.map((c: { name: string }) => c.name)).toEqual(['王经理']);
    const all = await server.gql(CONTACTS, { id: customerId, all: true });
    expect(all.data.customer.contacts.map((c: { name: string; archivedAt: string | null }) => [c.name, c.archivedAt !== null])).toEqual([
      ['王经理', false],
      ['李会计', true],
    ]);
    const row = await server.sql.query(`select archived_at is not null as archived, phone from contact where id = $1`, [localId(li)]);
    expect(row.rows[0]).toEqual({ archived: true, phone: '13700001111' });
  });

  it('refuses to archive the primary while others are active, until another is made primary', async () => {
    const customerId = await createCustomer();
    const wang = await addContact(customerId, { name: '王经理' });
    const li = await addContact(customerId, { name: '李会计', role: 'FINANCE' });
    const before = await counts();
    const refused = await server.gql(ARCHIVE, { input: { id: wang, reason: '调岗' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
    expect(await counts()).toEqual(before);

    await server.gql(UPDATE, { input: { id: li, isPrimary: true } });
    const archived = await server.gql(ARCHIVE, { input: { id: wang, reason: '调岗' } });
    expect(archived.errors).toBeUndefined();
    expect(archived.data.archiveContact.customer.contacts).toEqual([{ name: '李会计', isPrimary: true }]);
  });

  it('archives the last active contact, and the next contact added becomes primary', async () => {
    const customerId = await createCustomer();
    const only = await addContact(customerId, { name: '老联系人' });
    const res = await server.gql(ARCHIVE, { input: { id: only, reason: '企业改制' } });
    expect(res.data.archiveContact.contact).toMatchObject({ isPrimary: false });
    expect(res.data.archiveContact.contact.revisions[0].after).toMatchObject({ isPrimary: false, archiveReason: '企业改制' });
    expect(res.data.archiveContact.customer.contacts).toEqual([]);
    await addContact(customerId, { name: '新联系人' });
    const { data } = await server.gql(CONTACTS, { id: customerId });
    expect(data.customer.contacts.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([['新联系人', true]]);
  });

  it('refuses to change or archive an archived contact, and an archive without a reason', async () => {
    const customerId = await createCustomer();
    await addContact(customerId, { name: '主联系人' });
    const gone = await addContact(customerId, { name: '已走人' });
    const blank = await server.gql(ARCHIVE, { input: { id: gone, reason: '   ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    await server.gql(ARCHIVE, { input: { id: gone, reason: '离职' } });
    const before = await counts();
    const update = await server.gql(UPDATE, { input: { id: gone, phone: '13800000000' } });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
    const again = await server.gql(ARCHIVE, { input: { id: gone, reason: '再次' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
    expect(await counts()).toEqual(before);
  });
});

describe('personal data in the history', () => {
  it('nulls phone, e-mail and WeChat in revisions without pii:read and reports each redaction', async () => {
    const customerId = await createCustomer();
    const id = await addContact(customerId, { name: '吴经理', phone: '13811112222', email: 'wu@example.cn' });
    await server.gql(UPDATE, { input: { id, phone: '13833334444', email: null, wechat: 'wu_jl', title: '副总' } });
    const query = `query($id: ID!) { customer(id: $id) { contacts { phone revisions { before after } } } }`;

    const viewer = await server.gql(query, { id: customerId }, bearer(await server.login('viewer')));
    expect(viewer.errors).toBeUndefined();
    const [revision] = viewer.data.customer.contacts[0].revisions;
    expect(revision.before).toEqual({ title: null, phone: null, email: null, wechat: null });
    expect(revision.after).toEqual({ title: '副总', phone: null, email: null, wechat: null });
    const paths = (viewer as unknown as { extensions: { redactions: Array<{ path: unknown[]; requiredScope: string }> } }).extensions.redactions;
    const base = ['customer', 'contacts', 0, 'revisions', 0];
    expect(paths.map((r) => r.path)).toEqual(expect.arrayContaining([
      ['customer', 'contacts', 0, 'phone'],
      [...base, 'before', 'phone'],
      [...base, 'before', 'email'],
      [...base, 'after', 'phone'],
      [...base, 'after', 'wechat'],
    ]));
    // Keys that held no value are not reported (there was nothing to hide).
    expect(paths.map((r) => r.path)).not.toContainEqual([...base, 'before', 'wechat']);
    expect(paths.map((r) => r.path)).not.toContainEqual([...base, 'after', 'email']);
    expect(new Set(paths.map((r) => r.requiredScope))).toEqual(new Set(['pii:read']));

    const lead = await server.gql(query, { id: customerId }, bearer(await server.login('lead')));
    expect(lead.data.customer.contacts[0].revisions[0]).toEqual({
      before: { title: null, phone: '13811112222', email: 'wu@example.cn', wechat: null },
      after: { title: '副总', phone: '13833334444', email: null, wechat: 'wu_jl' },
    });
    expect((lead as { extensions?: unknown }).extensions).toBeUndefined();
  });
});

describe('scope and bad input', () => {
  it("says NOT_FOUND for a contact of a customer outside the viewer's subtree, and writes nothing", async () => {
    const gy = await unitOf(server, 'lead.gy');
    const outside = await server.sql.query(
      `select c.id from customer c join org_unit o on o.id = c.org_unit_id where o.path not like $1 || '%' order by c.id limit 1`, [gy.path]);
    const outsideCustomer = toGlobalId('Customer', outside.rows[0].id);
    const contact = await addContact(outsideCustomer, { name: '外地联系人', isPrimary: true });
    const leadGy = bearer(await server.login('lead.gy'));
    const before = await counts();
    for (const [mutation, input] of [[UPDATE, { id: contact, title: '越权' }], [ARCHIVE, { id: contact, reason: '越权' }]] as const) {
      const res = await server.gql(mutation, { input }, leadGy);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it("says NOT_FOUND to a rep for a contact of another rep's customer", async () => {
    const customerId = await createCustomer({ responsibleRepId: null });
    const contact = await addContact(customerId, { name: '他人客户联系人' });
    const rep = bearer(await server.login('rep'));
    const before = await counts();
    const res = await server.gql(UPDATE, { input: { id: contact, title: '越权' } }, rep);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: contact }, rep);
    expect(node.data.node).toBeNull();
  });

  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['a bad phone number', 'phone', { phone: '12345' }],
    ['a bad e-mail', 'email', { email: 'not-an-email' }],
    ['a blank name', 'name', { name: '  ' }],
    ['a null name', 'name', { name: null }],
    ['a null role', 'role', { role: null }],
    ['a contact ID of another type', 'id', { id: toGlobalId('Customer', 1) }],
  ];
  it.each(cases)('rejects %s as BAD_USER_INPUT naming %s, writing nothing', async (_what, field, input) => {
    const id = await addContact(await createCustomer(), { name: '校验联系人' });
    const before = await counts();
    const res = await server.gql(UPDATE, { input: { id, ...input } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('says NOT_FOUND for a contact that does not exist', async () => {
    const res = await server.gql(UPDATE, { input: { id: toGlobalId('Contact', 999999), title: 'x' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('reading the history', () => {
  it('resolves a revision through node(id), and not for a viewer outside its customer', async () => {
    const customerId = await createCustomer({ responsibleRepId: null });
    const id = await addContact(customerId, { name: '节点联系人' });
    const res = await server.gql(UPDATE, { input: { id, title: '主任' } });
    const revisionId = res.data.updateContact.contact.revisions[0].id;
    const node = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on ContactRevision { after } } }`, { id: revisionId });
    expect(node.data.node).toEqual({ __typename: 'ContactRevision', after: { title: '主任' } });
    const rep = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: revisionId }, bearer(await server.login('rep')));
    expect(rep.data.node).toBeNull();
  });

  it('loads contacts and their revisions for a whole page in a fixed number of SQL statements', async () => {
    const customerId = await createCustomer();
    const id = await addContact(customerId, { name: '统计联系人' });
    await server.gql(UPDATE, { input: { id, title: '一' } });
    await server.gql(UPDATE, { input: { id, title: '二' } });
    const query = (first: number) =>
      `{ customers(first: ${first}) { edges { node { contacts(includeArchived: true) { name revisions { after changedBy { name } } } } } } }`;
    const small = await server.gqlCounted(query(2));
    const large = await server.gqlCounted(query(20));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors, JSON.stringify(large.body.errors)).toBeUndefined();
    expect(large.statements).toBeLessThanOrEqual(small.statements + 2);
  });
});
