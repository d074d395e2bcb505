/** Service accounts 户号: finding one by number, the customer view, and the three writes. */
import type { TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type BaseTargets, type CallerName, type OperationSet, type Outcome } from './matrix.js';

interface Targets {
  /** Accounts of the rep's own customer: one at its station, one served by another branch's station (联办制). */
  numberOwn: string;
  numberOwnRemote: string;
  numberOther: string;
  numberB: string;
  accountOwn: string;
  accountB: string;
}

const FIELDS = 'id accountNumber status orgUnit { id } customer { id orgUnit { id } }';
const ADD = `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { ${FIELDS} } customer { id serviceAccounts { id orgUnit { id } } } } }`;
const UPDATE = `mutation($input: UpdateServiceAccountInput!) { updateServiceAccount(input: $input) { serviceAccount { ${FIELDS} } } }`;
const STATUS = `mutation($input: ChangeServiceAccountStatusInput!) { changeServiceAccountStatus(input: $input) { serviceAccount { ${FIELDS} } } }`;
const BY_NUMBER = `query($n: String!) { serviceAccount(accountNumber: $n) { ${FIELDS} } }`;

/** Writers confined to 贵阳 meet an other-branch customer as NOT_FOUND. */
const SCOPED_NOT_FOUND: Partial<Record<CallerName, Outcome>> = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' };
const READ_NOT_FOUND: Partial<Record<CallerName, Outcome>> = { ...SCOPED_NOT_FOUND, collector: 'NOT_FOUND', 'key:read@gy': 'NOT_FOUND' };

const number = () => `7766${String(next()).padStart(10, '0')}`;

async function addAsAdmin(server: TestServer, customerId: string, orgUnitId: string): Promise<{ id: string; accountNumber: string }> {
  const res = await server.gql(ADD, { input: { customerId, accountNumber: number(), orgUnitId, address: '权限矩阵供气点' } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.addServiceAccount.serviceAccount;
}

/** Suspends and resumes, so the account is ACTIVE again for the next caller; answers the first response. */
async function sealAndResume(s: TestServer, headers: Record<string, string>, id: string) {
  const res = await s.gql(STATUS, { input: { id, status: 'SUSPENDED', reason: '权限矩阵封堵' } }, headers);
  if (!res.errors) await s.gql(STATUS, { input: { id, status: 'ACTIVE', reason: '权限矩阵恢复' } }, headers);
  return res;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const own = await addAsAdmin(server, base.custOwn, base.stationA);
    const ownRemote = await addAsAdmin(server, base.custOwn, base.stationB);
    const other = await addAsAdmin(server, base.custOther, base.stationA);
    const b = await addAsAdmin(server, base.custB, base.stationB);
    return {
      numberOwn: own.accountNumber, numberOwnRemote: ownRemote.accountNumber, numberOther: other.accountNumber, numberB: b.accountNumber,
      accountOwn: own.id, accountB: b.id,
    };
  },
  operations: [
    {
      name: 'query serviceAccount (own, 贵阳)',
      run: (s, c, t) => s.gql(BY_NUMBER, { n: t.numberOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query serviceAccount (own customer, served by another branch 联办制)',
      run: (s, c, t) => s.gql(BY_NUMBER, { n: t.numberOwnRemote }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: "query serviceAccount (another rep's, 贵阳)",
      run: (s, c, t) => s.gql(BY_NUMBER, { n: t.numberOther }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
    },
    {
      name: 'query serviceAccount (other branch)',
      run: (s, c, t) => s.gql(BY_NUMBER, { n: t.numberB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'FORBIDDEN', READ_NOT_FOUND),
    },
    {
      name: 'query node (service account, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: t.accountB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
    {
      name: 'query customer serviceAccounts (own, 贵阳, one served by another branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id serviceAccounts { ${FIELDS} } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation addServiceAccount (own, 贵阳)',
      run: (s, c, t) => s.gql(ADD, { input: { customerId: t.custOwn, accountNumber: number(), orgUnitId: t.stationA, address: '权限矩阵新户' } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation addServiceAccount (own, served by another branch 联办制)',
      run: (s, c, t) => s.gql(ADD, { input: { customerId: t.custOwn, accountNumber: number(), orgUnitId: t.stationB, address: '权限矩阵联办户' } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation addServiceAccount (other branch)',
      run: (s, c, t) => s.gql(ADD, { input: { customerId: t.custB, accountNumber: number(), orgUnitId: t.stationB, address: '权限矩阵外部户' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'mutation updateServiceAccount (own, 贵阳)',
      run: (s, c, t) => s.gql(UPDATE, { input: { id: t.accountOwn, address: `权限矩阵地址${next()}` } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateServiceAccount (other branch)',
      run: (s, c, t) => s.gql(UPDATE, { input: { id: t.accountB, address: `权限矩阵外部地址${next()}` } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'mutation changeServiceAccountStatus (own, 贵阳)',
      run: (s, c, t) => sealAndResume(s, c.headers, t.accountOwn),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation changeServiceAccountStatus (other branch)',
      run: (s, c, t) => sealAndResume(s, c.headers, t.accountB),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
  ],
};
