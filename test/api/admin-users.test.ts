// The admin screens' server side: changing a user (updateUser) and reading the
// audit log by actor, kind of object and day range (auditEntries filter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, closeCode, createKey, unitOf, userIdOf, wsOutcome } from '../support/fixtures-auth.js';

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id login } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id name role orgUnit { id } } } }`;
const AUDIT = `query($filter: AuditFilter, $first: Int!, $after: String) {
  auditEntries(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action entityType entityId before after actorUser { id } actorApiKey { id } createdAt } }
  }
}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

let seq = 0;
async function newUser(role = 'REP', unitLogin = 'rep'): Promise<{ id: string; login: string }> {
  const unit = await unitOf(server, unitLogin);
  const login = `admin.test.${++seq}`;
  const res = await server.gql(CREATE, { input: { login, name: '测试用户', role, orgUnitId: unit.id, password: 'correct horse battery' } });
  expect(res.errors).toBeUndefined();
  return { id: res.data.createUser.user.id, login };
}

async function userRow(id: string): Promise<{ name: string; role: string; org_unit_id: number }> {
  const local = Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);
  const { rows } = await server.sql.query(`select name, role, org_unit_id from app_user where id = $1`, [local]);
  return rows[0];
}

async function auditCount(): Promise<number> {
  const { rows } = await server.sql.query(`select count(*)::int as n from audit_entry`);
  return rows[0].n;
}

describe('updateUser', () => {
  it("changes a user's name, role and org unit and audits only what changed", async () => {
    const user = await newUser('REP', 'rep');
    const unit = await unitOf(server, 'lead.gy');
    const res = await server.gql(UPDATE, { input: { id: user.id, name: ' 王芳 ', role: 'LEAD', orgUnitId: unit.id } });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateUser.user).toEqual({ id: user.id, name: '王芳', role: 'LEAD', orgUnit: { id: unit.id } });

    const audit = await server.gql(AUDIT, { filter: { entityId: user.id, action: 'user.update' }, first: 5 });
    expect(audit.data.auditEntries.totalCount).toBe(1);
    const entry = audit.data.auditEntries.edges[0].node;
    expect(entry.before).toEqual({ name: '测试用户', role: 'REP', orgUnitId: expect.any(Number) });
    expect(entry.after).toEqual({ name: '王芳', role: 'LEAD', orgUnitId: unit.localId });
    expect(entry.actorUser.id).toBe(await userIdOf(server, 'admin'));

    // The same values again change nothing and record nothing.
    const before = await auditCount();
    const again = await server.gql(UPDATE, { input: { id: user.id, name: '王芳', role: 'LEAD' } });
    expect(again.errors).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('gives the new role its permissions on the next request', async () => {
    const user = await newUser('VIEWER', 'rep');
    const token = await server.login(user.login, 'correct horse battery');
    const me = `{ me { permissions } }`;
    expect((await server.gql(me, {}, bearer(token))).data.me.permissions).not.toContain('customers:write');
    await server.gql(UPDATE, { input: { id: user.id, role: 'REP' } });
    expect((await server.gql(me, {}, bearer(token))).data.me.permissions).toContain('customers:write');
  });

  it("ends the user's open subscriptions when its role changes, and not when only its name does", async () => {
    const user = await newUser('REP', 'rep');
    const token = await server.login(user.login, 'correct horse battery');
    const renamed = await wsOutcome(server, { authorization: `Bearer ${token}` });
    expect(renamed.code).toBe('open');
    await server.gql(UPDATE, { input: { id: user.id, name: '只改名字' } });
    expect(await closeCode(renamed, 1_000)).toBe('still open');

    await server.gql(UPDATE, { input: { id: user.id, role: 'COLLECTOR' } });
    expect(await closeCode(renamed)).toBe(4403);
  });

  it('refuses a blank name, an unknown org unit and an admin changing its own role, writing nothing', async () => {
    const user = await newUser('REP', 'rep');
    const before = { row: await userRow(user.id), audits: await auditCount() };

    const blank = await server.gql(UPDATE, { input: { id: user.id, name: '   ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });

    const unknownUnit = await server.gql(UPDATE, { input: { id: user.id, role: 'LEAD', orgUnitId: toGlobalId('OrgUnit', 999_999) } });
    expect(unknownUnit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'orgUnitId' }] });

    const wrongKind = await server.gql(UPDATE, { input: { id: user.id, orgUnitId: user.id } });
    expect(wrongKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const self = await server.gql(UPDATE, { input: { id: await userIdOf(server, 'admin'), role: 'VIEWER' } });
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'role' }] });
    expect((await userRow(await userIdOf(server, 'admin'))).role).toBe('ADMIN');

    expect(await userRow(user.id)).toEqual(before.row);
    expect(await auditCount()).toBe(before.audits);
  });

  it('says NOT_FOUND for a user that does not exist', async () => {
    const res = await server.gql(UPDATE, { input: { id: toGlobalId('User', 999_999), name: '无此人' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('auditEntries filters', () => {
  it('lists only the changes of one actor, user or API key', async () => {
    const unit = await unitOf(server, 'rep');
    const key = await createKey(server, ['CUSTOMERS_READ'], unit.id);
    const adminId = await userIdOf(server, 'admin');
    await server.gql(`mutation($input: ApiKeyIdInput!) { revokeApiKey(input: $input) { apiKey { id } } }`, { input: { id: key.id } });

    const byAdmin = await server.gql(AUDIT, { filter: { actorId: adminId }, first: 100 });
    expect(byAdmin.data.auditEntries.totalCount).toBeGreaterThan(0);
    expect(byAdmin.data.auditEntries.edges.every((e: any) => e.node.actorUser?.id === adminId)).toBe(true);
    const { rows } = await server.sql.query(`select count(*)::int as n from audit_entry a join app_user u on u.id = a.actor_user_id where u.login = 'admin'`);
    expect(byAdmin.data.auditEntries.totalCount).toBe(rows[0].n);

    const byKey = await server.gql(AUDIT, { filter: { actorId: key.id }, first: 5 });
    expect(byKey.data.auditEntries.totalCount).toBe(0);
  });

  it('lists only changes to one kind of object, and nothing for an ID of another kind', async () => {
    const user = await newUser('REP', 'rep');
    const users = await server.gql(AUDIT, { filter: { entityType: 'User' }, first: 100 });
    expect(users.data.auditEntries.totalCount).toBeGreaterThan(0);
    expect(users.data.auditEntries.edges.every((e: any) => e.node.entityType === 'User')).toBe(true);

    const mismatch = await server.gql(AUDIT, { filter: { entityType: 'Customer', entityId: user.id }, first: 5 });
    expect(mismatch.data.auditEntries).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('counts days in the company time zone, both ends inclusive', async () => {
    const user = await newUser('REP', 'rep');
    const local = Number(Buffer.from(user.id, 'base64url').toString('utf8').split(':')[1]);
    // 00:30 on the 2nd in Shanghai is still the 1st in UTC: counted in UTC, both entries would fall on the 1st.
    await server.sql.query(
      `insert into audit_entry (action, entity_type, entity_id, created_at) values
         ('test.day', 'User', $1, '2026-03-01T23:30:00+08:00'), ('test.day', 'User', $1, '2026-03-02T00:30:00+08:00')`,
      [local],
    );
    const day = (from: string, to: string) => server.gql(AUDIT, { filter: { action: 'test.day', from, to }, first: 10 });
    expect((await day('2026-03-01', '2026-03-01')).data.auditEntries.totalCount).toBe(1);
    expect((await day('2026-03-02', '2026-03-02')).data.auditEntries.totalCount).toBe(1);
    expect((await day('2026-03-01', '2026-03-02')).data.auditEntries.totalCount).toBe(2);
    expect((await day('2026-03-03', '2026-03-31')).data.auditEntries.totalCount).toBe(0);
  });

  it('pages through filtered entries newest first without repeats', async () => {
    for (let i = 0; i < 3; i++) await newUser('VIEWER', 'rep');
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const res: any = await server.gql(AUDIT, { filter: { action: 'user.create' }, first: 2, after });
      total = res.data.auditEntries.totalCount;
      seen.push(...res.data.auditEntries.edges.map((e: any) => `${e.node.entityId}`));
      if (!res.data.auditEntries.pageInfo.hasNextPage) break;
      after = res.data.auditEntries.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('refuses a bad actor ID, a malformed day and a range that ends before it starts', async () => {
    const badActor = await server.gql(AUDIT, { filter: { actorId: toGlobalId('Customer', 1) }, first: 5 });
    expect(badActor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.actorId' }] });
    const badDay = await server.gql(AUDIT, { filter: { from: '2026-02-30' }, first: 5 });
    expect(badDay.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await server.gql(AUDIT, { filter: { from: '2026-03-02', to: '2026-03-01' }, first: 5 });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.to' }] });
  });
});
