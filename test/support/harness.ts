/**
 * A real Gridline server for one test file: its own database cloned from the
 * migrated template, HTTP and WebSocket on a free loopback port, and helpers
 * to talk to it the way a client would.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { inject } from 'vitest';
import { pino } from 'pino';
import { startGridline, type Gridline } from '../../server/src/app.js';
import { ensureDatabase } from '../../server/src/db/database.js';
import { initOrm, migrate } from '../../server/src/db/orm.js';
import { TEMPLATE_DATABASE } from './constants.js';
import { DEMO_PASSWORD as DEMO_PASSWORD_VALUE } from '../../server/src/db/seed/demo-data.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } & Record<string, unknown> }>;
}

/** Every demo user's password (server/src/db/seed/demo-data.ts). */
export { DEMO_PASSWORD } from '../../server/src/db/seed/demo-data.js';

export interface TestServer {
  url: string;
  /** An access token of the demo admin; `gql` and `ws` use it unless told otherwise. */
  adminToken: string;
  /** Signs a demo user in; returns its access token. */
  login(login: string, password?: string): Promise<string>;
  databaseUrl: string;
  /** A pool on the test database, for checking what was (not) written. */
  sql: pg.Pool;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Like gql, also returning how many SQL statements the server ran for it. */
  gqlCounted<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ body: GraphQLResponse<T>; statements: number }>;
  /** A graphql-ws client (as admin unless connectionParams say otherwise); closed with the server. */
  ws(connectionParams?: Record<string, unknown>): WsClient;
  close(): Promise<void>;
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database cloned from the migrated, seeded template. */
export async function cloneTemplate(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await ensureDatabase(adminUrl, name, TEMPLATE_DATABASE);
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh database with the migrations applied and no rows. */
export async function createMigratedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `empty_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)} template template0`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const orm = await initOrm(url);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return {
    url,
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Starts a server. With `databaseUrl` it runs on that existing database (a
 * second instance, or a restart) and leaves it in place when it closes;
 * otherwise on a fresh clone of the template, dropped on close.
 */
export async function startTestServer(
  options: {
    databaseUrl?: string;
    userRequestsPerMinute?: number;
    /** A built console (index.html and assets/) to serve at `/`, for test/e2e; none by default. */
    clientDist?: string;
  } = {},
): Promise<TestServer> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await cloneTemplate();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app: Gridline = await startGridline(
    database.url,
    { port: 0, host: '127.0.0.1', clientDist: options.clientDist ?? '/nonexistent', shutdownGraceMs: 2_000, wsInitTimeoutMs: 1_000, userRequestsPerMinute: options.userRequestsPerMinute },
    logger,
  );
  const sql = new pg.Pool({ connectionString: database.url, max: 4 });
  // An idle connection cut by a database drop elsewhere must not crash the test process.
  sql.on('error', () => undefined);
  const wsClients: WsClient[] = [];
  let adminToken = '';
  const post = async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { res, body: (await res.json()) as GraphQLResponse };
  };
  const login = async (name: string, password = DEMO_PASSWORD_VALUE) => {
    const { body } = await post(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { login: name, password } },
      { authorization: '' },
    );
    if (!body.data) throw new Error(`login ${name} failed: ${JSON.stringify(body.errors)}`);
    return body.data.login.accessToken as string;
  };
  adminToken = await login('admin');
  return {
    url: app.url,
    adminToken,
    login,
    databaseUrl: database.url,
    sql,
    async gql(query, variables, headers) {
      return (await post(query, variables, headers)).body;
    },
    async gqlCounted(query, variables) {
      const { body, res } = await post(query, variables);
      return { body, statements: Number(res.headers.get('x-sql-statements')) };
    },
    ws(connectionParams = { authorization: `Bearer ${adminToken}` }) {
      const client = createClient({
        url: `${app.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams,
      });
      wsClients.push(client);
      return client;
    },
    async close() {
      await Promise.all(wsClients.map((c) => c.dispose()));
      await app.close();
      await sql.end();
      await database.drop();
    },
  };
}

/** Collects the values a subscription pushes, for assertions. */
export function subscribe<T = any>(client: WsClient, query: string, variables: Record<string, unknown> = {}) {
  const received: GraphQLResponse<T>[] = [];
  const waiters: Array<() => void> = [];
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          received.push(value as GraphQLResponse<T>);
          waiters.splice(0).forEach((w) => w());
        },
        error: (err) => reject(err),
        complete: () => resolve(),
      },
    );
  });
  done.catch(() => undefined);
  return {
    received,
    done,
    /**
     * Makes sure the server has registered the subscription: repeats a
     * committed change until one of its pushes arrives.
     */
    async prime(trigger: () => Promise<unknown>): Promise<void> {
      for (let attempt = 0; attempt < 25; attempt++) {
        const before = received.length;
        await trigger();
        try {
          await this.waitFor(before + 1, 400);
          return;
        } catch {
          // not registered yet; try again
        }
      }
      throw new Error('subscription never received a primed event');
    },
    /** Waits until `count` values arrived (or fails after `ms`). */
    async waitFor(count: number, ms = 15_000): Promise<GraphQLResponse<T>[]> {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} pushes, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
  };
}
