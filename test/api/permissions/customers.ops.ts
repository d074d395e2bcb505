/** Customers beyond the core rows: screening fields, the dishonesty flag, assignment and conversion. */
import type { TestServer } from '../../support/harness.js';
import { testUsccFor } from '../../support/fixtures-auth.js';
import { toGlobalId } from '../../../server/src/graphql/global-id.js';
import { READERS, WRITERS, next, only, type BaseTargets, type CallerName, type OperationSet, type Outcome } from './matrix.js';

interface Targets {
  repId: string;
  /** A 贵阳 customer of the demo rep, referred by a customer in another branch. */
  referredOwn: string;
  /** A 贵阳 customer of another rep, referred by `referredOwn`. */
  referredOther: string;
}

const SCOPED_NOT_FOUND: Partial<Record<CallerName, Outcome>> = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' };
const ASSIGNERS: CallerName[] = ['admin', 'lead', 'lead.gy'];

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`;
const DISHONEST = `mutation($input: SetDishonestyFlagInput!) { setDishonestyFlag(input: $input) { customer { id dishonest } } }`;
const ASSIGN = `mutation($input: AssignCustomerInput!) { assignCustomer(input: $input) { customer { id responsibleRep { id } responsibleLeader { id } } } }`;
const CONVERT = `mutation($input: ConvertProspectInput!) { convertProspect(input: $input) { customer { id status developedAt } } }`;
const SCREENING_FIELDS = `id referredBy { id orgUnit { id } } referrals { id orgUnit { id } } responsibleLeader { id }
  statusHistory { id toStatus changedBy { id } } nearestStation { distanceKm station { id } }`;

async function createAsAdmin(server: TestServer, input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(CREATE, { input: { kind: 'COMMERCIAL', utility: 'GAS', tier: 'REGULAR', status: 'ACTIVE', uscc: testUsccFor(910_000 + next()), ...input } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

/** Sets a flag as the caller and, when that worked, clears it again as admin so every caller makes the change. */
async function toggleDishonest(s: TestServer, headers: Record<string, string>, customerId: string) {
  const res = await s.gql(DISHONEST, { input: { customerId, dishonest: true, reason: `矩阵失信原因${next()}` } }, headers);
  if (!res.errors) await s.gql(DISHONEST, { input: { customerId, dishonest: false } });
  return res;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const rep = (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id as number;
    const repId = toGlobalId('User', rep);
    // Stations and customers with coordinates, so nearestStation has something to find on both sides of the branch line.
    const local = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);
    await server.sql.query(`update org_unit set latitude = 26.58, longitude = 106.71 where id = $1`, [local(base.stationA)]);
    await server.sql.query(`update org_unit set latitude = 27.72, longitude = 106.93 where id = $1`, [local(base.stationB)]);
    const referrerB = await createAsAdmin(server, { name: '矩阵引荐外部公司', orgUnitId: base.stationB, latitude: 27.7, longitude: 106.9 });
    const referredOwn = await createAsAdmin(server, {
      name: '矩阵引荐自有公司', orgUnitId: base.stationA, responsibleRepId: repId, referredById: referrerB, latitude: 26.6, longitude: 106.7,
    });
    const referredOther = await createAsAdmin(server, { name: '矩阵引荐他人公司', orgUnitId: base.stationA, referredById: referredOwn, latitude: 26.61, longitude: 106.72 });
    return { repId, referredOwn, referredOther };
  },
  operations: [
    {
      name: 'query customers (referrals, leader, status history, nearest station)',
      run: (s, c) => s.gql(`{ customers(first: 100, filter: { search: "矩阵引荐" }) { edges { node { ${SCREENING_FIELDS} } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer (referred, own, 贵阳) with its referrer and referrals',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { ${SCREENING_FIELDS} } }`, { id: t.referredOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customers (within 50 km of a 贵阳 station)',
      run: (s, c, t) =>
        s.gql(`query($filter: CustomerFilter) { customers(first: 100, filter: $filter) { totalCount edges { node { id nearestStation { station { id } } } } } }`, {
          filter: { nearStation: { stationId: t.stationA, withinKm: 50 } },
        }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation setDishonestyFlag (own, 贵阳)',
      run: (s, c, t) => toggleDishonest(s, c.headers, t.referredOwn),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation setDishonestyFlag (other branch)',
      run: (s, c, t) => toggleDishonest(s, c.headers, t.custB),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: "mutation assignCustomer (another rep's, 贵阳)",
      run: (s, c, t) => s.gql(ASSIGN, { input: { customerId: t.referredOther, responsibleLeaderId: t.leadGyId, responsibleRepId: t.leadGyId } }, c.headers),
      expect: only(ASSIGNERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation assignCustomer (other branch)',
      run: (s, c, t) => s.gql(ASSIGN, { input: { customerId: t.custB, responsibleLeaderId: null } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation updateCustomer (name a responsible leader)',
      run: (s, c, t) => s.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: t.referredOwn, responsibleLeaderId: t.leadGyId } }, c.headers),
      expect: only(ASSIGNERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation convertProspect (own prospect, 贵阳)',
      async run(s, c, t) {
        const id = await createAsAdmin(s, { name: `矩阵潜在客户${next()}`, status: 'PROSPECT', tier: 'PROSPECT', uscc: null, orgUnitId: t.stationA, responsibleRepId: t.repId });
        return s.gql(CONVERT, { input: { customerId: id, tier: 'REGULAR', uscc: testUsccFor(920_000 + next()) } }, c.headers);
      },
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation convertProspect (other branch)',
      async run(s, c, t) {
        const id = await createAsAdmin(s, { name: `矩阵外部潜在客户${next()}`, status: 'PROSPECT', tier: 'PROSPECT', uscc: null, orgUnitId: t.stationB });
        return s.gql(CONVERT, { input: { customerId: id, tier: 'REGULAR', uscc: testUsccFor(930_000 + next()) } }, c.headers);
      },
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
  ],
};
