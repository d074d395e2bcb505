/** The daily report 日通报 (receivables:read, scoped to the caller's subtree) and running the daily scan (jobs:run: admins). */
import { todayIn } from '../../../server/src/calendar.js';
import { only, type CallerName, type OperationSet } from './matrix.js';

const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const RUN = `mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow run { businessDate startedAt accountsScanned } } }`;
const REPORT = `query($unit: ID) { dailyReport(orgUnitId: $unit) { date orgUnit { id } current { accountsInArrears totalArrears collectionRateMonthToDate } previous { date } totalArrearsChange } }`;

export const matrix: OperationSet = {
  async setup(server) {
    // Today's scan writes a report for every org unit.
    const res = await server.gql(RUN, { input: { date: todayIn() } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return {};
  },
  operations: [
    {
      name: 'query dailyReport (own unit)',
      run: (s, c) => s.gql(REPORT, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query dailyReport (a station in another branch)',
      run: (s, c, t) => s.gql(REPORT, { unit: t.stationB }, c.headers),
      expect: only(['admin', 'lead', 'viewer'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'mutation runDailyScan (today, already scanned)',
      run: (s, c) => s.gql(RUN, { input: { date: todayIn() } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
  ],
};
