/**
 * Targets 考核目标 and development rewards 开发专项奖励: leads and admins set,
 * split and delete targets in their subtree (targets:manage), anyone with
 * org:read reads them; rewards are read with receivables:read (a rep: its
 * own), approved or rejected by leads and admins (rewards:approve); the
 * scheme is changed by admins (rewards:configure), the computation run by
 * hand with jobs:run.
 */
import { parseGlobalId, toGlobalId } from '../../../server/src/graphql/global-id.js';
import { todayIn } from '../../../server/src/calendar.js';
import { periodOf, PeriodKind } from '../../../server/src/modules/metrics/metric.enums.js';
import type { TestServer } from '../../support/harness.js';
import { testUsccFor } from '../../support/fixtures-auth.js';
import { next, only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** A station target of 贵阳 (the rep's station), split to the rep. */
  targetOwn: string;
  /** A station target in another branch, and a person of that station. */
  targetB: string;
  userB: string;
  /** A station in another branch with a REP, for rewards there. */
  stationRewardB: string;
  repB: string;
  repA: string;
  /** A proposed reward in another branch. */
  rewardB: string;
  /** A proposed reward of the rep in 贵阳. */
  rewardOwn: string;
}

const ORG_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer', 'key:read@gy', 'key:write@gy', 'key:org@company'];
const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const MANAGERS: CallerName[] = ['admin', 'lead', 'lead.gy'];

const SET = `mutation($input: SetTargetInput!) { setTarget(input: $input) { created target { id value orgUnit { id } } } }`;
const SPLIT = `mutation($input: SplitTargetInput!) { splitTarget(input: $input) { parent { id unallocated } children { id value } } }`;
const DELETE = `mutation($input: DeleteTargetInput!) { deleteTarget(input: $input) { deletedTargetId } }`;
const COMPUTE = `mutation($input: ComputeRewardsInput!) { computeRewards(input: $input) { skipped proposed { id customer { id } } } }`;

const month = () => periodOf(PeriodKind.MONTH, todayIn()).start;

async function ok(server: TestServer, query: string, variables: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

async function stationTarget(server: TestServer, orgUnitId: string, value = '10'): Promise<string> {
  const data = await ok(server, SET, { input: { metric: 'NEW_ACCOUNTS', periodKind: 'MONTH', periodStart: month(), orgUnitId, value } });
  return data.setTarget.target.id;
}

/** As admin: a customer developed 4 months ago at `station` by `repId`, and its proposed reward. */
async function freshReward(server: TestServer, station: string, repId: string): Promise<string> {
  const n = next();
  const created = await ok(server, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `矩阵奖励客户${n}`, uscc: testUsccFor(64000 + n), kind: 'COMMERCIAL', utility: 'FUEL', tier: 'REGULAR', status: 'ACTIVE', orgUnitId: station, responsibleRepId: repId },
  });
  const customerId = created.createCustomer.customer.id as string;
  await server.sql.query(`update customer set developed_at = now() - interval '4 months' where id = $1`, [parseGlobalId(customerId)!.id]);
  const computed = await ok(server, COMPUTE, { input: {} });
  const reward = computed.computeRewards.proposed.find((r: { customer: { id: string } }) => r.customer.id === customerId);
  if (!reward) throw new Error('no reward proposed for the fresh customer');
  return reward.id;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const repA = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id);
    const stationBId = parseGlobalId(base.stationB)!.id;
    const userB = (await server.sql.query(`select id from app_user where org_unit_id = $1 order by id limit 1`, [stationBId])).rows[0];
    const gy = (await server.sql.query(`select o.path from app_user u join org_unit o on o.id = u.org_unit_id where u.login = 'lead.gy'`)).rows[0].path;
    const withRep = (
      await server.sql.query(
        `select s.id as station, u.id as rep from org_unit s join app_user u on u.org_unit_id = s.id and u.role = 'REP'
         where s.kind = 'STATION' and s.path not like $1 || '%' order by s.id, u.id limit 1`,
        [gy],
      )
    ).rows[0];
    const targetOwn = await stationTarget(server, base.stationA);
    await ok(server, SPLIT, { input: { parentId: targetOwn, parts: [{ userId: repA, value: '10' }] } });
    const targetB = await stationTarget(server, base.stationB);
    const stationRewardB = toGlobalId('OrgUnit', withRep.station);
    const repB = toGlobalId('User', withRep.rep);
    return {
      targetOwn,
      targetB,
      userB: toGlobalId('User', userB.id),
      stationRewardB,
      repB,
      repA,
      rewardOwn: await freshReward(server, base.stationA, repA),
      rewardB: await freshReward(server, stationRewardB, repB),
    };
  },
  operations: [
    {
      name: 'mutation setTarget (own, 贵阳)',
      run: (s, c, t) => s.gql(SET, { input: { metric: 'VISITS', channel: 'ON_SITE', periodKind: 'MONTH', periodStart: month(), orgUnitId: t.stationA, value: '30' } }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation setTarget (other branch)',
      run: (s, c, t) => s.gql(SET, { input: { metric: 'VISITS', periodKind: 'MONTH', periodStart: month(), orgUnitId: t.stationB, value: '30' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation splitTarget (own, 贵阳)',
      run: (s, c, t) => s.gql(SPLIT, { input: { parentId: t.targetOwn, parts: [{ userId: t.repA, value: '10' }] } }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation splitTarget (other branch)',
      run: (s, c, t) => s.gql(SPLIT, { input: { parentId: t.targetB, parts: [{ userId: t.userB, value: '10' }] } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation deleteTarget (own, 贵阳)',
      run: async (s, c, t) => {
        const fresh = await ok(s, SET, { input: { metric: 'AMOUNT_COLLECTED', periodKind: 'DAY', periodStart: todayIn(), orgUnitId: t.stationA, value: `${next()}.00` } });
        const res = await s.gql(DELETE, { input: { id: fresh.setTarget.target.id } }, c.headers);
        if (res.errors) await ok(s, DELETE, { input: { id: fresh.setTarget.target.id } });
        return res;
      },
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query targets',
      run: (s, c) => s.gql(`{ targets(first: 20) { totalCount edges { node { id metric value attained status orgUnit { id } children { id } parent { id } } } } }`, {}, c.headers),
      expect: only(ORG_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query target (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { target(id: $id) { id value attained attainmentPercent unallocated } }`, { id: t.targetOwn }, c.headers),
      expect: only(ORG_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (target, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Target { value } } }`, { id: t.targetB }, c.headers),
      expect: only(['admin', 'lead', 'viewer', 'key:org@company'], 'ok', 'null'),
    },
    {
      name: 'query rewardTiers',
      run: (s, c) => s.gql(`{ rewardTiers { windowMonths isDefault tiers { lowerBound upperBound amount } } }`, {}, c.headers),
      expect: only(ORG_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateRewardTiers',
      run: (s, c) =>
        s.gql(
          `mutation($input: UpdateRewardTiersInput!) { updateRewardTiers(input: $input) { scheme { windowMonths isDefault } } }`,
          {
            input: {
              windowMonths: 3,
              tiers: [
                { lowerBound: '0.00', upperBound: '5000.00', amount: '50.00' },
                { lowerBound: '5000.00', upperBound: '10000.00', amount: '100.00' },
                { lowerBound: '10000.00', upperBound: '100000.00', amount: '150.00' },
                { lowerBound: '100000.00', upperBound: '500000.00', amount: '300.00' },
                { lowerBound: '500000.00', amount: '500.00' },
              ],
            },
          },
          c.headers,
        ),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation computeRewards',
      run: (s, c) => s.gql(COMPUTE, { input: {} }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query rewards',
      run: (s, c) => s.gql(`{ rewards(first: 20) { totalCount edges { node { id amount status customer { id } orgUnit { id } developer { id } explanation { total tier { amount } } } } } }`, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query reward (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { reward(id: $id) { id amount averageMonthlySpend } }`, { id: t.rewardOwn }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (reward, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Reward { amount } } }`, { id: t.rewardB }, c.headers),
      expect: only(['admin', 'lead', 'viewer'], 'ok', 'null'),
    },
    {
      name: 'mutation approveReward (own, 贵阳)',
      run: async (s, c, t) => s.gql(`mutation($input: ApproveRewardInput!) { approveReward(input: $input) { reward { id status } } }`, { input: { rewardId: await freshReward(s, t.stationA, t.repA) } }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation rejectReward (other branch)',
      run: async (s, c, t) =>
        s.gql(`mutation($input: RejectRewardInput!) { rejectReward(input: $input) { reward { id status } } }`, { input: { rewardId: await freshReward(s, t.stationRewardB, t.repB), note: '矩阵驳回' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
  ],
};
