/**
 * Query protection (issue 4, item 5): every limit in
 * server/src/graphql/limits.config.ts passes at its value and rejects one
 * past it, naming the limit, before any SQL runs; batches and rate limits.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Lexer, Source, TokenKind, getIntrospectionQuery } from 'graphql';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { apiKeyHeader, bearer, createKey, unitOf } from '../support/fixtures-auth.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { TEMPLATE_CUSTOMERS } from '../support/constants.js';
import { QUERY_LIMITS } from '../../server/src/graphql/limits.config.js';
import { RequestRateLimiter } from '../../server/src/http/rate-limit.js';
import { initOrm } from '../../server/src/db/orm.js';
import type { StaffViewer } from '../../server/src/modules/auth/viewer.js';

let server: TestServer;
let customerId: string;
let companyId: string;

beforeAll(async () => {
  server = await startTestServer();
  const { rows } = await server.sql.query(`select id from customer order by id limit 1`);
  customerId = toGlobalId('Customer', rows[0].id);
  companyId = (await unitOf(server, 'admin')).id;
});
afterAll(() => server?.close());

/** POSTs any JSON body as the demo admin; returns status, headers, body and the statement count. */
async function post(body: unknown, headers: Record<string, string> = bearer(server.adminToken)) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any, statements: Number(res.headers.get('x-sql-statements')) };
}

function tokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** Repeats `part` n times, separated by spaces. */
const times = (n: number, part: (i: number) => string) => Array.from({ length: n }, (_, i) => part(i + 1)).join(' ');

function expectPassed(result: { body: GraphQLResponse; statements: number }) {
  expect(result.body.errors).toBeUndefined();
  expect(result.statements).toBeGreaterThan(0);
}

function expectRejected(result: { body: GraphQLResponse; statements: number }, message: string, extensions: Record<string, unknown>) {
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors![0]).toMatchObject({ message, extensions });
  expect(result.statements).toBe(0);
}

describe('query limits', () => {
  // customers > edges > node > orgUnit > parent × n > name: depth 5 + n.
  const deep = (depth: number) =>
    `{ customers(first: 1) { edges { node { orgUnit { ${'parent { '.repeat(depth - 5)}name${' }'.repeat(depth - 5)} } } } } }`;

  it(`passes a query ${QUERY_LIMITS.maxDepth} levels deep and rejects one level more`, async () => {
    expect(QUERY_LIMITS.maxDepth).toBe(15);
    expectPassed(await server.gqlCounted(deep(15)));
    expectRejected(await server.gqlCounted(deep(16)), 'Query depth limit of 15 exceeded (found 16)', {
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
      max: 15,
      found: 16,
    });
  });

  it('counts depth by fields, not by the fragments that hold them', async () => {
    const query = `query { customers(first: 1) { ...Page } }
      fragment Page on CustomerConnection { edges { ...Edge } }
      fragment Edge on CustomerEdge { node { ...Row } }
      fragment Row on Customer { orgUnit { ${'parent { '.repeat(10)}name${' }'.repeat(10)} } }`;
    expectPassed(await server.gqlCounted(query));
  });

  const aliased = (n: number) => `{ customers(first: 1) { ${times(n, (i) => `t${i}: totalCount`)} } }`;

  it(`passes ${QUERY_LIMITS.maxAliases} aliases and rejects one more`, async () => {
    expect(QUERY_LIMITS.maxAliases).toBe(30);
    expectPassed(await server.gqlCounted(aliased(30)));
    expectRejected(await server.gqlCounted(aliased(31)), 'Alias limit of 30 exceeded (found 31)', {
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      max: 30,
      found: 31,
    });
  });

  const directives = (n: number) => `{ customers(first: 1) { ${times(n, () => 'totalCount @include(if: true)')} } }`;

  it(`passes ${QUERY_LIMITS.maxDirectives} directives and rejects one more`, async () => {
    expect(QUERY_LIMITS.maxDirectives).toBe(20);
    expectPassed(await server.gqlCounted(directives(20)));
    expectRejected(await server.gqlCounted(directives(21)), 'Directive limit of 20 exceeded (found 21)', {
      code: 'QUERY_TOO_COMPLEX',
      limit: 'directives',
      max: 20,
      found: 21,
    });
  });

  // `{ customers(first: 1, filter: { kinds: [ … ] }) { totalCount } }` is 19 tokens plus one per listed kind.
  const tokenQuery = (n: number) => `{ customers(first: 1, filter: { kinds: [${times(n - 19, () => 'INDUSTRIAL')}] }) { totalCount } }`;

  it(`passes a document of ${QUERY_LIMITS.maxTokens} tokens and rejects one more`, async () => {
    expect(QUERY_LIMITS.maxTokens).toBe(3_000);
    expect(tokens(tokenQuery(3_000))).toBe(3_000);
    expect(tokens(tokenQuery(3_001))).toBe(3_001);
    expectPassed(await server.gqlCounted(tokenQuery(3_000)));
    const rejected = await post({ query: tokenQuery(3_001) });
    expect(rejected.status).toBe(400);
    expectRejected(rejected, 'Token limit of 3000 exceeded', { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 3_000 });
  });

  // Per row of a page: connection 1 + edge 1 + customer 1 + 9 × contacts (5 each) + org unit 1 + rep 1 = 50.
  const costly = `customers(first: $n) { edges { node { id ${times(9, (i) => `c${i}: contacts { id }`)} orgUnit { id } responsibleRep { id } } } }`;
  const COSTLY = `query Costly($n: Int!) { ${costly} }`;
  // The same plus one object: one over the budget at n = 100.
  const COSTLY_PLUS_ONE = `query CostlyPlusOne($n: Int!, $id: ID!) { ${costly} one: node(id: $id) { id } }`;

  it(`passes an operation costing ${QUERY_LIMITS.cost.max} and rejects one costing one more`, async () => {
    expect(QUERY_LIMITS.cost.max).toBe(5_000);
    const atLimit = await post({ query: COSTLY, variables: { n: 100 } });
    expectPassed(atLimit);
    expect(atLimit.body.data.customers.edges).toHaveLength(Math.min(100, TEMPLATE_CUSTOMERS));
    const over = await post({ query: COSTLY_PLUS_ONE, variables: { n: 100, id: customerId } });
    expect(over.status).toBe(400);
    expectRejected(over, 'Query cost limit of 5000 exceeded (found 5001)', { code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 5_000, found: 5_001 });
  });

  it('costs a page by the value of its `first` variable', async () => {
    expectPassed(await post({ query: COSTLY_PLUS_ONE, variables: { n: 99, id: customerId } }));
    const over = await post({ query: COSTLY_PLUS_ONE, variables: { n: 100, id: customerId } });
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', found: 5_001 });
    expect(over.statements).toBe(0);
  });

  it('rejects fragments that multiply into too many fields to cost', async () => {
    // F1 spreads F2 twice, F2 spreads F3 twice, …: 2^16 copies of `id`.
    const fragments = times(16, (i) => `fragment F${i} on Customer { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ customers(first: 1) { edges { node { ...F1 } } } } ${fragments} fragment F17 on Customer { id }`;
    expectRejected(await server.gqlCounted(query), 'Query cost limit of 5000 exceeded: more than 10000 fields after expanding fragments', {
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 5_000,
    });
  });

  it('passes a full console page and a customer-360 view well inside the budget', async () => {
    const page = await post({
      query: `{ customers(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name uscc status tier
        orgUnit { id name parent { name } } responsibleRep { id name orgUnit { name } } contacts { id name role phone isPrimary } } } } }`,
    });
    expectPassed(page);
    const view = await post({
      query: `query($id: ID!) { customer(id: $id) { id name status orgUnit { name parent { name parent { name } } children { name } }
        responsibleRep { name orgUnit { name } } contacts { name role phone email wechat isPrimary } } orgUnits { id name kind parent { id } } }`,
      variables: { id: customerId },
    });
    expectPassed(view);
  });

  it(`passes a page of ${QUERY_LIMITS.maxPageSize} rows and rejects ${QUERY_LIMITS.maxPageSize + 1}, literal or variable`, async () => {
    expect(QUERY_LIMITS.maxPageSize).toBe(100);
    const PAGE = `query($first: Int!) { customers(first: $first) { edges { node { id } } } }`;
    const ok = await post({ query: PAGE, variables: { first: 100 } });
    expectPassed(ok);
    expect(ok.body.data.customers.edges).toHaveLength(Math.min(100, TEMPLATE_CUSTOMERS));
    const page = {
      message: 'Invalid input: first must be at most 100',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'first', message: 'must be at most 100' }], limit: 'page size', max: 100, found: 101 },
    };
    expectRejected(await post({ query: PAGE, variables: { first: 101 } }), page.message, page.extensions);
    expectRejected(await server.gqlCounted(`{ customers(first: 101) { totalCount } }`), page.message, page.extensions);
  });

  it(`fetches ${QUERY_LIMITS.maxPageSize} nodes by ID and rejects ${QUERY_LIMITS.maxPageSize + 1}`, async () => {
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const ids = (n: number) => Array.from({ length: n }, () => customerId);
    expectPassed(await post({ query: NODES, variables: { ids: ids(100) } }));
    expectRejected(await post({ query: NODES, variables: { ids: ids(101) } }), 'Invalid input: ids must list at most 100 IDs', {
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'ids', message: 'must list at most 100 IDs' }],
      limit: 'page size',
      max: 100,
    });
  });

  it('does not suggest field names in validation errors', async () => {
    const res = await server.gqlCounted(`{ customers(first: 1) { totalCont } }`);
    expect(res.body.errors?.[0]?.message).toBe('Cannot query field "totalCont" on type "CustomerConnection".');
    expect(res.statements).toBe(0);
  });
});

describe('batched HTTP requests', () => {
  const op = (i: number) => ({ query: `query Op${i} { customers(first: 1) { totalCount } }` });

  it(`runs a batch of ${QUERY_LIMITS.maxBatchSize} operations`, async () => {
    expect(QUERY_LIMITS.maxBatchSize).toBe(10);
    const res = await post(Array.from({ length: 10 }, (_, i) => op(i)));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    for (const result of res.body) expect(result.data.customers.totalCount).toBeGreaterThan(0);
  });

  it('rejects a batch of one more before running any of it', async () => {
    const res = await post(Array.from({ length: 11 }, (_, i) => op(i)));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          message: 'Batch limit of 10 operations per request exceeded (found 11)',
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'batch', max: 10, found: 11 },
        },
      ],
    });
    expect(res.statements).toBe(0);
  });

  it('checks each operation of a batch against the limits', async () => {
    const res = await post([op(1), { query: `{ customers(first: 101) { totalCount } }` }]);
    expect(res.body[0].data.customers.totalCount).toBeGreaterThan(0);
    expect(res.body[1].errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'page size' });
  });
});

describe('introspection', () => {
  it('answers the standard introspection query partner tools send, without sign-in', async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    const res = await post({ query }, { authorization: '' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.types.map((t: { name: string }) => t.name)).toContain('Customer');
    expect(res.statements).toBe(0);
  });

  it('is switched off by GRIDLINE_INTROSPECTION=false', async () => {
    vi.stubEnv('GRIDLINE_INTROSPECTION', 'false');
    vi.resetModules();
    try {
      const config = await import('../../server/src/graphql/limits.config.js');
      expect(config.QUERY_LIMITS.introspection).toBe(false);
      const limits = await import('../../server/src/graphql/limits.js');
      expect(limits.createQueryProtection().introspection).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('subscriptions over WebSocket', () => {
  it('meet the same limits', async () => {
    const client = server.ws();
    const chain = (n: number) => `${'parent { '.repeat(n)}name${' }'.repeat(n)}`;
    // customerChanged > customer > orgUnit > parent × 12 > name: depth 16.
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: `subscription { customerChanged { customer { orgUnit { ${chain(12)} } } } }` }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    expect(errors).toEqual([
      expect.objectContaining({ message: 'Query depth limit of 15 exceeded (found 16)', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 15, found: 16 } }),
    ]);
  });
});

describe('rate limits', () => {
  const QUERY = `{ customers(first: 1) { totalCount } }`;

  it('answers 429 with Retry-After once an API key is over its limit, and leaves other keys alone', async () => {
    const limited = await createKey(server, ['CUSTOMERS_READ', 'ORG_READ'], companyId, 5);
    const other = await createKey(server, ['CUSTOMERS_READ', 'ORG_READ'], companyId, 5);
    for (let i = 0; i < 5; i++) {
      const res = await post({ query: QUERY }, apiKeyHeader(limited.secret));
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    const over = await post({ query: QUERY }, apiKeyHeader(limited.secret));
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors[0]).toMatchObject({
      message: 'Rate limit of 5 requests per minute for this API key exceeded',
      extensions: { code: 'RATE_LIMITED', limit: 'requests per minute', max: 5, retryAfter },
    });

    const unaffected = await post({ query: QUERY }, apiKeyHeader(other.secret));
    expect(unaffected.status).toBe(200);
    expect(unaffected.body.errors).toBeUndefined();
    expectPassed(await server.gqlCounted(QUERY));
  });

  it('counts a user over every server instance sharing the database', async () => {
    const first = await initOrm(server.databaseUrl);
    const second = await initOrm(server.databaseUrl);
    try {
      const viewer = { kind: 'user', userId: 987_654 } as StaffViewer;
      const a = new RequestRateLimiter(first, 3);
      const b = new RequestRateLimiter(second, 3);
      await a.consume(viewer);
      await b.consume(viewer);
      await a.consume(viewer);
      const error = await b.consume(viewer).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        code: 'RATE_LIMITED',
        message: 'Rate limit of 3 requests per minute for this user exceeded',
        details: { limit: 'requests per minute', max: 3 },
      });
      expect((error as { details: { retryAfter: number } }).details.retryAfter).toBeGreaterThanOrEqual(1);
      // Another user has a count of its own.
      await a.consume({ ...viewer, userId: 987_655 });
    } finally {
      await first.close();
      await second.close();
    }
  });
});
