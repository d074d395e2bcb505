import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { initOrm } from '../../server/src/db/orm.js';
import { TokenSigner } from '../../server/src/modules/auth/tokens.js';
import { DEMO_PASSWORD, startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { apiKeyHeader, bearer, closeCode, createKey, unitOf, wsOutcome } from '../support/fixtures-auth.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken accessTokenExpiresAt user { login role } } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { kind permissions user { login } apiKey { name } orgUnit { name } } }`;
const CUSTOMERS = `{ customers(first: 100) { totalCount edges { node { id orgUnit { id } contacts { name phone email } } } } }`;
const anonymous = { authorization: '' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function login(name: string, password = DEMO_PASSWORD) {
  const res = await server.gql(LOGIN, { input: { login: name, password } }, anonymous);
  return res;
}

async function rawPost(query: string, headers: Record<string, string>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** A fresh demo-like user, so lockout tests do not lock shared logins. */
async function newUser(login: string, role = 'REP', unitLogin = 'rep'): Promise<string> {
  const unit = await unitOf(server, unitLogin);
  const res = await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id login } } }`, {
    input: { login, name: '测试用户', role, orgUnitId: unit.id, password: 'correct horse battery' },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createUser.user.id;
}

describe('staff sign-in', () => {
  it('signs in with the demo password and tells the user who it is', async () => {
    const res = await login('lead.gy');
    expect(res.data.login.user).toEqual({ login: 'lead.gy', role: 'LEAD' });
    const me = await server.gql(ME, {}, bearer(res.data.login.accessToken));
    expect(me.data.me).toMatchObject({ kind: 'STAFF', user: { login: 'lead.gy' }, orgUnit: { name: '贵阳分公司' }, apiKey: null });
    expect(me.data.me.permissions).toContain('customers:assign');
    expect(me.data.me.permissions).not.toContain('users:manage');
  });

  it('gives the same answer for an unknown login and a wrong password', async () => {
    const unknown = await login('nobody.here', 'whatever-password');
    const wrong = await login('viewer', 'wrong-password!');
    expect(unknown.errors?.[0]).toMatchObject({ message: 'Wrong login or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(wrong.errors?.[0]).toEqual(unknown.errors?.[0]);
  });

  it('locks a login after five failures, even against the right password, and counts parallel guesses', async () => {
    await newUser('lock.me');
    const guesses = await Promise.all(Array.from({ length: 8 }, () => login('lock.me', 'not the password')));
    const codes = guesses.map((g) => g.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(4);
    const { rows } = await server.sql.query(`select failed_logins, locked_until > now() as locked from app_user where login = 'lock.me'`);
    expect(rows[0]).toEqual({ failed_logins: 8, locked: true });
    const right = await login('lock.me', 'correct horse battery');
    expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'login attempts' });
    expect(right.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const first = (await login('collector')).data.login;
    const second = (await server.gql(REFRESH, { input: { refreshToken: first.refreshToken } }, anonymous)).data.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const reuse = await server.gql(REFRESH, { input: { refreshToken: first.refreshToken } }, anonymous);
    expect(reuse.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_INVALID' });
    const afterTheft = await server.gql(REFRESH, { input: { refreshToken: second.refreshToken } }, anonymous);
    expect(afterTheft.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logs out: the refresh token stops working', async () => {
    const session = (await login('viewer')).data.login;
    const out = await server.gql(`mutation($input: LogoutInput!) { logout(input: $input) { ok } }`, { input: { refreshToken: session.refreshToken } }, anonymous);
    expect(out.data.logout.ok).toBe(true);
    const again = await server.gql(REFRESH, { input: { refreshToken: session.refreshToken } }, anonymous);
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('changes a password: the old one stops working and other sessions end', async () => {
    await newUser('change.me');
    const other = (await login('change.me', 'correct horse battery')).data.login;
    const mine = (await login('change.me', 'correct horse battery')).data.login;
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ok } }`;
    const short = await server.gql(CHANGE, { input: { currentPassword: 'correct horse battery', newPassword: 'short' } }, bearer(mine.accessToken));
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'newPassword' }] });
    const wrong = await server.gql(CHANGE, { input: { currentPassword: 'nope nope nope', newPassword: 'a much better passphrase' } }, bearer(mine.accessToken));
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'currentPassword' }] });
    const ok = await server.gql(CHANGE, { input: { currentPassword: 'correct horse battery', newPassword: 'a much better passphrase' } }, bearer(mine.accessToken));
    expect(ok.data.changePassword.ok).toBe(true);
    expect((await login('change.me', 'correct horse battery')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('change.me', 'a much better passphrase')).data.login.accessToken).toBeTruthy();
    const refreshed = await server.gql(REFRESH, { input: { refreshToken: other.refreshToken } }, anonymous);
    expect(refreshed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('credentials over HTTP', () => {
  it('asks anonymous callers to sign in', async () => {
    const res = await rawPost(CUSTOMERS, {});
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeNull();
  });

  it('refuses an expired token at once with 401, a forged one too', async () => {
    const orm = await initOrm(server.databaseUrl);
    const expired = await (await TokenSigner.load(orm.em.fork(), -5)).sign(1);
    await orm.close();
    const late = await rawPost(ME, bearer(expired.token));
    expect(late.status).toBe(401);
    expect(late.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    const forged = await rawPost(ME, bearer(`${server.adminToken.slice(0, -4)}AAAA`));
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions?.reason).toBe('TOKEN_INVALID');
    const garbage = await rawPost(ME, { authorization: 'Basic abc' });
    expect(garbage.body.errors?.[0]?.extensions?.reason).toBe('MALFORMED');
  });

  it('refuses a disabled user at once, over HTTP and WebSocket, and lets it back after re-enabling', async () => {
    const id = await newUser('disable.me');
    const token = (await login('disable.me', 'correct horse battery')).data.login.accessToken;
    expect((await rawPost(ME, bearer(token))).status).toBe(200);
    const sub = subscribe(server.ws({ authorization: `Bearer ${token}` }), `subscription { customerChanged { eventId } }`);
    const open = await wsOutcome(server, { authorization: `Bearer ${token}` });
    expect(open.code).toBe('open');

    const disabled = await server.gql(`mutation($input: UserIdInput!) { disableUser(input: $input) { user { disabledAt } } }`, { input: { id } });
    expect(disabled.data.disableUser.user.disabledAt).toBeTruthy();
    const refused = await rawPost(ME, bearer(token));
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe('USER_DISABLED');
    expect(await closeCode(open)).toBe(4403);
    await expect(sub.done).rejects.toBeDefined();
    expect((await login('disable.me', 'correct horse battery')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await server.gql(`mutation($input: UserIdInput!) { enableUser(input: $input) { user { disabledAt } } }`, { input: { id } });
    expect((await login('disable.me', 'correct horse battery')).data.login.accessToken).toBeTruthy();
  });
});

describe('WebSocket authentication', () => {
  it('closes with 4403 without credentials or with bad ones, and keeps a good one open', async () => {
    expect((await wsOutcome(server, null)).code).toBe(4403);
    expect((await wsOutcome(server, { authorization: 'Bearer nonsense' })).code).toBe(4403);
    expect((await wsOutcome(server, { apiKey: 'gl_aaaaaaaaaaaa_' + 'b'.repeat(43) })).code).toBe(4403);
    const good = await wsOutcome(server, { authorization: `Bearer ${server.adminToken}` });
    expect(good.code).toBe('open');
    good.socket.close();
  });

  it('closes with 4408 when connection_init never comes', async () => {
    // The test server waits 1 s (GRIDLINE_WS_INIT_TIMEOUT_MS; 10 s by default).
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    expect(await closed).toBe(4408);
  });

  it('closes a session when its access token expires', async () => {
    const orm = await initOrm(server.databaseUrl);
    const { rows } = await server.sql.query(`select id from app_user where login = 'viewer'`);
    const short = await (await TokenSigner.load(orm.em.fork(), 2)).sign(rows[0].id);
    await orm.close();
    const session = await wsOutcome(server, { authorization: `Bearer ${short.token}` }, 500);
    expect(session.code).toBe('open');
    expect(await closeCode(session, 4_000)).toBe(4403);
  });
});

describe('partner API keys', () => {
  it('are created with a secret shown once, listed without it, and scoped to their subtree', async () => {
    const branch = await unitOf(server, 'lead.gy');
    const key = await createKey(server, ['CUSTOMERS_READ', 'ORG_READ'], branch.id);
    expect(key.secret).toMatch(/^gl_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const list = await server.gql(`{ apiKeys { id name prefix scopes lastUsedAt revokedAt orgUnit { name } } }`);
    const listed = list.data.apiKeys.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ scopes: ['CUSTOMERS_READ', 'ORG_READ'], revokedAt: null, orgUnit: { name: '贵阳分公司' } });
    expect(JSON.stringify(list)).not.toContain(key.secret.slice(16));
    const stored = await server.sql.query(`select secret_hash from api_key where prefix = $1`, [listed.prefix]);
    expect(stored.rows[0].secret_hash).not.toContain(key.secret.slice(16));

    const me = await server.gql(ME, {}, apiKeyHeader(key.secret));
    expect(me.data.me).toMatchObject({ kind: 'PARTNER', user: null, orgUnit: { name: '贵阳分公司' } });
    const seen = await server.gql(CUSTOMERS, {}, { 'x-api-key': key.secret });
    const paths = await server.sql.query(
      `select distinct o.path from customer c join org_unit o on o.id = c.org_unit_id where c.id = any($1::int[])`,
      [seen.data.customers.edges.map((e: { node: { id: string } }) => Number(Buffer.from(e.node.id, 'base64url').toString().split(':')[1]))],
    );
    expect(paths.rows.length).toBeGreaterThan(0);
    expect(paths.rows.every((r) => r.path.startsWith(branch.path))).toBe(true);
    const used = await server.sql.query(`select last_used_at from api_key where prefix = $1`, [listed.prefix]);
    expect(used.rows[0].last_used_at).not.toBeNull();
  });

  it('hide personal data without pii:read, with the reason in extensions, and show it with the scope', async () => {
    const company = await unitOf(server, 'admin');
    const plain = await createKey(server, ['CUSTOMERS_READ'], company.id);
    const pii = await createKey(server, ['CUSTOMERS_READ', 'PII_READ'], company.id);
    const hidden = await server.gql(CUSTOMERS, {}, apiKeyHeader(plain.secret));
    expect(hidden.errors).toBeUndefined();
    const contacts = hidden.data.customers.edges.flatMap((e: any) => e.node.contacts);
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.every((c: any) => c.phone === null && c.email === null && c.name)).toBe(true);
    expect((hidden as any).extensions.redactions[0]).toMatchObject({ requiredScope: 'pii:read', path: ['customers', 'edges', 0, 'node', 'contacts', 0, 'phone'] });
    const shown = await server.gql(CUSTOMERS, {}, apiKeyHeader(pii.secret));
    expect(shown.data.customers.edges.flatMap((e: any) => e.node.contacts).some((c: any) => c.phone)).toBe(true);
    expect((shown as any).extensions).toBeUndefined();
  });

  it('rotate: the old secret is refused at once; revoke: requests and subscriptions end at once', async () => {
    const company = await unitOf(server, 'admin');
    const key = await createKey(server, ['CUSTOMERS_READ'], company.id);
    const rotated = await server.gql(`mutation($input: ApiKeyIdInput!) { rotateApiKey(input: $input) { secret } }`, { input: { id: key.id } });
    const secret = rotated.data.rotateApiKey.secret;
    expect((await rawPost(ME, apiKeyHeader(key.secret))).status).toBe(401);
    expect((await rawPost(ME, apiKeyHeader(secret))).status).toBe(200);

    const open = await wsOutcome(server, { apiKey: secret });
    expect(open.code).toBe('open');
    const revoked = await server.gql(`mutation($input: ApiKeyIdInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } } }`, { input: { id: key.id } });
    expect(revoked.data.revokeApiKey.apiKey.revokedAt).toBeTruthy();
    const refused = await rawPost(ME, apiKeyHeader(secret));
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe('API_KEY_INVALID');
    expect(await closeCode(open)).toBe(4403);
    expect((await wsOutcome(server, { apiKey: secret })).code).toBe(4403);
  });
});

describe('audit log', () => {
  it('records who changed a customer, with the values before and after, readable by admins only', async () => {
    const lead = (await login('lead.gy')).data.login.accessToken;
    const list = await server.gql(`{ customers(first: 1) { edges { node { id name } } } }`, {}, bearer(lead));
    const customer = list.data.customers.edges[0].node;
    await server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: customer.id, name: '审计测试大酒店' } }, bearer(lead));
    const entries = await server.gql(`query($f: AuditFilter) { auditEntries(first: 5, filter: $f) { totalCount edges { node { action entityType entityId before after requestId actorUser { login } actorApiKey { id } } } } }`, { f: { entityId: customer.id } });
    expect(entries.errors).toBeUndefined();
    expect(entries.data.auditEntries.edges[0].node).toMatchObject({
      action: 'customer.update',
      entityType: 'Customer',
      entityId: customer.id,
      before: { name: customer.name },
      after: { name: '审计测试大酒店' },
      actorUser: { login: 'lead.gy' },
      actorApiKey: null,
    });
    expect(entries.data.auditEntries.edges[0].node.requestId).toBeTruthy();
    const asLead = await server.gql(`{ auditEntries(first: 1) { totalCount } }`, {}, bearer(lead));
    expect(asLead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
