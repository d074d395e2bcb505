/** Helpers for tests of who may see and do what. */
import WebSocket from 'ws';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import type { TestServer } from './harness.js';

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function apiKeyHeader(key: string): Record<string, string> {
  return { authorization: `ApiKey ${key}` };
}

/** The org unit of a demo login, as a global ID and a path. */
export async function unitOf(server: TestServer, login: string): Promise<{ id: string; localId: number; path: string }> {
  const { rows } = await server.sql.query(`select o.id, o.path from app_user u join org_unit o on o.id = u.org_unit_id where u.login = $1`, [login]);
  return { id: toGlobalId('OrgUnit', rows[0].id), localId: rows[0].id, path: rows[0].path };
}

/** The global ID of a demo login. */
export async function userIdOf(server: TestServer, login: string): Promise<string> {
  const { rows } = await server.sql.query(`select id from app_user where login = $1`, [login]);
  return toGlobalId('User', rows[0].id);
}

/** Creates an API key as admin; returns its global ID and secret. */
export async function createKey(
  server: TestServer,
  scopes: string[],
  orgUnitId: string,
  rateLimitPerMinute?: number,
): Promise<{ id: string; secret: string }> {
  const res = await server.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`,
    { input: { name: `测试密钥 ${scopes.join(',')}`, scopes, orgUnitId, rateLimitPerMinute } },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.createApiKey.apiKey.id, secret: res.data.createApiKey.secret };
}

export interface RawSocket {
  /** 'open' when still open after the wait, else the close code. */
  code: number | 'open';
  socket: WebSocket;
  /** Resolves with the close code whenever the socket closes. */
  closed: Promise<number>;
}

/** Opens a raw graphql-ws socket, sends connection_init, and reports whether it is still open after `ms`. */
export function wsOutcome(server: TestServer, connectionParams: Record<string, unknown> | null, ms = 1_500): Promise<RawSocket> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(connectionParams ? { payload: connectionParams } : {}) })));
  return Promise.race([
    closed.then((code) => ({ code, socket, closed })),
    new Promise<RawSocket>((resolve) => setTimeout(() => resolve({ code: 'open', socket, closed }), ms)),
  ]);
}

/** The close code of a socket, or 'still open' after `ms`. */
export function closeCode(raw: RawSocket, ms = 3_000): Promise<number | 'still open'> {
  return Promise.race([raw.closed, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms))]);
}

export { testUscc as testUsccFor } from './fixtures.js';
