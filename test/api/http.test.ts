import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** Nothing a client sees may reveal internals. */
function expectNoLeak(text: string) {
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|\/work\/|select .* from|insert into|stacktrace/i);
}

describe('HTTP surface', () => {
  it('answers health and readiness probes', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: JSON.stringify({ query: '{ orgUnits { id } }' }),
    });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ orgUnits { id } }' }),
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['a syntax error', '{ customers(first: ) }', 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ customers { nope } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a wrong argument type', '{ customers(first: "ten") { totalCount } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a Decimal given as a number literal', 'mutation { updateCustomer(input: { id: "x", estimatedMonthlyConsumption: 1.5 }) { customer { id } } }', 'GRAPHQL_VALIDATION_FAILED'],
  ])('gives %s a code and no internals', async (_what, query, code) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const text = await res.text();
    expect(res.status).toBeLessThan(500);
    expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
    expectNoLeak(text);
  });

  it('rejects malformed JSON without a stack trace', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expectNoLeak(await res.text());
  });

  it('hides the detail of a database failure behind INTERNAL_SERVER_ERROR', async () => {
    // Break the database under the running server: the next write fails in SQL.
    await server.sql.query(`alter table customer add constraint test_breaker check (name <> '触发数据库错误')`);
    try {
      const { rows } = await server.sql.query(`select id from customer order by id limit 1`);
      const res = await server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, {
        input: { id: Buffer.from(`Customer:${rows[0].id}`).toString('base64url'), name: '触发数据库错误' },
      });
      expect(res.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expectNoLeak(JSON.stringify(res));
      const after = await server.sql.query(`select name from customer where id = $1`, [rows[0].id]);
      expect(after.rows[0].name).not.toBe('触发数据库错误');
    } finally {
      await server.sql.query(`alter table customer drop constraint test_breaker`);
    }
  });
});
