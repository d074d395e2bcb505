/**
 * The leaderboard workload (issue 7, bench W5): how fast a board reads at the
 * benchmark scale, side by side with the naive "window function over all
 * facts" ranking it replaces, and how many pushes a metered burst of committed
 * writes costs one live board's subscriber (coalescing, DESIGN.md "Real time").
 *
 *   read     `leaderboard` over HTTP for a mix of 45 boards (5 metrics × day,
 *            month, quarter × people, stations, areas; company-wide, 20 rows),
 *            and VISITS × QUARTER × PERSON against the same ranking computed
 *            from the visit table on `pg`
 *   burst    `leaderboardUpdated` subscribers on three of today's boards
 *            (amount collected by stations, people, areas) while payments
 *            arrive at a metered rate (`--burst-rate`, default 1,000 a second,
 *            for `--burst-seconds`). Every 100 ms, when no batch is in flight,
 *            the payments due by then and not yet sent go out as ONE
 *            `recordPayments` batch (≤ 1,000), up to BURST_IN_FLIGHT batches
 *            in flight. (Concurrent batches used to deadlock on the metric
 *            counters' upserts — found by this bench; the server now runs a
 *            transaction PostgreSQL aborted that way again.) Reported: the
 *            achieved write rate (payments committed ÷ first send to last
 *            answer), the backlog, and the pushes per board; the stations
 *            board's last push must equal its first push plus the burst's
 *            payments per station, summed from the payment table.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { todayIn } from '../../server/src/calendar.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import type { LoadGenerator } from '../lib/http-load.js';
import { companyGlobalId, createBenchApiKey } from './customer-list.js';

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

const BURST_TICK_MS = 100;
/** recordPayments takes at most this many items. */
const MAX_BATCH = 1000;
/** recordPayments batches in flight at once during the burst. */
const BURST_IN_FLIGHT = 4;
/** A batch of a thousand payments is one long transaction: give it time. */
const BATCH_TIMEOUT_MS = 180_000;
const METRICS = ['VISITS', 'AMOUNT_COLLECTED', 'NEW_ACCOUNTS', 'COLLECTION_RATE', 'KEY_ACCOUNTS_COVERED'];
const PERIODS = ['DAY', 'MONTH', 'QUARTER'];
const SUBJECTS = ['PERSON', 'STATION', 'AREA'];
const BOARD_QUERY = `query($board: LeaderboardInput!) { leaderboard(board: $board) { periodStart rows { rank value rankChangeSinceYesterday subject { ... on User { id name } ... on OrgUnit { id name } } } } }`;
const LIVE_QUERY = `subscription($board: LeaderboardInput!) { leaderboardUpdated(board: $board) { periodStart rows { rank value subject { ... on OrgUnit { id } ... on User { id } } } } }`;
const RECORD_PAYMENTS = `mutation($input: RecordPaymentsInput!) { recordPayments(input: $input) { recordedCount replayed } }`;
/** The boards watched during the burst: today's amount collected by stations, people and areas. */
const BURST_BOARDS = (['STATION', 'PERSON', 'AREA'] as const).map((subjectKind) => ({ metric: 'AMOUNT_COLLECTED', periodKind: 'DAY', subjectKind, first: 100 }));

export interface LeaderboardContext {
  pool: pg.Pool;
  serverUrl: string;
  /** Headers of a signed-in admin. */
  adminHeaders: Record<string, string>;
  /** Headers of a key with payments:write (the burst). */
  ledgerHeaders: Record<string, string>;
  /** Service accounts the burst pays into, in turn. */
  paymentAccounts: Array<{ globalId: string }>;
  burstRate: number;
  burstSeconds: number;
  stamp: string;
  load: LoadGenerator;
  requests: number;
  concurrency: number;
  maxPhaseSeconds: number;
  log: (line: string) => void;
}

export interface LeaderboardFigures {
  boardRead: { requests: number; failed: number; latency: LatencySummary; statementsPerRequest: number | null };
  sameBoard: { graphql: LatencySummary; fromFacts: LatencySummary };
  burst: {
    targetRate: number;
    sent: number;
    written: number;
    batches: number;
    /** Most payments due but not yet sent at one tick (the server fell behind the rate by this much). */
    maxBacklog: number;
    writeSeconds: number;
    achievedRate: number;
    batchLatency: LatencySummary;
    pushesPerBoard: Array<{ board: string; pushes: number }>;
    pushWindowMs: number;
    finalBoardCorrect: boolean;
  };
}

async function gql<T>(serverUrl: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
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
  const subs = BURST_BOARDS.map((board) => ({ board, sub: subscribeBoard(serverUrl, { apiKey: readHeaders['x-api-key'] }, board) }));
  await Promise.all(subs.map((s) => s.sub.ready));
  const ticks = Math.round((ctx.burstSeconds * 1000) / BURST_TICK_MS);
  const total = ctx.burstRate * ctx.burstSeconds;
  log(`leaderboard: metered burst: ${total.toLocaleString('en')} payments at ${ctx.burstRate}/s for ${ctx.burstSeconds} s, up to ${BURST_IN_FLIGHT} recordPayments batches in flight, ${subs.length} live boards`);
  const paidAt = new Date(Date.now() - 60_000).toISOString();
  let inFlight = 0;
  let sent = 0;
  let written = 0;
  let batches = 0;
  let maxBacklog = 0;
  let failure: Error | null = null;
  let lastAnswer = 0;
  let account = 0;
  const batchMs: number[] = [];
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  // Until every payment of the burst has been sent (bounded: at most 10 × the burst's length).
  for (let t = 0; sent < total && !failure && t < ticks * 10; t++) {
    const wait = started + t * BURST_TICK_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ctx.burstRate)) - sent;
    maxBacklog = Math.max(maxBacklog, due);
    if (inFlight >= BURST_IN_FLIGHT || due <= 0) continue;
    const items = Array.from({ length: Math.min(due, MAX_BATCH) }, () => ({
      serviceAccountId: ctx.paymentAccounts[account++ % ctx.paymentAccounts.length]!.globalId,
      amount: '7.50',
      channel: 'BANK',
      paidAt,
    }));
    sent += items.length;
    const t0 = performance.now();
    const batch = batches++;
    const request: Promise<void> = gql<{ recordPayments: { recordedCount: number } }>(serverUrl, ctx.ledgerHeaders, RECORD_PAYMENTS, {
      input: { items, mode: 'ALL_OR_NOTHING', idempotencyKey: `${ctx.stamp}-burst-${batch}` },
    }, BATCH_TIMEOUT_MS)
      .then((data) => {
        written += data.recordPayments.recordedCount;
        batchMs.push(performance.now() - t0);
      })
      .catch((error: Error) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight -= 1;
        lastAnswer = performance.now();
      });
    inFlight += 1;
    pending.push(request);
  }
  await Promise.all(pending);
  if (failure) throw failure;
  const writeMs = lastAnswer - started;
  const pushWindowMs = Number(process.env.GRIDLINE_LEADERBOARD_PUSH_MS || 1000);
  // Let the last window close and its push arrive.
  await new Promise((resolve) => setTimeout(resolve, pushWindowMs * 2 + 500));
  for (const s of subs) s.sub.close();
  const pushesPerBoard = subs.map((s) => ({ board: `${s.board.metric} × ${s.board.periodKind} × ${s.board.subjectKind}`, pushes: s.sub.pushes.length - 1 }));
  // The stations board's last push = its first push (the board before the burst) + the burst's payments
  // per station. Not "all payments of today": the W3 baseline writes payments on pg, past the counters.
  // Every payment of the burst carries the same paidAt, which tells them apart.
  const stations = subs[0]!.sub;
  type Rows = { rows: Array<{ value: string; subject: { id: string } }> };
  const before = new Map((stations.pushes[0]!.data as Rows).rows.map((r) => [r.subject.id, Number(r.value)]));
  const last = stations.pushes.at(-1)!.data as Rows;
  const { rows: burstByStation } = await pool.query<{ id: number; n: string }>(
    `select s.id, sum(p.amount)::numeric(16,2)::text as n from org_unit s
       join org_unit o on o.path like s.path || '%'
       join customer c on c.org_unit_id = o.id
       join payment p on p.customer_id = c.id and p.paid_at = $1::timestamptz
     where s.kind = 'STATION' group by s.id`,
    [paidAt],
  );
  const burstById = new Map(burstByStation.map((r) => [toGlobalId('OrgUnit', r.id), Number(r.n)]));
  // Cents, so that 0.1 + 0.2 is not a difference.
  const cents = (v: number) => Math.round(v * 100);
  const finalBoardCorrect =
    last.rows.length > 0 && last.rows.every((r) => cents((before.get(r.subject.id) ?? 0) + (burstById.get(r.subject.id) ?? 0)) === cents(Number(r.value)));

  const figures: LeaderboardFigures = {
    boardRead: { requests: read.completed, failed: read.failed, latency: summarize(read.latenciesMs), statementsPerRequest: answered ? statements / answered : null },
    sameBoard: { graphql: summarize(graphqlSame), fromFacts: summarize(factsSame) },
    burst: {
      targetRate: ctx.burstRate,
      sent,
      written,
      batches,
      maxBacklog,
      writeSeconds: writeMs / 1000,
      achievedRate: written / (writeMs / 1000),
      batchLatency: summarize(batchMs),
      pushesPerBoard,
      pushWindowMs,
      finalBoardCorrect,
    },
  };
  const f = (n: number) => n.toFixed(1);
  const lines = [
    '',
    'W5 leaderboards',
    `  board read (45 boards: 5 metrics × day/month/quarter × people/stations/areas, company-wide, 20 rows; ${read.completed} requests at ${ctx.concurrency} clients, ${read.failed} failed):`,
    `    latency p50 ${f(figures.boardRead.latency.p50Ms)} ms, p90 ${f(figures.boardRead.latency.p90Ms)} ms, p99 ${f(figures.boardRead.latency.p99Ms)} ms; ${figures.boardRead.statementsPerRequest?.toFixed(1) ?? '?'} SQL statements per request`,
    `  VISITS × QUARTER × PERSON, one at a time: GraphQL from the counters p50 ${f(figures.sameBoard.graphql.p50Ms)} ms (HTTP included) vs ranking from the visit table on pg p50 ${f(figures.sameBoard.fromFacts.p50Ms)} ms`,
    `  burst: aimed at ${ctx.burstRate} payments/s for ${ctx.burstSeconds} s (what is due goes out as one recordPayments batch whenever none is in flight): ` +
      `${written.toLocaleString('en')} of ${total.toLocaleString('en')} written (the send loop stops at 10 × the burst's length) in ${batches} batches in ${f(figures.burst.writeSeconds)} s → achieved ${f(figures.burst.achievedRate)} payments/s; ` +
      `largest backlog ${maxBacklog.toLocaleString('en')} payments; batch latency p50 ${f(figures.burst.batchLatency.p50Ms)} ms, p99 ${f(figures.burst.batchLatency.p99Ms)} ms`,
    `  pushes per board (window ${pushWindowMs} ms): ${pushesPerBoard.map((b) => `${b.board} ${b.pushes}`).join(', ')}; the stations board's last push ${finalBoardCorrect ? 'equals' : 'DIFFERS FROM'} its first push + the burst's payments per station (from the payment table)`,
  ];
  return { lines, figures };
}
