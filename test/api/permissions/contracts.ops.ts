/** The contract rows: recording and moving contracts, reading them, expiring ones and node lookups. */
import type { TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type BaseTargets, type OperationSet } from './matrix.js';

interface ContractTargets {
  /** An ACTIVE contract of each base customer, ending within 30 days. */
  contractOwn: string;
  contractOther: string;
  contractB: string;
}

const CONTRACT_FIELDS = 'id number status endsOn customer { id orgUnit { id } } attachments { id } events { id kind }';
const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;

function inDays(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const draftInput = (customerId: string) => ({
  customerId,
  number: `QX-MATRIX-${next()}`,
  type: 'GAS_SUPPLY',
  supplierParty: '黔能能源销售有限公司贵阳分公司',
  customerParty: '权限矩阵客户',
  startsOn: '2026-01-01',
  endsOn: inDays(20),
  settlementCycle: 'MONTHLY_READ_MONTHLY_SETTLE',
});

/** A DRAFT (or, with `sign`, an ACTIVE) contract written as admin. */
async function contractAsAdmin(server: TestServer, customerId: string, sign: boolean): Promise<string> {
  const res = await server.gql(CREATE, { input: draftInput(customerId) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  const id = res.data.createContract.contract.id as string;
  if (sign) {
    const signed = await server.gql(SIGN, { input: { id, signedOn: '2025-12-20', signer: '矩阵签约人' } });
    if (!signed.data) throw new Error(JSON.stringify(signed.errors));
  }
  return id;
}

const SCOPED_NOT_FOUND = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' } as const;

export const matrix: OperationSet<ContractTargets> = {
  async setup(server: TestServer, base: BaseTargets) {
    return {
      contractOwn: await contractAsAdmin(server, base.custOwn, true),
      contractOther: await contractAsAdmin(server, base.custOther, true),
      contractB: await contractAsAdmin(server, base.custB, true),
    };
  },
  operations: [
    {
      name: 'mutation createContract (own, 贵阳)',
      run: (s, c, t) => s.gql(CREATE, { input: draftInput(t.custOwn) }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation createContract (other branch)',
      run: (s, c, t) => s.gql(CREATE, { input: draftInput(t.custB) }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'mutation signContract (own, 贵阳)',
      run: async (s, c, t) => s.gql(SIGN, { input: { id: await contractAsAdmin(s, t.custOwn, false), signedOn: '2025-12-20', signer: '矩阵签约人' } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: "mutation signContract (another rep's, 贵阳)",
      run: async (s, c, t) => s.gql(SIGN, { input: { id: await contractAsAdmin(s, t.custOther, false), signedOn: '2025-12-20', signer: '矩阵签约人' } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
    },
    {
      name: 'mutation amendContract (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(`mutation($input: AmendContractInput!) { amendContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`, {
          input: { id: t.contractOwn, note: '矩阵补充协议', priceTerms: `温压补偿条款第${next()}版` },
        }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation renewContract (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(`mutation($input: RenewContractInput!) { renewContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`, {
          input: { id: t.contractOwn, endsOn: inDays(100 + next()), note: '矩阵续签' },
        }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation terminateContract (own, 贵阳)',
      run: async (s, c, t) =>
        s.gql(`mutation($input: TerminateContractInput!) { terminateContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`, {
          input: { id: await contractAsAdmin(s, t.custOwn, true), reason: '矩阵解约', terminatedOn: '2026-06-30' },
        }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation terminateContract (other branch)',
      run: async (s, c, t) =>
        s.gql(`mutation($input: TerminateContractInput!) { terminateContract(input: $input) { contract { id } } }`, {
          input: { id: await contractAsAdmin(s, t.custB, true), reason: '矩阵解约', terminatedOn: '2026-06-30' },
        }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'mutation addContractAttachment (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(`mutation($input: AddContractAttachmentInput!) { addContractAttachment(input: $input) { attachment { id } contract { ${CONTRACT_FIELDS} } } }`, {
          input: { contractId: t.contractOwn, name: `矩阵附件${next()}.pdf`, reference: 'dms://matrix' },
        }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation addContractAttachment (other branch)',
      run: (s, c, t) =>
        s.gql(`mutation($input: AddContractAttachmentInput!) { addContractAttachment(input: $input) { attachment { id } } }`, {
          input: { contractId: t.contractB, name: `矩阵附件${next()}.pdf`, reference: 'dms://matrix' },
        }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'query contract (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id: t.contractOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: "query contract (another rep's, 贵阳)",
      run: (s, c, t) => s.gql(`query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id: t.contractOther }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
    },
    {
      name: 'query contract (other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id: t.contractB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'FORBIDDEN', {
        'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND', 'key:read@gy': 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND',
      }),
    },
    {
      name: 'query expiringContracts',
      run: (s, c) =>
        s.gql(`{ expiringContracts(withinDays: 365, first: 100) { totalCount edges { node { ${CONTRACT_FIELDS} } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer contracts (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id contracts { ${CONTRACT_FIELDS} } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (contract, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: t.contractB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
