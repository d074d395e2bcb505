/**
 * The leaderboard rows: boards, snapshots, the quarterly ranking and the
 * weekly review need org:read (money metrics also receivables:read) and cover
 * only the caller's subtree; the live board needs alerts:subscribe.
 */
import { subscribe, type GraphQLResponse, type TestServer } from '../../support/harness.js';
import { wsOutcome } from '../../support/fixtures-auth.js';
import { only, type Caller, type CallerName, type OperationSet } from './matrix.js';

/** Every staff role has org:read, receivables:read and alerts:subscribe. */
const STAFF: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
/** Partner keys with org:read. */
const ORG_KEYS: CallerName[] = ['key:read@gy', 'key:write@gy', 'key:org@company'];

const ROWS = 'rows { rank value rankChange rankChangeSinceYesterday highlighted subject { ... on User { id } ... on OrgUnit { id } } }';
const BOARD = `query($board: LeaderboardInput!) { leaderboard(board: $board) { periodStart orgUnit { id } ${ROWS} } }`;

async function subscription(s: TestServer, c: Caller, query: string, variables: Record<string, unknown>, prime: () => Promise<unknown>): Promise<GraphQLResponse> {
  if (!c.connectionParams) {
    const raw = await wsOutcome(s, null);
    raw.socket.close();
    return raw.code === 4403 ? { errors: [{ message: 'closed with 4403', extensions: { code: 'UNAUTHENTICATED' } }] } : { data: {} };
  }
  const client = s.ws(c.connectionParams);
  try {
    const sub = subscribe(client, query, variables);
    await sub.prime(prime);
    return sub.received[0]!;
  } finally {
    await client.dispose();
  }
}

export const matrix: OperationSet = {
  operations: [
    {
      name: 'query leaderboard (visits, own subtree)',
      run: (s, c) => s.gql(BOARD, { board: { metric: 'VISITS', periodKind: 'MONTH', subjectKind: 'PERSON', first: 100 } }, c.headers),
      expect: only([...STAFF, ...ORG_KEYS], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query leaderboard (amount collected by station, own subtree)',
      run: (s, c) => s.gql(BOARD, { board: { metric: 'AMOUNT_COLLECTED', periodKind: 'QUARTER', subjectKind: 'STATION', first: 100 } }, c.headers),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query leaderboard (people of a station in another branch)',
      run: (s, c, t) => s.gql(BOARD, { board: { metric: 'VISITS', periodKind: 'MONTH', subjectKind: 'PERSON', orgUnitId: t.stationB } }, c.headers),
      expect: only(['admin', 'lead', 'viewer', 'key:org@company'], 'ok', 'FORBIDDEN', {
        'lead.gy': 'NOT_FOUND',
        rep: 'NOT_FOUND',
        collector: 'NOT_FOUND',
        'key:read@gy': 'NOT_FOUND',
        'key:write@gy': 'NOT_FOUND',
      }),
    },
    {
      name: 'query leaderboardSnapshot (yesterday, own subtree)',
      run: (s, c) =>
        s.gql(`query { leaderboardSnapshot(metric: VISITS, periodKind: DAY, date: "2026-11-25", subjectKind: STATION) { periodStart takenAt ${ROWS} } }`, {}, c.headers),
      expect: only([...STAFF, ...ORG_KEYS], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query quarterlyRanking (stations by new accounts, own subtree)',
      run: (s, c) => s.gql(`query { quarterlyRanking(quarter: "2026-Q4", metric: NEW_ACCOUNTS, subjectKind: STATION) { frozen topN ${ROWS} } }`, {}, c.headers),
      expect: only([...STAFF, ...ORG_KEYS], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query weeklyReview (own subtree)',
      run: (s, c) =>
        s.gql(
          `query { weeklyReview { weekStart orgUnit { id } behindTarget { metric } metrics { metric total previousTotal risers { person { id } } fellBehind { person { id } } } } }`,
          {},
          c.headers,
        ),
      expect: only([...STAFF, ...ORG_KEYS], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'subscription leaderboardUpdated (over WebSocket, visits of the own subtree)',
      run: (s, c, t) =>
        subscription(s, c, `subscription($board: LeaderboardInput!) { leaderboardUpdated(board: $board) { periodStart ${ROWS} } }`, { board: { metric: 'VISITS', periodKind: 'DAY', subjectKind: 'STATION' } }, () =>
          s.gql(`mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
            input: { customerId: t.custOwn, channel: 'PHONE', purpose: 'SERVICE', occurredAt: new Date(Date.now() - 60_000).toISOString(), outcome: '权限矩阵排名走访', satisfaction: 4 },
          }),
        ),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
  ],
};
