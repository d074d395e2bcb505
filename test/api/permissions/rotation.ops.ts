/**
 * Rotation 轮岗 and collector assignment need customers:assign (leads and admins, in their subtree);
 * collector monthly statistics need receivables:read; the responsibility history is part of the customer.
 */
import { toGlobalId } from '../../../server/src/graphql/global-id.js';
import type { TestServer } from '../../support/harness.js';
import { testUsccFor } from '../../support/fixtures-auth.js';
import { next, only, READERS, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** A responsibility period of a customer in another branch. */
  periodB: string;
}

const ASSIGNERS: CallerName[] = ['admin', 'lead', 'lead.gy'];
const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const COMPANY_READERS: CallerName[] = ['admin', 'lead', 'viewer', 'key:pii@company'];

const ROTATE = `mutation($input: RotateAccountsInput!) { rotateAccounts(input: $input) { customerCount } }`;
const ASSIGN = `mutation($input: AssignCollectorInput!) { assignCollector(input: $input) { serviceAccount { id } } }`;

async function ok(server: TestServer, query: string, variables: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** As admin: a new staff user at the unit. */
async function staff(server: TestServer, role: string, orgUnitId: string): Promise<string> {
  const n = next();
  return (await ok(server, `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
    input: { login: `matrix.rot.${n}`, name: `矩阵轮岗${n}`, role, orgUnitId, password: 'matrix-rotation-pw' },
  })).createUser.user.id;
}

/** As admin: two reps at the unit, the first responsible for a new customer there. */
async function repsWithCustomer(server: TestServer, orgUnitId: string): Promise<{ from: string; to: string; customer: string }> {
  const from = await staff(server, 'REP', orgUnitId);
  const to = await staff(server, 'REP', orgUnitId);
  const n = next();
  const customer = (await ok(server, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `矩阵轮岗客户${n}`, uscc: testUsccFor(930_000 + n), kind: 'COMMERCIAL', utility: 'GAS', tier: 'REGULAR', status: 'ACTIVE', orgUnitId, responsibleRepId: from },
  })).createCustomer.customer.id;
  return { from, to, customer };
}

/** As admin: a new service account of the customer at the unit, and a collector there. */
async function accountAndCollector(server: TestServer, customerId: string, orgUnitId: string): Promise<{ account: string; collector: string }> {
  const account = (await ok(server, `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `6688${String(next()).padStart(10, '0')}`, orgUnitId, address: '权限矩阵轮岗地址' },
  })).addServiceAccount.serviceAccount.id;
  return { account, collector: await staff(server, 'COLLECTOR', orgUnitId) };
}

const rotate = async (s: TestServer, headers: Record<string, string>, orgUnitId: string) => {
  const { from, to, customer } = await repsWithCustomer(s, orgUnitId);
  return s.gql(ROTATE, { input: { fromUserId: from, toUserId: to, role: 'REP', customerIds: [customer], reason: '矩阵轮岗' } }, headers);
};

const assign = async (s: TestServer, headers: Record<string, string>, customerId: string, orgUnitId: string) => {
  const { account, collector } = await accountAndCollector(s, customerId, orgUnitId);
  return s.gql(ASSIGN, { input: { serviceAccountId: account, collectorId: collector, reason: '矩阵分配' } }, headers);
};

const month = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const { customer } = await repsWithCustomer(server, base.stationB);
    const { rows } = await server.sql.query(`select id from responsibility_period where customer_id = $1 order by id limit 1`, [
      Number(Buffer.from(customer, 'base64url').toString('utf8').split(':')[1]),
    ]);
    return { periodB: toGlobalId('ResponsibilityPeriod', rows[0].id) };
  },
  operations: [
    {
      name: 'mutation rotateAccounts (own, 贵阳)',
      run: (s, c, t) => rotate(s, c.headers, t.stationA),
      expect: only(ASSIGNERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation rotateAccounts (other branch)',
      run: (s, c, t) => rotate(s, c.headers, t.stationB),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'BAD_USER_INPUT' }),
    },
    {
      name: 'mutation assignCollector (own, 贵阳)',
      run: (s, c, t) => assign(s, c.headers, t.custOwn, t.stationA),
      expect: only(ASSIGNERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation assignCollector (other branch)',
      run: (s, c, t) => assign(s, c.headers, t.custB, t.stationB),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
    {
      name: 'query collectorStatistics',
      run: (s, c) => s.gql(`query($month: String!) { collectorStatistics(month: $month, first: 5) { totalCount totals { accountsHandled } edges { node { collector { login } collectionRate } } } }`, { month: month() }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer responsibilityHistory (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id responsibilityHistory { id role current user { id } } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (responsibility period, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on ResponsibilityPeriod { role startedAt } } }`, { id: t.periodB }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'null'),
    },
  ],
};
