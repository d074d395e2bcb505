/**
 * The hostile-document battery (issue 10, reliability part 1): a seeded
 * corpus of malformed, deep, wide, aliased, self-referencing, huge and
 * ill-typed requests (support/hostile/corpus.ts), sent over HTTP as
 * anonymous, staff, partner and bad-credential callers and a sample of it
 * over graphql-ws. Every answer must be below 500, carry no stack trace,
 * source path or SQL, and give every error an `extensions.code`; afterwards
 * the server must still answer normally.
 *
 * Size: GRIDLINE_HOSTILE_DOCUMENTS (default 3,000; the stress config sends
 * 100,000). Replay: GRIDLINE_HOSTILE_SEED and the failing request's index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { unitOf } from '../support/fixtures-auth.js';
import { FAMILY_NAMES, hostileCorpus, hostileRequest, type CorpusTargets, type HostileRequest } from '../support/hostile/corpus.js';
import { check, inPool, type Finding, type HostileCaller } from '../support/hostile/send.js';
import { problemsOf } from '../support/hostile/verdict.js';
import { ALL_SCOPES, createFuzzKey, sizeFromEnv } from '../support/hostile/settings.js';

const DOCUMENTS = sizeFromEnv('GRIDLINE_HOSTILE_DOCUMENTS', 3_000);
const SEED = sizeFromEnv('GRIDLINE_HOSTILE_SEED', 20_261_126);
/** Requests in flight: enough to overlap parsing with database work on two cores. */
const CONCURRENCY = 8;
const WS_SAMPLE = Math.min(400, Math.max(50, Math.round(DOCUMENTS / 10)));

let server: TestServer;
let targets: CorpusTargets;
let callers: HostileCaller[];
let apiKey: string;

beforeAll(async () => {
  // The corpus is thousands of requests a minute per caller; the limiter itself is tested in api/limits.test.ts.
  server = await startTestServer({ userRequestsPerMinute: 1_000_000 });
  const ids = async (type: string, sql: string) => (await server.sql.query(sql)).rows.map((r) => toGlobalId(type, r.id as number));
  targets = {
    customerIds: await ids('Customer', 'select id from customer order by id limit 20'),
    serviceAccountIds: await ids('ServiceAccount', 'select id from service_account order by id limit 20'),
    orgUnitIds: await ids('OrgUnit', 'select id from org_unit order by id limit 20'),
    userIds: await ids('User', 'select id from app_user order by id limit 20'),
  };
  const company = await unitOf(server, 'admin');
  apiKey = (await createFuzzKey(server, ALL_SCOPES, company.id)).secret;
  callers = [
    { name: 'anonymous', headers: {} },
    { name: 'admin', headers: { authorization: `Bearer ${server.adminToken}` } },
    { name: 'rep', headers: { authorization: `Bearer ${await server.login('rep')}` } },
    { name: 'api-key', headers: { authorization: `ApiKey ${apiKey}` } },
    { name: 'bad-credentials', headers: { authorization: 'Bearer not.a.token' } },
  ];
}, 120_000);
afterAll(() => server?.close());

function report(findings: Finding[]): string {
  const byKind = new Map<string, number>();
  for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  return [
    `${findings.length} bad answers; replay with GRIDLINE_HOSTILE_SEED=${SEED} (request index below, hostileRequest(seed, index, targets))`,
    `by kind: ${JSON.stringify(Object.fromEntries(byKind))}`,
    ...findings.slice(0, 15).map((f) => `#${f.index} ${f.kind} as ${f.caller}: ${f.problems.join(' | ')}`),
  ].join('\n');
}

async function expectHealthy(): Promise<void> {
  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(200);
  const res = await server.gql(`query($first: Int!) { customers(first: $first) { totalCount edges { node { id name } } } }`, { first: 3 });
  expect(res.errors).toBeUndefined();
  expect(res.data.customers.edges).toHaveLength(3);
}

describe('hostile requests over HTTP', () => {
  it('recognises each kind of leak it looks for, and passes a clean coded error', () => {
    const json = (body: unknown, status = 200) => problemsOf({ status, contentType: 'application/json', text: JSON.stringify(body) });
    const coded = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(json(coded('Invalid input: name must not be empty'))).toEqual([]);
    expect(json(coded('Anonymous Subscription must select only one top level field.'))).toEqual([]);
    expect(json(coded('x'), 500)).not.toEqual([]);
    expect(json({ errors: [{ message: 'no code' }] })).not.toEqual([]);
    expect(json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })).not.toEqual([]);
    expect(json(coded('TypeError: x\n    at foo (/work/main/server/src/a.ts:1:2)'))).not.toEqual([]);
    expect(json(coded('select "c0".* from "customer" as "c0" where "c0"."id" = 1'))).not.toEqual([]);
    expect(json(coded('relation "customer" does not exist'))).not.toEqual([]);
    expect(json(coded('syntax error at or near "from"'))).not.toEqual([]);
    expect(json(coded('insert into payment (amount) values (1) - numeric field overflow'))).not.toEqual([]);
    expect(problemsOf({ status: 400, contentType: 'text/html', text: 'Error: x\n    at Layer.handle (node_modules/express/lib/router/layer.js:95:5)' })).not.toEqual([]);
  });

  it('draws the same corpus from the same seed, request by request', () => {
    const again = (i: number) => JSON.stringify(hostileRequest(SEED, i, targets));
    for (const i of [0, 1, 17, 499]) expect(again(i)).toBe(again(i));
    expect(again(3)).not.toBe(JSON.stringify(hostileRequest(SEED + 1, 3, targets)));
  });

  it(`answers ${DOCUMENTS} hostile requests below 500, with codes and without stack traces or SQL`, async () => {
    const findings: Finding[] = [];
    const families = new Set<string>();
    let sent = 0;
    await inPool(hostileCorpus(SEED, DOCUMENTS, targets), CONCURRENCY, async (request) => {
      const finding = await check(server.url, request, callers[request.index % callers.length]!);
      sent++;
      families.add(request.family);
      if (finding) findings.push(finding);
    });
    expect(sent).toBe(DOCUMENTS);
    if (DOCUMENTS >= 1_000) expect([...families].sort()).toEqual([...FAMILY_NAMES].sort());
    expect(findings, report(findings)).toEqual([]);
  }, Math.max(300_000, DOCUMENTS * 100));

  it('still answers a normal query and reports ready afterwards', async () => {
    await expectHealthy();
  });
});

/** Runs one operation over graphql-ws; subscriptions are cut after a moment (they would never complete). */
function overWs(client: ReturnType<TestServer['ws']>, payload: NonNullable<HostileRequest['ws']>): Promise<{ results: unknown[]; error?: unknown }> {
  return new Promise((resolve) => {
    const results: unknown[] = [];
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = client.subscribe(payload, {
      next: (value) => results.push(value),
      error: (error) => {
        clearTimeout(timer);
        resolve({ results, error });
      },
      complete: () => {
        clearTimeout(timer);
        resolve({ results });
      },
    });
    timer = setTimeout(() => {
      unsubscribe();
      resolve({ results });
    }, 3_000);
  });
}

describe('hostile requests over graphql-ws', () => {
  it(`answers a sample of the corpus over one socket each for staff and a partner, and the sockets stay usable`, async () => {
    const clients = [
      { name: 'ws-admin', client: server.ws() },
      { name: 'ws-api-key', client: server.ws({ apiKey }) },
    ];
    const sample: Array<HostileRequest & { index: number }> = [];
    for (const request of hostileCorpus(SEED, DOCUMENTS, targets)) {
      if (sample.length === WS_SAMPLE) break;
      if (request.ws && JSON.stringify(request.ws).length < 2_000_000) sample.push(request);
    }
    expect(sample.length).toBeGreaterThan(WS_SAMPLE / 2);
    const findings: Finding[] = [];
    await inPool(sample, 4, async (request) => {
      const { name, client } = clients[request.index % clients.length]!;
      const outcome = await overWs(client, request.ws!);
      let problems: string[];
      if (outcome.error && !Array.isArray(outcome.error)) {
        // A close event or a socket error: the operation must not take the connection down.
        const code = (outcome.error as { code?: number }).code;
        problems = [`socket closed or failed (${code ?? String(outcome.error)})`];
      } else {
        const errors = outcome.error as unknown[] | undefined;
        const bodies = [...outcome.results, ...(errors ? [{ errors }] : [])];
        problems = bodies.flatMap((body) => problemsOf({ status: 200, contentType: 'application/json', text: JSON.stringify(body) }));
      }
      if (problems.length) findings.push({ index: request.index, kind: request.kind, caller: name, problems: [...new Set(problems)] });
    });
    expect(findings, report(findings)).toEqual([]);
    for (const { client } of clients) {
      const { results } = await overWs(client, { query: '{ customers(first: 1) { totalCount } }' });
      expect(results).toHaveLength(1);
      expect((results[0] as { data?: { customers?: { totalCount?: number } } }).data?.customers?.totalCount).toBeGreaterThan(0);
    }
  }, 180_000);

  it('closes a socket that sends malformed protocol frames with a 44xx code, never an internal error', async () => {
    const frames: Array<string | Buffer> = [
      '{',
      'null',
      '[]',
      '{"type":"subscribe"}',
      '{"type":"subscribe","id":"1","payload":null}',
      '{"type":"subscribe","id":"1","payload":{"query":1}}',
      '{"type":"subscribe","id":{},"payload":{"query":"{ me { __typename } }"}}',
      '{"type":"nope"}',
      '{"type":"connection_init"}',
      '{"type":"complete"}',
      Buffer.from([0xff, 0xfe, 0x00, 0x80]),
      JSON.stringify({ type: 'subscribe', id: 'x'.repeat(100_000), payload: { query: '{ me { __typename } }' } }),
    ];
    const codes: Array<number | 'open'> = [];
    for (const frame of frames) {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.on('open', () => resolve()));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.adminToken}` } }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.send(frame);
      codes.push(await Promise.race([closed, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 2_000))]));
      socket.terminate();
    }
    for (const code of codes) {
      if (code !== 'open') expect(code, `close codes: ${JSON.stringify(codes)}`).toBeGreaterThanOrEqual(4400);
      if (code !== 'open') expect(code).toBeLessThan(4500);
    }
    expect(codes.filter((c) => c !== 'open').length).toBeGreaterThan(frames.length / 2);
    await expectHealthy();
  }, 60_000);
});
