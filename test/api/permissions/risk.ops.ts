/** The risk-ledger rows: putting customers on and off the ledger, working the plan, the ledger and node lookups. */
import { toGlobalId } from '../../../server/src/graphql/global-id.js';
import type { GraphQLResponse, TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type BaseTargets, type Caller, type OperationSet } from './matrix.js';

interface RiskTargets {
  /** The open entry of the rep's own customer. */
  entryOwn: string;
  /** A closed entry of the customer in another branch. */
  entryB: string;
  /** The company-wide lead, a leader eligible for any customer. */
  companyLeadId: string;
}

const ENTRY_FIELDS = 'id level customer { id orgUnit { id } } responsibleLeader { id } plan { action dueOn doneOn overdue } openedBy { id } closedBy { id }';
const PUT_ON = `mutation($input: PutOnRiskLedgerInput!) { putOnRiskLedger(input: $input) { entry { ${ENTRY_FIELDS} } customer { id riskLevel } } }`;
const TAKE_OFF = `mutation($input: TakeOffRiskLedgerInput!) { takeOffRiskLedger(input: $input) { entry { ${ENTRY_FIELDS} } customer { id riskLevel } } }`;
const UPDATE_PLAN = `mutation($input: UpdateRiskPlanInput!) { updateRiskPlan(input: $input) { entry { ${ENTRY_FIELDS} } } }`;

const putOnInput = (customerId: string, leaderId: string) => ({
  customerId,
  level: 'HIGH',
  reason: `权限矩阵风险${next()}`,
  responsibleLeaderId: leaderId,
  plan: [{ action: '每五天收取一次电费', dueOn: '2027-01-05' }],
});

/** Puts on and, when that worked, takes off again as the same caller, so every caller finds the customer off the ledger. */
async function putOnAndOff(s: TestServer, c: Caller, customerId: string, leaderId: string): Promise<GraphQLResponse> {
  const res = await s.gql(PUT_ON, { input: putOnInput(customerId, leaderId) }, c.headers);
  if (res.errors) return res;
  return s.gql(TAKE_OFF, { input: { customerId, reason: '权限矩阵结清' } }, c.headers);
}

export const matrix: OperationSet<RiskTargets> = {
  async setup(server: TestServer, base: BaseTargets) {
    const lead = await server.sql.query(`select id from app_user where login = 'lead'`);
    const companyLeadId = toGlobalId('User', lead.rows[0].id);
    const own = await server.gql(PUT_ON, { input: putOnInput(base.custOwn, base.leadGyId) });
    if (!own.data) throw new Error(JSON.stringify(own.errors));
    const b = await server.gql(PUT_ON, { input: putOnInput(base.custB, companyLeadId) });
    if (!b.data) throw new Error(JSON.stringify(b.errors));
    await server.gql(TAKE_OFF, { input: { customerId: base.custB, reason: '权限矩阵结清' } });
    return { entryOwn: own.data.putOnRiskLedger.entry.id, entryB: b.data.putOnRiskLedger.entry.id, companyLeadId };
  },
  operations: [
    {
      name: "mutation putOnRiskLedger + takeOffRiskLedger (another rep's, 贵阳)",
      run: (s, c, t) => putOnAndOff(s, c, t.custOther, t.leadGyId),
      expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation putOnRiskLedger + takeOffRiskLedger (other branch)',
      run: (s, c, t) => putOnAndOff(s, c, t.custB, t.companyLeadId),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation takeOffRiskLedger (own, 贵阳)',
      // Whoever takes it off, admin puts it back on, so the next caller finds it on the ledger.
      async run(s, c, t) {
        const res = await s.gql(TAKE_OFF, { input: { customerId: t.custOwn, reason: '权限矩阵结清' } }, c.headers);
        if (!res.errors) await s.gql(PUT_ON, { input: putOnInput(t.custOwn, t.leadGyId) });
        return res;
      },
      expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateRiskPlan (own, 贵阳)',
      async run(s, c, t) {
        const entry = await s.gql(`query($id: ID!) { customer(id: $id) { riskEntries { id closedAt } } }`, { id: t.custOwn });
        const open = entry.data.customer.riskEntries.find((e: { closedAt: string | null }) => e.closedAt === null).id;
        return s.gql(UPDATE_PLAN, { input: { entryId: open, plan: [{ action: `每五天收取一次电费${next()}`, dueOn: '2027-01-05', doneOn: null }] } }, c.headers);
      },
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateRiskPlan (change the level)',
      async run(s, c, t) {
        const entry = await s.gql(`query($id: ID!) { customer(id: $id) { riskEntries { id closedAt } } }`, { id: t.custOwn });
        const open = entry.data.customer.riskEntries.find((e: { closedAt: string | null }) => e.closedAt === null).id;
        return s.gql(UPDATE_PLAN, { input: { entryId: open, level: next() % 2 ? 'MEDIUM' : 'HIGH', plan: [{ action: '每五天收取一次电费', dueOn: '2027-01-05' }] } }, c.headers);
      },
      expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateRiskPlan (closed entry, other branch)',
      run: (s, c, t) => s.gql(UPDATE_PLAN, { input: { entryId: t.entryB, plan: [{ action: '催收', dueOn: '2027-01-05' }] } }, c.headers),
      expect: only(['admin', 'lead'], 'BAD_USER_INPUT', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' }),
    },
    {
      name: 'query riskLedger',
      run: (s, c) => s.gql(`{ riskLedger(first: 100, filter: { includeClosed: true }) { totalCount edges { node { ${ENTRY_FIELDS} } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer riskEntries (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id riskLevel riskEntries { ${ENTRY_FIELDS} } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (risk entry, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: t.entryB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
