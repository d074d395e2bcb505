/**
 * Inspections 安全检查, rectification notices 整改通知书 and return visits 回访:
 * reading needs customers:read; recording inspections, closing or extending
 * notices and scheduling return visits need inspections:write (reps, leads,
 * admins; partner keys only when given that scope); the inspection
 * frequencies need inspections:configure (admins).
 */
import type { TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** An open notice of a customer in another branch. */
  noticeB: string;
}

const INSPECTORS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep'];

const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { inspection { id customer { id } } notices { id } } }`;
const CLOSE = `mutation($input: CloseRectificationNoticeInput!) { closeRectificationNotice(input: $input) { notice { id status } returnVisit { id } } }`;
const EXTEND = `mutation($input: ExtendRectificationDeadlineInput!) { extendRectificationDeadline(input: $input) { notice { id deadline } } }`;
const SCHEDULE = `mutation($input: ScheduleReturnVisitInput!) { scheduleReturnVisit(input: $input) { returnVisit { id customer { id } } } }`;
const SET_POLICY = `mutation($input: SetInspectionPolicyInput!) { setInspectionPolicy(input: $input) { policies { tier kind intervalMonths } } }`;

const inDays = (days: number) => {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

const inspection = (customerId: string, openNotice = false) => ({
  customerId,
  kind: 'ROUTINE',
  performedOn: inDays(0),
  result: openNotice ? 'HAZARDS_FOUND' : 'PASSED',
  findings: openNotice ? [{ category: 'BYPASS_VALVE_LOCK', severity: 'MAJOR', description: '矩阵：旁通阀未加锁', openNotice: true, deadline: inDays(20) }] : [],
});

/** As admin: an inspection of the customer opening one notice; returns the notice's ID. */
async function notice(server: TestServer, customerId: string): Promise<string> {
  const res = await server.gql(RECORD, { input: inspection(customerId, true) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.recordInspection.notices[0].id as string;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    return { noticeB: await notice(server, base.custB) };
  },
  operations: [
    {
      name: 'mutation recordInspection (own, 贵阳)',
      run: (s, c, t) => s.gql(RECORD, { input: inspection(t.custOwn) }, c.headers),
      expect: only(INSPECTORS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordInspection (other rep\'s customer)',
      run: (s, c, t) => s.gql(RECORD, { input: inspection(t.custOther) }, c.headers),
      expect: only(INSPECTORS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
    },
    {
      name: 'mutation recordInspection (other branch)',
      run: (s, c, t) => s.gql(RECORD, { input: inspection(t.custB) }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND' }),
    },
    {
      name: 'mutation closeRectificationNotice (own, 贵阳)',
      run: async (s, c, t) => s.gql(CLOSE, { input: { noticeId: await notice(s, t.custOwn), evidenceNote: '矩阵：已加锁', evidenceReference: 'MX-1' } }, c.headers),
      expect: only(INSPECTORS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation closeRectificationNotice (other branch)',
      run: async (s, c, t) => s.gql(CLOSE, { input: { noticeId: await notice(s, t.custB), evidenceNote: '矩阵：已加锁', evidenceReference: 'MX-2' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND' }),
    },
    {
      name: 'mutation extendRectificationDeadline (own, 贵阳)',
      run: async (s, c, t) => s.gql(EXTEND, { input: { noticeId: await notice(s, t.custOwn), deadline: inDays(40), reason: '矩阵：配件未到' } }, c.headers),
      expect: only(INSPECTORS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation scheduleReturnVisit (own, 贵阳)',
      run: (s, c, t) => s.gql(SCHEDULE, { input: { customerId: t.custOwn, reason: 'REPAIR', note: '矩阵：维修回访' } }, c.headers),
      expect: only(INSPECTORS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation scheduleReturnVisit (other branch)',
      run: (s, c, t) => s.gql(SCHEDULE, { input: { customerId: t.custB, reason: 'REPAIR' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND' }),
    },
    {
      name: 'mutation setInspectionPolicy',
      run: (s, c) => s.gql(SET_POLICY, { input: { utility: 'GAS', tier: 'PROSPECT', kind: 'ROUTINE', intervalMonths: 6 } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query inspections',
      run: (s, c) => s.gql(`{ inspections(first: 10) { totalCount edges { node { id customer { id } findings { category } } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query inspectionsDue',
      run: (s, c) => s.gql(`{ inspectionsDue(first: 10) { totalCount edges { node { kind dueOn customer { id } } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query inspectionPolicies',
      run: (s, c) => s.gql(`{ inspectionPolicies { utility tier kind intervalMonths } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query rectificationNotices',
      run: (s, c) => s.gql(`{ rectificationNotices(first: 10) { totalCount edges { node { id number customer { id } owner { id } } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query returnVisits',
      run: (s, c) => s.gql(`{ returnVisits(first: 10) { totalCount edges { node { id reason customer { id } } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer inspections, rectificationNotices, inspectionSchedule, returnVisits, satisfactionTrend (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(
          `query($id: ID!) { customer(id: $id) { id inspections { id } rectificationNotices { id } inspectionSchedule { kind dueOn }
             returnVisits { id } satisfactionTrend(months: 3) { month count } } }`,
          { id: t.custOwn },
          c.headers,
        ),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (rectification notice, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on RectificationNotice { number } } }`, { id: t.noticeB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
