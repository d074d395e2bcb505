/**
 * Collection campaigns 清欠专项行动: creating and running them needs campaigns:manage (leads and admins, in their
 * subtree); reading needs receivables:read, for campaigns of the caller's subtree and those covering it.
 */
import type { TestServer } from '../../support/harness.js';
import { next, only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** A campaign of the rep's station (in 贵阳) with the own customer's account in it. */
  campaignGy: string;
  accountGy: string;
  /** A campaign of a station in another branch. */
  campaignB: string;
}

const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const COMPANY_READERS: CallerName[] = ['admin', 'lead', 'viewer'];
const MANAGERS: CallerName[] = ['admin', 'lead', 'lead.gy'];

const ADD_ACCOUNT = `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`;
const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`;
const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id status } } }`;
const ADD = `mutation($input: AddCampaignAccountsInput!) { addCampaignAccounts(input: $input) { addedCount added { id } } }`;
const READ = `query($id: ID!) { campaign(id: $id) { id name status progress { collected percentOfTarget owners { rank } } accounts(first: 5) { edges { node { id customer { id } } } } } }`;

const inDays = (days: number) => {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

async function ok(server: TestServer, query: string, input: Record<string, unknown>) {
  const res = await server.gql(query, { input });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const campaign = (orgUnitId: string) => ({
  name: `矩阵清欠行动${next()}`, orgUnitId, startsOn: '2026-10-05', endsOn: inDays(90), targetKind: 'PERCENT_OF_ARREARS', targetPercent: '74.52',
});

/** As admin: a campaign of the unit holding the customer's account with a 1,000.00 bill overdue at its start. */
async function campaignWithAccount(server: TestServer, customerId: string, orgUnitId: string): Promise<{ campaignId: string; accountId: string }> {
  const account = (await ok(server, ADD_ACCOUNT, { customerId, accountNumber: `5566${String(next()).padStart(10, '0')}`, orgUnitId, address: '权限矩阵清欠地址' })).addServiceAccount
    .serviceAccount.id as string;
  await ok(server, BILL, {
    serviceAccountId: account, periodStart: '2026-08-01', periodEnd: '2026-08-31', amount: '1000.00', dueOn: '2026-09-30', issuedOn: '2026-09-01',
    sourceSystem: '权限矩阵清欠', externalId: `C-${next()}`, idempotencyKey: `matrix-camp-${next()}`,
  });
  const campaignId = (await ok(server, CREATE, campaign(orgUnitId))).createCampaign.campaign.id as string;
  const added = (await ok(server, ADD, { campaignId, customerIds: [customerId] })).addCampaignAccounts.added;
  return { campaignId, accountId: added[0].id };
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const gy = await campaignWithAccount(server, base.custOwn, base.stationA);
    const b = (await ok(server, CREATE, campaign(base.stationB))).createCampaign.campaign.id as string;
    return { campaignGy: gy.campaignId, accountGy: gy.accountId, campaignB: b };
  },
  operations: [
    {
      name: 'query campaign (贵阳)',
      run: (s, c, t) => s.gql(READ, { id: t.campaignGy }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query campaign (other branch)',
      run: (s, c, t) => s.gql(READ, { id: t.campaignB }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'query campaigns',
      run: (s, c) => s.gql(`{ campaigns(first: 5) { totalCount edges { node { id status progress { collected } } } } }`, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query campaignReport (贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { campaignReport(id: $id, weekOf: "2026-10-12") { weekStart collectedInWeek progress { collected } } }`, { id: t.campaignGy }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (campaign, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Campaign { name } } }`, { id: t.campaignB }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'null'),
    },
    {
      name: 'mutation createCampaign (贵阳)',
      run: (s, c, t) => s.gql(CREATE, { input: campaign(t.stationA) }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation createCampaign (other branch)',
      run: (s, c, t) => s.gql(CREATE, { input: campaign(t.stationB) }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'BAD_USER_INPUT' }),
    },
    {
      name: 'mutation updateCampaign (贵阳)',
      run: (s, c, t) => s.gql(`mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { campaign { id name } } }`, { input: { campaignId: t.campaignGy, name: `矩阵改名${next()}` } }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation addCampaignAccounts (贵阳)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, CREATE, campaign(t.stationA))).createCampaign.campaign.id;
        return s.gql(ADD, { input: { campaignId: fresh, customerIds: [t.custOwn] } }, c.headers);
      },
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation assignCampaignLeader (贵阳)',
      run: (s, c, t) =>
        s.gql(`mutation($input: AssignCampaignLeaderInput!) { assignCampaignLeader(input: $input) { accounts { id } } }`, { input: { campaignId: t.campaignGy, accountIds: [t.accountGy], leaderId: t.leadGyId } }, c.headers),
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation closeCampaign (贵阳)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, CREATE, campaign(t.stationA))).createCampaign.campaign.id;
        return s.gql(`mutation($input: CloseCampaignInput!) { closeCampaign(input: $input) { campaign { id status } } }`, { input: { campaignId: fresh } }, c.headers);
      },
      expect: only(MANAGERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation closeCampaign (other branch)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, CREATE, campaign(t.stationB))).createCampaign.campaign.id;
        return s.gql(`mutation($input: CloseCampaignInput!) { closeCampaign(input: $input) { campaign { id status } } }`, { input: { campaignId: fresh } }, c.headers);
      },
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
  ],
};
