/** The analytics series (receivables:read, scoped to the caller's subtree; a rep's to its own customers). */
import { only, type CallerName, type OperationSet } from './matrix.js';

// No partner key of the matrix holds receivables:read.
const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
const TREND = `query($unit: ID) { collectionRateTrend(orgUnitId: $unit, months: 3) { month due collected rate } }`;
const AGEING = `query($unit: ID) { arrearsAgeing(orgUnitId: $unit) { arrears customersInArrears orgUnit { id } ageing { days0to30 over180 } } }`;
const SWINGS = `query($id: ID!) { consumptionSwings(customerId: $id, from: "2025-11", to: "2026-10") { month unit alert { id } } }`;

export const matrix: OperationSet = {
  operations: [
    {
      name: 'query collectionRateTrend (own unit)',
      run: (s, c) => s.gql(TREND, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query collectionRateTrend (a station in another branch)',
      run: (s, c, t) => s.gql(TREND, { unit: t.stationB }, c.headers),
      expect: only(['admin', 'lead', 'viewer'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'query arrearsAgeing (own unit)',
      run: (s, c) => s.gql(AGEING, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query arrearsAgeing (a station in another branch)',
      run: (s, c, t) => s.gql(AGEING, { unit: t.stationB }, c.headers),
      expect: only(['admin', 'lead', 'viewer'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: "query consumptionSwings (the rep's own customer)",
      run: (s, c, t) => s.gql(SWINGS, { id: t.custOwn }, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query consumptionSwings (a customer in another branch)',
      run: (s, c, t) => s.gql(SWINGS, { id: t.custB }, c.headers),
      expect: only(['admin', 'lead', 'viewer'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
  ],
};
