/**
 * W1-lite "customer list page": the first page (50 rows) of a branch's
 * customers with their org unit, responsible rep and contacts, as the
 * console's customer list asks for it. Two ways to get the same JSON:
 *
 * - GraphQL: the query below, posted to the real server.
 * - SQL baseline: hand-written SQL on `pg`, shaped into the same JSON in a
 *   few lines. It is what the page costs without the API's machinery, the
 *   floor the GraphQL path is compared against.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';

export const PAGE_SIZE = 50;

export function customerListQuery(branchGlobalId: string): string {
  return `{ customers(first: ${PAGE_SIZE}, filter: { orgUnitId: ${JSON.stringify(branchGlobalId)} }) { totalCount edges { node { id name uscc tier status orgUnit { name } responsibleRep { name } contacts { name phone isPrimary } } } } }`;
}

export interface Branch {
  id: number;
  globalId: string;
  code: string;
  path: string;
  /** Customers in the branch's subtree. */
  customers: number;
}

/** The branches of the seeded company, with their customer counts. */
export async function listBranches(pool: pg.Pool): Promise<Branch[]> {
  const { rows } = await pool.query<{ id: number; code: string; path: string; customers: number }>(`
    select b.id, b.code, b.path,
           (select count(*)::int from customer c join org_unit s on s.id = c.org_unit_id
             where starts_with(s.path, b.path)) as customers
    from org_unit b where b.kind = 'BRANCH' order by b.id`);
  return rows.map((r) => ({ ...r, globalId: toGlobalId('OrgUnit', r.id) }));
}

export interface CustomerNode {
  id: string;
  name: string;
  uscc: string | null;
  tier: string;
  status: string;
  orgUnit: { name: string };
  responsibleRep: { name: string } | null;
  contacts: Array<{ name: string; phone: string | null; isPrimary: boolean }>;
}

export interface CustomerListBody {
  data: { customers: { totalCount: number; edges: Array<{ node: CustomerNode }> } };
}

// The subtree of an org unit is every unit whose materialized path starts
// with its path ('/1/4/' → '/1/4/9/', '/1/4/9/31/', …), as in the service.
const PAGE_SQL = `
  select c.id, c.name, c.uscc, c.tier, c.status, s.name as org_unit_name, u.name as rep_name,
         coalesce((select json_agg(json_build_object('name', k.name, 'phone', k.phone, 'isPrimary', k.is_primary)
                                   order by k.is_primary desc, k.id)
                     from contact k where k.customer_id = c.id), '[]') as contacts
  from customer c
  join org_unit s on s.id = c.org_unit_id
  left join app_user u on u.id = c.responsible_rep_id
  where starts_with(s.path, (select path from org_unit where id = $1))
  order by c.id desc
  limit $2`;

const COUNT_SQL = `
  select count(*)::int as total
  from customer c
  join org_unit s on s.id = c.org_unit_id
  where starts_with(s.path, (select path from org_unit where id = $1))`;

/** Statements the baseline has sent, counted as it sends them. */
export interface StatementCount {
  statements: number;
}

interface PageRow {
  id: number;
  name: string;
  uscc: string | null;
  tier: string;
  status: string;
  org_unit_name: string;
  rep_name: string | null;
  contacts: CustomerNode['contacts'];
}

/** The page and its total, two statements side by side on the pool. */
export async function baselinePage(pool: pg.Pool, orgUnitId: number, counter?: StatementCount): Promise<CustomerListBody> {
  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    if (counter) counter.statements++;
    return pool.query<R>(text, values);
  };
  const [page, count] = await Promise.all([
    query<PageRow>(PAGE_SQL, [orgUnitId, PAGE_SIZE]),
    query<{ total: number }>(COUNT_SQL, [orgUnitId]),
  ]);
  return {
    data: {
      customers: {
        totalCount: count.rows[0]!.total,
        edges: page.rows.map((r) => ({
          node: {
            id: toGlobalId('Customer', r.id),
            name: r.name,
            uscc: r.uscc,
            tier: r.tier,
            status: r.status,
            orgUnit: { name: r.org_unit_name },
            responsibleRep: r.rep_name === null ? null : { name: r.rep_name },
            contacts: r.contacts,
          },
        })),
      },
    },
  };
}

/** Posts one GraphQL operation; throws on anything but a clean 200 answer. */
async function postGraphql<T>(
  serverUrl: string,
  headers: Record<string, string>,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ body: { data: T }; statements: number }> {
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GraphQL answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL answered with errors: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  return { body, statements: Number(res.headers.get('x-sql-statements')) };
}

/** Signs a demo user in as the console does; returns the headers that carry its access token. */
export async function signIn(serverUrl: string, login: string, password: string): Promise<Record<string, string>> {
  const { body } = await postGraphql<{ login: { accessToken: string } }>(
    serverUrl,
    {},
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { login, password } },
  );
  return { authorization: `Bearer ${body.data.login.accessToken}` };
}

/**
 * The caller of W1: a partner API key on the whole company that may read
 * customers with their personal data (contact phones), as a BI tool would.
 * A staff user is limited to 600 requests a minute, well below the bench's
 * rate; a key's limit is set per key, here to the highest allowed. Created
 * by the demo admin through the API; returns the headers that carry it.
 */
/** The read workloads' key: what a BI tool reading customers holds (ApiKeyScope names). */
export const READ_SCOPES = ['ORG_READ', 'CUSTOMERS_READ', 'PII_READ'] as const;

export async function createBenchApiKey(
  serverUrl: string,
  adminHeaders: Record<string, string>,
  companyGlobalId: string,
  scopes: readonly string[] = READ_SCOPES,
  name = 'pnpm bench',
): Promise<Record<string, string>> {
  const { body } = await postGraphql<{ createApiKey: { secret: string } }>(
    serverUrl,
    adminHeaders,
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
    {
      input: {
        name,
        scopes,
        orgUnitId: companyGlobalId,
        rateLimitPerMinute: 100_000,
      },
    },
  );
  return { 'x-api-key': body.data.createApiKey.secret };
}

/** The company (root of the org tree), as a global ID. */
export async function companyGlobalId(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ id: number }>(`select id from org_unit where kind = 'COMPANY'`);
  if (rows.length !== 1) throw new Error(`expected one company, found ${rows.length}`);
  return toGlobalId('OrgUnit', rows[0]!.id);
}

/** The list page over GraphQL, once. */
export function fetchGraphql(serverUrl: string, headers: Record<string, string>, branchGlobalId: string): Promise<{ body: CustomerListBody; statements: number }> {
  return postGraphql<CustomerListBody['data']>(serverUrl, headers, customerListQuery(branchGlobalId));
}

/** The first place two JSON values differ, as a path, or null when equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at}: ${a.length} items ≠ ${b.length} items`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const diff = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (diff) return diff;
  }
  return `${at}: differ`;
}

/**
 * The baseline behind a plain node:http server: POST /customers with
 * `{"orgUnitId": "<global id>"}` answers the same JSON as the GraphQL query.
 * It tells how much of the gap is HTTP and JSON alone.
 */
export async function startBaselineHttp(pool: pg.Pool): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const { orgUnitId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orgUnitId: string };
          const parsed = parseGlobalId(orgUnitId);
          if (req.method !== 'POST' || !parsed || parsed.type !== 'OrgUnit') throw new Error('bad request');
          const counter = { statements: 0 };
          const body = JSON.stringify(await baselinePage(pool, parsed.id, counter));
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'x-sql-statements': String(counter.statements),
          });
          res.end(body);
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        }
      })();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
