/**
 * Schema-aware fuzzing per role (issue 10, reliability part 1): for admin,
 * lead, rep, collector, viewer and a partner key with every scope, valid
 * documents for every root Query and Mutation field the caller may call,
 * with random but type-correct variables (support/hostile/schema-fuzz.ts).
 * Whatever the values, the answer is data or a coded client error: never
 * INTERNAL_SERVER_ERROR, a 5xx, SQL or a stack trace.
 *
 * Size: GRIDLINE_FUZZ_RUNS documents per role (default 300; the stress
 * config sends many more). Replay: GRIDLINE_FUZZ_SEED; a failure names the
 * role, the field and the document with its variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { unitOf } from '../support/fixtures-auth.js';
import { documentsFor, rootFields, seedOf, type FuzzDocument, type RealIds } from '../support/hostile/schema-fuzz.js';
import { ALL_SCOPES, createFuzzKey, sizeFromEnv } from '../support/hostile/settings.js';
import { inPool } from '../support/hostile/send.js';
import { codesOf, problemsOf } from '../support/hostile/verdict.js';

const RUNS = sizeFromEnv('GRIDLINE_FUZZ_RUNS', 300);
const SEED = sizeFromEnv('GRIDLINE_FUZZ_SEED', 20_261_126);
const CONCURRENCY = 4;
const ROLES = ['admin', 'lead', 'rep', 'collector', 'viewer', 'api-key'] as const;
type Role = (typeof ROLES)[number];

/**
 * Fields left out: they end the caller's own session or credentials
 * (the run would go on as nobody), or sign in (a lock-out is not a bug).
 */
const SESSION_FIELDS = new Set(['login', 'logout', 'refreshSession', 'changePassword']);

let server: TestServer;
let schema: GraphQLSchema;
let ids: RealIds;
const headers = new Map<Role, Record<string, string>>();

/** Real IDs of the seed, by node type; never the fuzzing callers' own user or key. */
async function realIds(exclude: { users: number[]; apiKeys: number[] }): Promise<RealIds> {
  const pick = async (type: string, sql: string, params: unknown[] = []) =>
    [type, (await server.sql.query(sql, params)).rows.map((r) => toGlobalId(type, r.id as number))] as const;
  const tables: Array<[string, string]> = [
    ['Customer', 'customer'], ['ServiceAccount', 'service_account'], ['OrgUnit', 'org_unit'], ['Contract', 'contract'], ['Contact', 'contact'],
    ['Bill', 'bill'], ['Payment', 'payment'], ['Alert', 'alert'], ['Visit', 'visit'], ['Meter', 'meter'], ['InstallmentPlan', 'installment_plan'],
    ['Campaign', 'campaign'], ['Target', 'target'], ['Reward', 'reward'], ['Inspection', 'inspection'], ['RectificationNotice', 'rectification_notice'],
    ['RiskEntry', 'risk_entry'], ['ReturnVisit', 'return_visit'],
  ];
  const entries = [
    await pick('User', 'select id from app_user where not (id = any($1)) order by id limit 12', [exclude.users]),
    await pick('ApiKey', 'select id from api_key where not (id = any($1)) order by id limit 5', [exclude.apiKeys]),
  ];
  const existing = new Set((await server.sql.query(`select table_name from information_schema.tables where table_schema = 'public'`)).rows.map((r) => r.table_name as string));
  for (const [type, table] of tables) {
    if (existing.has(table)) entries.push(await pick(type, `select id from ${table} order by id limit 8`));
  }
  return new Map(entries.filter(([, list]) => list.length > 0).map(([type, list]) => [type, [...list]]));
}

beforeAll(async () => {
  server = await startTestServer({ userRequestsPerMinute: 1_000_000 });
  const introspection = await server.gql<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
  const company = await unitOf(server, 'admin');
  const key = await createFuzzKey(server, ALL_SCOPES, company.id);
  for (const role of ROLES) {
    headers.set(role, role === 'api-key' ? { authorization: `ApiKey ${key.secret}` } : { authorization: `Bearer ${await server.login(role)}` });
  }
  const users = await Promise.all(ROLES.filter((r) => r !== 'api-key').map(async (r) => Number((await server.sql.query(`select id from app_user where login = $1`, [r])).rows[0].id)));
  ids = await realIds({ users, apiKeys: [parseGlobalId(key.id)!.id] });
  expect(ids.get('Customer')?.length).toBeGreaterThan(0);
}, 120_000);
afterAll(() => server?.close());

interface Answer {
  status: number;
  text: string;
}

async function send(role: Role, doc: FuzzDocument): Promise<Answer> {
  const post = async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers.get(role) },
      body: JSON.stringify({ query: doc.query, variables: doc.variables }),
    });
    return { status: res.status, text: await res.text() };
  };
  const answer = await post();
  // A long stress run outlives an access token: sign in again and repeat once.
  if (role !== 'api-key' && answer.status === 401) {
    headers.set(role, { authorization: `Bearer ${await server.login(role)}` });
    return post();
  }
  return answer;
}

describe('schema-aware fuzzing', () => {
  for (const role of ROLES) {
    it(`answers ${RUNS} valid random documents as ${role} without an internal error`, async () => {
      const fields = rootFields(schema).filter(({ field }) => !SESSION_FIELDS.has(field.name));
      // One document per field first: a field the role may not call answers FORBIDDEN whatever its arguments.
      const probes = fields.map(({ kind, field }) => ({ kind, field, doc: fc.sample(documentsFor(kind, field, ids), { seed: seedOf(SEED, role, field.name), numRuns: 1 })[0]! }));
      const findings: string[] = [];
      const outcomes = new Map<string, number>();
      const callable = new Set<string>();
      const run = async (doc: FuzzDocument) => {
        const answer = await send(role, doc);
        const codes = codesOf(answer.text);
        const outcome = codes.length ? codes[0]! : 'ok';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome !== 'FORBIDDEN' && outcome !== 'UNAUTHENTICATED') callable.add(doc.field);
        const problems = problemsOf({ status: answer.status, contentType: 'application/json', text: answer.text });
        if (problems.length) {
          findings.push(`${role} ${doc.field}: ${[...new Set(problems)].join(' | ')}\n    ${doc.query}\n    variables ${JSON.stringify(doc.variables).slice(0, 600)}`);
        }
      };
      await inPool(probes.map((p) => p.doc), CONCURRENCY, run);
      const targets = fields.filter(({ field }) => callable.has(field.name));
      const perField = Math.max(1, Math.ceil(Math.max(0, RUNS - probes.length) / Math.max(1, targets.length)));
      const docs = targets.flatMap(({ kind, field }) =>
        fc.sample(documentsFor(kind, field, ids), { seed: seedOf(SEED, role, field.name, 'runs'), numRuns: perField }),
      );
      await inPool(docs, CONCURRENCY, run);
      const summary = `${role}: ${probes.length + docs.length} documents over ${targets.length} callable fields; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`;
      expect(findings, `${summary}\nreplay with GRIDLINE_FUZZ_SEED=${SEED}\n${findings.slice(0, 12).join('\n')}`).toEqual([]);
      // The documents must reach the resolvers: a fuzzer that only ever gets validation errors tests nothing.
      expect(targets.length, summary).toBeGreaterThan(5);
      expect(outcomes.get('ok') ?? 0, summary).toBeGreaterThan((probes.length + docs.length) / 10);
      expect(outcomes.get('GRAPHQL_VALIDATION_FAILED') ?? 0, summary).toBe(0);
    }, Math.max(180_000, RUNS * 600));
  }

  it('still answers a normal query and reports ready afterwards', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const res = await server.gql(`{ customers(first: 2) { totalCount edges { node { id } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.edges).toHaveLength(2);
  });
});
