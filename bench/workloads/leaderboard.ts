/**
 * The leaderboard workload (issue 7, bench W5): how fast a board reads at the
 * benchmark scale, side by side with the naive "window function over all
 * facts" ranking it replaces, and how many pushes a burst of 1,000 committed
 * writes costs one live board's subscriber (coalescing, DESIGN.md "Real time").
 *
 *   read     `leaderboard` over HTTP for a mix of 45 boards (5 metrics × day,
 *            month, quarter × people, stations, areas; company-wide, 20 rows),
 *            and VISITS × QUARTER × PERSON against the same ranking computed
 *            from the visit table on `pg`
 *   burst    one `leaderboardUpdated` subscriber (stations by today's visits),
 *            1,000 `logVisit` calls at `--concurrency`, pushes counted; the
 *            last push must equal the board recomputed from the facts
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { todayIn } from '../../server/src/calendar.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import type { LoadGenerator } from '../lib/http-load.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/demo-data.js';
import { companyGlobalId, createBenchApiKey, signIn } from './customer-list.js';

interface Socket {
  send(data: string): void;
  close(code?: number): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type WebSocketCtor = new (url: string, protocols: string) => Socket;
// The server's own `ws`, so the bench adds no dependency.
const WebSocket = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)))('ws') as WebSocketCtor;

export const BURST_WRITES = 1000;
const METRICS = ['VISITS', 'AMOUNT_COLLECTED', 'NEW_ACCOUNTS', 'COLLECTION_RATE', 'KEY_ACCOUNTS_COVERED'];
const PERIODS = ['DAY', 'MONTH', 'QUARTER'];
const SUBJECTS = ['PERSON', 'STATION', 'AREA'];
const BOARD_QUERY = `query($board: LeaderboardInput!) { leaderboard(board: $board) { periodStart rows { rank value rankChangeSinceYesterday subject { ... on User { id name } ... on OrgUnit { id name } } } } }`;
const LIVE_QUERY = `subscription($board: LeaderboardInput!) { leaderboardUpdated(board: $board) { periodStart rows { rank value subject { ... on OrgUnit { id } } } } }`;

export interface LeaderboardContext {
  pool: pg.Pool;
  serverUrl: string;
  /** Headers of a signed-in admin. */
  adminHeaders: Record<string, string>;
  load: LoadGenerator;
  requests: number;
  concurrency: number;
  maxPhaseSeconds: number;
  log: (line: string) => void;
}

export interface LeaderboardFigures {
  boardRead: { requests: number; failed: number; latency: LatencySummary; statementsPerRequest: number | null };
  sameBoard: { graphql: LatencySummary; fromFacts: LatencySummary };
  burst: { writes: number; writeSeconds: number; pushes: number; pushWindowMs: number; finalBoardCorrect: boolean };
}

async function gql<T>(serverUrl: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL answered with errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/** The naive ranking: visits of a quarter per recorder, straight from the visit table, ranked by a window function. */
const FROM_FACTS_SQL = `select u.id, count(v.id)::numeric(16,2)::text as value, rank() over (order by count(v.id) desc) as rank
  from app_user u left join visit v on v.recorded_by_id = u.id
    and (v.occurred_at at time zone 'Asia/Shanghai')::date between $1 and $2
  where u.disabled_at is null and u.role in ('REP', 'COLLECTOR', 'LEAD')
  group by u.id order by rank, u.id limit 20`;

function quarterOf(day: string): [string, string] {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const end = new Date(Date.UTC(y, first + 2, 0)).toISOString().slice(0, 10);
  return [`${y}-${String(first).padStart(2, '0')}-01`, end];
}

async function timed(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

/** A graphql-transport-ws subscriber written by hand: every `next` payload with its arrival time. */
function subscribeBoard(serverUrl: string, connectionParams: Record<string, unknown>, board: Record<string, unknown>) {
  const pushes: Array<{ at: number; data: any }> = [];
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const ready = new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: any };
      if (message.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: LIVE_QUERY, variables: { board } } }));
      else if (message.type === 'next') {
        if (message.payload.errors) reject(new Error(JSON.stringify(message.payload.errors)));
        pushes.push({ at: performance.now(), data: message.payload.data.leaderboardUpdated });
        if (pushes.length === 1) resolve();
      } else if (message.type === 'error') reject(new Error(JSON.stringify(message.payload)));
    });
  });
  return { pushes, ready, close: () => ws.close(1000) };
}

export async function runLeaderboardWorkload(ctx: LeaderboardContext): Promise<{ lines: string[]; figures: LeaderboardFigures }> {
  const { pool, serverUrl, adminHeaders, log } = ctx;
  const today = todayIn();
  // Reads and the subscriber use an API key without a tight rate limit; the burst is written by two staff
  // users, each under the per-user limit of 600 requests a minute.
  const readHeaders = await createBenchApiKey(serverUrl, adminHeaders, await companyGlobalId(pool), ['ORG_READ', 'RECEIVABLES_READ', 'ALERTS_SUBSCRIBE'], 'pnpm bench (leaderboard)');
  const writers = [adminHeaders, await signIn(serverUrl, 'lead', DEMO_PASSWORD)];

  // ---------------------------------------------------------------- reads
  const bodies: string[] = [];
  for (const metric of METRICS) {
    for (const periodKind of PERIODS) {
      for (const subjectKind of SUBJECTS) bodies.push(JSON.stringify({ query: BOARD_QUERY, variables: { board: { metric, periodKind, subjectKind, first: 20 } } }));
    }
  }
  log(`leaderboard: warm up ${bodies.length} boards`);
  await ctx.load.run({ url: `${serverUrl}/graphql`, headers: readHeaders, bodies, requests: bodies.length * 2, concurrency: ctx.concurrency, deadlineMs: 60_000, timeoutMs: 30_000 });
  const requests = Math.min(ctx.requests, 1000);
  log(`leaderboard: ${requests} board reads at ${ctx.concurrency} clients`);
  const read = await ctx.load.run({ url: `${serverUrl}/graphql`, headers: readHeaders, bodies, requests, concurrency: ctx.concurrency, deadlineMs: ctx.maxPhaseSeconds * 1000, timeoutMs: 30_000 });
  let statements = 0;
  let answered = 0;
  for (const [n, count] of Object.entries(read.statements)) {
    statements += Number(n) * count;
    answered += count;
  }

  // The same board, one at a time: counters (GraphQL, HTTP included) vs the ranking from the facts (SQL only).
  const [start, end] = quarterOf(today);
  const sameBoard = { metric: 'VISITS', periodKind: 'QUARTER', subjectKind: 'PERSON', first: 20 };
  await gql(serverUrl, readHeaders, BOARD_QUERY, { board: sameBoard });
  await pool.query(FROM_FACTS_SQL, [start, end]);
  const graphqlSame = await timed(50, () => gql(serverUrl, readHeaders, BOARD_QUERY, { board: sameBoard }));
  const factsSame = await timed(50, () => pool.query(FROM_FACTS_SQL, [start, end]));

  // ---------------------------------------------------------------- burst
  const board = { metric: 'VISITS', periodKind: 'DAY', subjectKind: 'STATION', first: 100 };
  const sub = subscribeBoard(serverUrl, { apiKey: readHeaders['x-api-key'] }, board);
  await sub.ready;
  const { rows: customers } = await pool.query<{ id: number }>(`select id from customer order by id limit 200`);
  log(`leaderboard: burst of ${BURST_WRITES} logVisit calls at ${ctx.concurrency} clients, one subscriber`);
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  let next = 0;
  const started = performance.now();
  const worker = async (w: number) => {
    while (next < BURST_WRITES) {
      const i = next++;
      await gql(serverUrl, writers[w % writers.length]!, `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`, {
        input: { customerId: toGlobalId('Customer', customers[i % customers.length]!.id), channel: 'PHONE', purpose: 'SERVICE', occurredAt, outcome: `排行榜压测走访 ${i}`, satisfaction: 4 },
      });
    }
  };
  await Promise.all(Array.from({ length: ctx.concurrency }, (_, w) => worker(w)));
  const writeMs = performance.now() - started;
  const pushWindowMs = Number(process.env.GRIDLINE_LEADERBOARD_PUSH_MS || 1000);
  // Let the last window close and its push arrive.
  await new Promise((resolve) => setTimeout(resolve, pushWindowMs * 2 + 500));
  const pushes = sub.pushes.length - 1;
  sub.close();
  const last = sub.pushes.at(-1)!.data as { rows: Array<{ value: string; subject: { id: string } }> };
  const { rows: truth } = await pool.query<{ id: number; n: string }>(
    `select s.id, count(v.id)::numeric(16,2)::text as n from org_unit s
       left join org_unit o on o.path like s.path || '%'
       left join customer c on c.org_unit_id = o.id
       left join visit v on v.customer_id = c.id and (v.occurred_at at time zone 'Asia/Shanghai')::date = $1
     where s.kind = 'STATION' group by s.id`,
    [todayIn(undefined, new Date(Date.parse(occurredAt)))],
  );
  const truthById = new Map(truth.map((r) => [toGlobalId('OrgUnit', r.id), r.n]));
  const finalBoardCorrect = last.rows.length > 0 && last.rows.every((r) => truthById.get(r.subject.id) === r.value);

  const figures: LeaderboardFigures = {
    boardRead: { requests: read.completed, failed: read.failed, latency: summarize(read.latenciesMs), statementsPerRequest: answered ? statements / answered : null },
    sameBoard: { graphql: summarize(graphqlSame), fromFacts: summarize(factsSame) },
    burst: { writes: BURST_WRITES, writeSeconds: writeMs / 1000, pushes, pushWindowMs, finalBoardCorrect },
  };
  const f = (n: number) => n.toFixed(1);
  const lines = [
    '',
    'W5 leaderboards',
    `  board read (45 boards: 5 metrics × day/month/quarter × people/stations/areas, company-wide, 20 rows; ${read.completed} requests at ${ctx.concurrency} clients, ${read.failed} failed):`,
    `    latency p50 ${f(figures.boardRead.latency.p50Ms)} ms, p90 ${f(figures.boardRead.latency.p90Ms)} ms, p99 ${f(figures.boardRead.latency.p99Ms)} ms; ${figures.boardRead.statementsPerRequest?.toFixed(1) ?? '?'} SQL statements per request`,
    `  VISITS × QUARTER × PERSON, one at a time: GraphQL from the counters p50 ${f(figures.sameBoard.graphql.p50Ms)} ms (HTTP included) vs ranking from the visit table on pg p50 ${f(figures.sameBoard.fromFacts.p50Ms)} ms`,
    `  burst: ${BURST_WRITES} logVisit in ${f(figures.burst.writeSeconds)} s → ${pushes} pushes to the subscriber (window ${pushWindowMs} ms); final board ${finalBoardCorrect ? 'equals' : 'DIFFERS FROM'} the count from the facts`,
  ];
  return { lines, figures };
}
