/** Installment plans 分期协议: agreeing, paying into and cancelling need payments:write (collectors, admins); reading needs receivables:read. */
import type { TestServer } from '../../support/harness.js';
import { next, only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** An active plan of the own customer with large instalments to pay into. */
  planOwn: string;
  instalmentOwn: string;
  /** An active plan of a customer in another branch. */
  planB: string;
}

const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const COMPANY_READERS: CallerName[] = ['admin', 'lead', 'viewer'];

const ADD = `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`;
const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`;
const AGREE = `mutation($input: AgreeInstallmentPlanInput!) { agreeInstallmentPlan(input: $input) { plan { id status instalments { id } } } }`;
const PAY = `mutation($input: RecordInstalmentPaymentInput!) { recordInstalmentPayment(input: $input) { instalment { id paidAmount } } }`;
const CANCEL = `mutation($input: CancelInstallmentPlanInput!) { cancelInstallmentPlan(input: $input) { plan { id status } } }`;

const inDays = (days: number) => {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

async function ok(server: TestServer, query: string, input: Record<string, unknown>) {
  const res = await server.gql(query, { input });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** As admin: a new service account of the customer with a 1,000.00 bill, ready for a plan. */
async function owingAccount(server: TestServer, customerId: string, orgUnitId: string): Promise<string> {
  const account = (await ok(server, ADD, { customerId, accountNumber: `6677${String(next()).padStart(10, '0')}`, orgUnitId, address: '权限矩阵分期地址' })).addServiceAccount
    .serviceAccount.id as string;
  await ok(server, BILL, {
    serviceAccountId: account, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount: '1000.00', dueOn: '2026-10-20', issuedOn: '2026-10-05',
    sourceSystem: '权限矩阵分期', externalId: `I-${next()}`, idempotencyKey: `matrix-inst-${next()}`,
  });
  return account;
}

const plan = (customerId: string, serviceAccountId: string) => ({
  customerId, serviceAccountId, total: '1000.00', note: '矩阵分期',
  instalments: [{ dueOn: inDays(10), amount: '500.00' }, { dueOn: inDays(40), amount: '500.00' }],
});

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const own = await owingAccount(server, base.custOwn, base.stationA);
    const b = await owingAccount(server, base.custB, base.stationB);
    const planOwn = (await ok(server, AGREE, plan(base.custOwn, own))).agreeInstallmentPlan.plan;
    const planB = (await ok(server, AGREE, plan(base.custB, b))).agreeInstallmentPlan.plan;
    return { planOwn: planOwn.id, instalmentOwn: planOwn.instalments[0].id, planB: planB.id };
  },
  operations: [
    {
      name: 'mutation agreeInstallmentPlan (own, 贵阳)',
      run: async (s, c, t) => s.gql(AGREE, { input: plan(t.custOwn, await owingAccount(s, t.custOwn, t.stationA)) }, c.headers),
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation agreeInstallmentPlan (other branch)',
      run: async (s, c, t) => s.gql(AGREE, { input: plan(t.custB, await owingAccount(s, t.custB, t.stationB)) }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN', { collector: 'NOT_FOUND' }),
    },
    {
      name: 'mutation recordInstalmentPayment (own, 贵阳)',
      run: (s, c, t) => s.gql(PAY, { input: { instalmentId: t.instalmentOwn, amount: '0.01', paidAt: '2026-11-01T02:00:00Z' } }, c.headers),
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation cancelInstallmentPlan (own, 贵阳)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, AGREE, plan(t.custOwn, await owingAccount(s, t.custOwn, t.stationA)))).agreeInstallmentPlan.plan.id;
        return s.gql(CANCEL, { input: { planId: fresh, reason: '矩阵取消' } }, c.headers);
      },
      expect: only(['admin', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation cancelInstallmentPlan (other branch)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, AGREE, plan(t.custB, await owingAccount(s, t.custB, t.stationB)))).agreeInstallmentPlan.plan.id;
        return s.gql(CANCEL, { input: { planId: fresh, reason: '矩阵取消' } }, c.headers);
      },
      expect: only(['admin'], 'ok', 'FORBIDDEN', { collector: 'NOT_FOUND' }),
    },
    {
      name: 'query installmentPlans',
      run: (s, c) => s.gql(`{ installmentPlans(first: 5) { totalCount edges { node { id total status instalments { sequence amount } } } } }`, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer installmentPlans (own, 贵阳)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id installmentPlans { id status } } }`, { id: t.custOwn }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (installment plan, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on InstallmentPlan { total } } }`, { id: t.planB }, c.headers),
      expect: only(COMPANY_READERS, 'ok', 'null'),
    },
  ],
};
