/**
 * The permission matrix: every caller (each role, API keys with each scope,
 * nobody) against every operation, kept as data so later modules add rows.
 * Each cell is the outcome: 'ok', an error code, or 'null' (node lookups).
 * Every 'ok' response is also searched for objects outside the caller's
 * subtree: there must be none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { createKey, testUsccFor, unitOf, wsOutcome } from '../support/fixtures-auth.js';
import { READERS, only, type BaseTargets, type Caller, type CallerName, type Operation, type OperationSet, type Outcome } from './permissions/matrix.js';

const SETS = Object.entries(import.meta.glob<{ matrix: OperationSet<any> }>('./permissions/*.ops.ts', { eager: true }));

/** Subscriptions, checked over WebSocket. */
const SUBSCRIPTION_EXPECT = only(READERS, 'ok', 'FORBIDDEN');

function outcomeOf(res: GraphQLResponse, field?: string): Outcome {
  const code = res.errors?.[0]?.extensions?.code;
  if (code) return code as Outcome;
  if (field && res.data && res.data[field] === null) return 'null';
  return 'ok';
}

let server: TestServer;
let callers: Caller[];
let targets: BaseTargets;
const moduleTargets = new Map<string, unknown>();
let pathOf: (type: string, id: number) => Promise<string | null>;

beforeAll(async () => {
  // The matrix makes thousands of calls as the demo admin; on a quick machine
  // that is over the default 600 a minute. Per-user limits are tested in limits.test.ts.
  server = await startTestServer({ userRequestsPerMinute: 100_000 });
  const sql = server.sql;
  const gy = await unitOf(server, 'lead.gy');
  const company = await unitOf(server, 'admin');
  const rep = (await sql.query(`select id from app_user where login = 'rep'`)).rows[0].id as number;
  const repUnit = await unitOf(server, 'rep');
  // Two customers at the rep's station: one it is responsible for, one without a rep.
  const create = async (name: string, responsibleRepId: string | null, uscc: string) => {
    const res = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
      input: { name, uscc, kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: repUnit.id, responsibleRepId },
    });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createCustomer.customer.id as string;
  };
  const own = await create('矩阵自有大酒店', toGlobalId('User', rep), testUsccFor(60001));
  const other = await create('矩阵他人大酒店', null, testUsccFor(60002));
  const outside = await sql.query(
    `select c.id, c.org_unit_id from customer c join org_unit o on o.id = c.org_unit_id where o.path not like $1 || '%' order by c.id limit 1`,
    [gy.path],
  );
  const leadGy = (await sql.query(`select id from app_user where login = 'lead.gy'`)).rows[0].id;
  const victim = (await sql.query(`select u.id from app_user u join org_unit o on o.id = u.org_unit_id where o.path like $1 || '%' and u.role = 'COLLECTOR' and u.login <> 'collector' order by u.id limit 1`, [gy.path])).rows[0].id;
  // A station of another branch (the outside customer's).
  targets = {
    custOwn: own,
    custOther: other,
    custB: toGlobalId('Customer', outside.rows[0].id),
    stationA: repUnit.id,
    stationB: toGlobalId('OrgUnit', outside.rows[0].org_unit_id),
    leadGyId: toGlobalId('User', leadGy),
    victimId: toGlobalId('User', victim),
  };
  const staff = async (name: CallerName, rootPath: string, repUserId: number | null = null): Promise<Caller> => {
    const token = await server.login(name);
    return { name, headers: { authorization: `Bearer ${token}` }, connectionParams: { authorization: `Bearer ${token}` }, rootPath, repUserId };
  };
  const partner = async (name: CallerName, scopes: string[], unit: { id: string; path: string }): Promise<Caller> => {
    const key = await createKey(server, scopes, unit.id);
    return { name, headers: { authorization: `ApiKey ${key.secret}` }, connectionParams: { apiKey: key.secret }, rootPath: unit.path, repUserId: null };
  };
  callers = [
    { name: 'anonymous', headers: { authorization: '' }, connectionParams: null, rootPath: '', repUserId: null },
    await staff('admin', company.path),
    await staff('lead', company.path),
    await staff('lead.gy', gy.path),
    await staff('rep', repUnit.path, rep),
    await staff('collector', repUnit.path),
    await staff('viewer', company.path),
    await partner('key:read@gy', ['CUSTOMERS_READ', 'ORG_READ'], gy),
    await partner('key:write@gy', ['CUSTOMERS_READ', 'CUSTOMERS_WRITE', 'ORG_READ'], gy),
    await partner('key:pii@company', ['CUSTOMERS_READ', 'PII_READ'], company),
    await partner('key:org@company', ['ORG_READ'], company),
  ];
  for (const [file, { matrix }] of SETS) {
    if (matrix.setup) moduleTargets.set(file, await matrix.setup(server, targets));
  }
  const units = new Map((await sql.query(`select id, path from org_unit`)).rows.map((r) => [r.id as number, r.path as string]));
  pathOf = async (type, id) => {
    if (type === 'OrgUnit') return units.get(id) ?? null;
    if (type === 'Customer') {
      const r = await sql.query(`select org_unit_id, responsible_rep_id from customer where id = $1`, [id]);
      return r.rows[0] ? units.get(r.rows[0].org_unit_id)! : null;
    }
    if (type === 'ApiKey') {
      const r = await sql.query(`select org_unit_id from api_key where id = $1`, [id]);
      return r.rows[0] ? units.get(r.rows[0].org_unit_id)! : null;
    }
    return null;
  };
});
afterAll(() => server?.close());

/** Every Customer, OrgUnit and ApiKey ID in a response lies in the caller's subtree (and is a REP's own customer). */
async function expectNothingOutside(caller: Caller, response: unknown, allowUp = false) {
  const ids = new Set<string>();
  JSON.stringify(response, (_key, value) => {
    if (typeof value === 'string' && value.length < 40) ids.add(value);
    return value;
  });
  for (const id of ids) {
    const parsed = parseGlobalId(id);
    if (!parsed) continue;
    const path = await pathOf(parsed.type, parsed.id);
    if (path === null) continue;
    // A caller's own org unit may appear above a REP/COLLECTOR's station (me.orgUnit is its own unit).
    if (allowUp && caller.rootPath.startsWith(path)) continue;
    expect(path.startsWith(caller.rootPath), `${caller.name} saw ${parsed.type} ${parsed.id} at ${path}`).toBe(true);
    if (parsed.type === 'Customer' && caller.repUserId !== null) {
      const r = await server.sql.query(`select responsible_rep_id from customer where id = $1`, [parsed.id]);
      expect(r.rows[0].responsible_rep_id, `${caller.name} saw customer ${parsed.id} of another rep`).toBe(caller.repUserId);
    }
  }
}

describe('permission matrix', () => {
  it('has a row for every query and mutation in the schema', async () => {
    const res = await server.gql(`{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }`);
    const covered =
      SETS.flatMap(([, { matrix }]) => matrix.operations.map((o) => o.name)).join(' ') +
      ' customerChanged login refreshSession logout enableUser revokeApiKey rotateApiKey';
    const all = [...res.data.__schema.queryType.fields, ...res.data.__schema.mutationType.fields, ...res.data.__schema.subscriptionType.fields].map((f: { name: string }) => f.name);
    expect(all.filter((name) => !covered.includes(name))).toEqual([]);
  });

  for (const [file, { matrix }] of SETS) {
   for (const operation of matrix.operations as Operation<any>[]) {
    it(operation.name, async () => {
      const actual: Record<string, Outcome> = {};
      const wanted: Record<string, Outcome> = {};
      const t = { ...targets, ...(moduleTargets.get(file) as object) };
      for (const caller of callers) {
        const res = await operation.run(server, caller, t);
        const field = operation.name.startsWith('query node') ? 'node' : undefined;
        actual[caller.name] = outcomeOf(res, field);
        wanted[caller.name] = operation.expect[caller.name] ?? operation.expect.default;
        if (actual[caller.name] === 'ok') await expectNothingOutside(caller, res.data, operation.name === 'query me');
        expect(JSON.stringify(res)).not.toMatch(/\.ts:\d+|node_modules|select .* from/i);
      }
      expect(actual).toEqual(wanted);
    });
   }
  }

  it('subscription customerChanged, and no event from outside the subtree', async () => {
    const actual: Record<string, Outcome> = {};
    const wanted: Record<string, Outcome> = {};
    const subs = new Map<CallerName, ReturnType<typeof subscribe>>();
    for (const caller of callers) {
      wanted[caller.name] = SUBSCRIPTION_EXPECT[caller.name as keyof typeof SUBSCRIPTION_EXPECT] ?? SUBSCRIPTION_EXPECT.default;
      if (!caller.connectionParams) {
        const raw = await wsOutcome(server, null);
        actual[caller.name] = raw.code === 4403 ? 'UNAUTHENTICATED' : 'ok';
        continue;
      }
      const sub = subscribe(server.ws(caller.connectionParams), `subscription { customerChanged { customer { id orgUnit { id } } } }`);
      subs.set(caller.name, sub);
    }
    // Prime with changes every reader may see (the rep's own customer), then change one in another branch.
    const admin = callers.find((c) => c.name === 'admin')!;
    let n = 0;
    const rest = [...subs.entries()];
    for (const [name, sub] of rest) {
      const expected = wanted[name];
      if (expected !== 'ok') {
        const [first] = await sub.waitFor(1);
        actual[name] = (first!.errors?.[0]?.extensions?.code as Outcome) ?? 'ok';
        continue;
      }
      await sub.prime(() => server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: targets.custOwn, address: `订阅预热${++n}` } }, admin.headers));
      actual[name] = 'ok';
    }
    expect(actual).toEqual(wanted);
    const before = new Map(rest.map(([name, sub]) => [name, sub.received.length]));
    await server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: targets.custB, address: '外部分公司的变化' } }, admin.headers);
    await server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: targets.custOwn, address: '收尾' } }, admin.headers);
    for (const [name, sub] of rest) {
      if (wanted[name] !== 'ok') continue;
      const caller = callers.find((c) => c.name === name)!;
      // The last change (own customer) arrives after the outside one would have.
      const pushes = await sub.waitFor(before.get(name)! + 1);
      await expectNothingOutside(caller, pushes);
    }
  });
});

