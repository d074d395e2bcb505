/**
 * What the hostile-document battery and the schema-aware fuzzer found, each
 * pinned by one focused case: every one of these answered INTERNAL_SERVER_ERROR
 * (or a 500) before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: GraphQLResponse }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse };
}

/** Runs one operation over graphql-ws as admin and returns what came back (a result or the error list). */
function overWs(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const client = server.ws();
  return new Promise((resolve, reject) => {
    let last: GraphQLResponse = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          last = value as GraphQLResponse;
        },
        error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
        complete: () => resolve(last),
      },
    );
  });
}

describe('found by the reliability battery', () => {
  it('refuses a subscription sent over HTTP with 400 BAD_REQUEST instead of running its resolver without an event', async () => {
    for (const query of ['subscription { customerChanged { customer { id } } }', 'subscription { arrearsAlerts { __typename } }']) {
      const { status, body } = await post({ query });
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(body.errors?.[0]?.message).toMatch(/WebSocket/);
    }
  });

  it('finds no node for a global ID naming an inherited property (constructor:1), instead of answering with a context object', async () => {
    // Found by the 100,000-document stress run (variables/id, variables/ids).
    const ids = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'].map((type) => Buffer.from(`${type}:1`).toString('base64url'));
    const { status, body } = await post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } } ', variables: { ids } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ nodes: [null, null, null, null] });
    const one = await post({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: ids[0] } });
    expect(one.body).toEqual({ data: { node: null } });
  });

  it('answers an operation name that names no operation with a client error, not a 500', async () => {
    const { status, body } = await post({ query: 'query A { me { __typename } } query B { me { __typename } }', operationName: 'C' });
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('codes a persisted-query hash that does not match its query BAD_REQUEST', async () => {
    const { status, body } = await post({
      query: '{ me { __typename } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('something else').digest('hex') } },
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('codes more variable errors than graphql-js reports one by one BAD_REQUEST', async () => {
    const ids = Array.from({ length: 60 }, () => ({}));
    const { status, body } = await post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } });
    expect(status).toBeLessThan(500);
    const codes = body.errors?.map((e) => e.extensions?.code);
    expect(codes).toContain('BAD_REQUEST');
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('codes a variable that does not coerce BAD_USER_INPUT over graphql-ws too', async () => {
    const result = await overWs('query($first: Int!) { customers(first: $first) { totalCount } }', { first: 'many' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const decimal = await overWs('query($d: Decimal) { customers(first: 1, filter: { minMonthlyConsumption: $d }) { totalCount } }', { d: '1e5' });
    expect(decimal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('codes a literal the Decimal scalar refuses GRAPHQL_VALIDATION_FAILED over graphql-ws, as over HTTP', async () => {
    const query = '{ customers(first: 1, filter: { minMonthlyConsumption: "1e5" }) { totalCount } }';
    const result = await overWs(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await post({ query })).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses days, months and quarters whose periods leave four-digit years as BAD_USER_INPUT instead of sending them to PostgreSQL', async () => {
    const week = await server.gql(`query($d: String) { weeklyReview(weekOf: $d) { weekStart } }`, { d: '9999-12-31' });
    expect(week.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'weekOf' }] });
    for (const quarter of ['0000-Q1', '9999-Q4']) {
      const ranking = await server.gql(`query($q: String!) { quarterlyRanking(quarter: $q, metric: NEW_ACCOUNTS, subjectKind: PERSON) { __typename } }`, { q: quarter });
      expect(ranking.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'quarter' }] });
    }
    const month = await server.gql(`query($m: String!) { collectorStatistics(month: $m) { __typename } }`, { m: '0000-01' });
    expect(month.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'month' }] });
    const thisWeek = await server.gql(`query($d: String) { weeklyReview(weekOf: $d) { weekStart } }`, { d: '2026-11-26' });
    expect(thisWeek.errors).toBeUndefined();
  });

  it('refuses a payment that would take the account totals past numeric(14,2) as BAD_USER_INPUT on amount, writing nothing', async () => {
    const account = toGlobalId('ServiceAccount', (await server.sql.query('select id from service_account order by id limit 1')).rows[0].id);
    const pay = (key: string) =>
      server.gql(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
        input: { serviceAccountId: account, amount: '999999999999.99', channel: 'CASH', paidAt: '2026-11-01T08:00:00+08:00', idempotencyKey: key },
      });
    const first = await pay('huge-1');
    expect(first.errors).toBeUndefined();
    const count = async () => Number((await server.sql.query('select count(*) from payment')).rows[0].count);
    const before = await count();
    const second = await pay('huge-2');
    expect(second.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(second.errors?.[0]?.extensions?.fields).toEqual([{ field: 'amount', message: 'would take the account totals beyond 999999999999.99' }]);
    expect(await count()).toBe(before);
  });
});
