/**
 * `pnpm bench`: Gridline's workloads (issue 10), each measured side by side
 * with a hand-written SQL baseline where one exists, in one run, ending with
 * one summary table (workload, figure, Gridline, baseline, ratio).
 *
 *   W1  customer 360 view with its timeline: GraphQL vs one SQL statement
 *   W2  arrears worklist (1,000 candidates ranked, top 100): GraphQL vs one SQL statement
 *   W3  recordPayment at 1, 4 and 8 clients, many accounts and one, vs plain pg transactions
 *   W4  arrearsAlerts fan-out at 1,000 and 5,000 subscribers: latency, losses, heap, CPU
 *   W5  leaderboard reads at 20 k customers, and pushes per board under a metered write burst
 *   W6  soak: mixed load for --soak-seconds; RSS and event-loop delay, first vs last window
 *   W7  start-up: `tsx src/main.ts` on a fresh data folder until / answers
 *   (customer-list: the older W1-lite list page, on request)
 *
 * `--workload` picks a comma list; the default `all` runs W1–W7 on the large
 * seed (20 k customers, 2 M visits). Everything runs on its own embedded
 * PostgreSQL in a temporary folder, removed at the end even when something
 * fails or the run is interrupted. See README.md beside this.
 */
import { writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import {
  DEFAULT_ARGS,
  USAGE,
  UsageError,
  parseArgs,
  runLimitMs,
  runs360,
  runsAlerts,
  runsLeaderboard,
  runsPayments,
  runsSoak,
  runsStartup,
  runsW1,
  runsWorklist,
  seedProfileOf,
  type BenchArgs,
} from './lib/args.js';
import { cpuDelta, cpuSnapshot, postmasterPid, type CpuSnapshot } from './lib/cpu.js';
import { Teardown, createBenchDatabase, type BenchDatabase } from './lib/database.js';
import { startLoadGenerator, type LoadGenerator } from './lib/http-load.js';
import { profile, summarizeProfile, type ProfileSummary } from './lib/profile.js';
import { fileTimestamp, fmt, fmtRatio, machineInfo, ratio, seconds, table } from './lib/report.js';
import { summarize, type LatencySummary } from './lib/stats.js';
import { DEFAULT_CUSTOMERS, DEMO_PASSWORD } from '../server/src/db/seed/demo-data.js';
import { MAX_CANDIDATES } from '../server/src/modules/worklists/worklist.service.js';
import {
  PAGE_SIZE,
  baselinePage,
  companyGlobalId,
  createBenchApiKey,
  customerListQuery,
  fetchGraphql,
  firstDifference,
  listBranches,
  signIn,
  startBaselineHttp,
  type StatementCount,
} from './workloads/customer-list.js';
import {
  CUSTOMER_360_QUERY,
  LAST_VISITS,
  TIMELINE_PAGE,
  baseline360,
  customer360Bodies,
  fetch360Graphql,
  sampleCustomers,
  sampleSizes,
} from './workloads/customer-360.js';
import { PAYMENT_AMOUNT, baselinePayment, checkLedger, ledgerTotals, paymentBodies, preparePaymentAccounts, type PaymentAccount } from './workloads/payments.js';
import { runLeaderboardWorkload } from './workloads/leaderboard.js';
import { runSoak } from './workloads/soak.js';
import { runStartup } from './workloads/startup.js';
import { WORKLIST_QUERY, WORKLIST_ROWS, accountsInArrears, baselineWorklist, fetchWorklistGraphql, worklistBody } from './workloads/worklist.js';
import { ALERTS_SUBSCRIPTION, alertAccounts, deliveryFigures, heapUsed, mergeReceipts, raiseArrearsAlert, startSubscribers } from './workloads/alerts.js';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const REQUEST_TIMEOUT_MS = 30_000;
/** Measured requests are split into this many rounds, the sides taking turns, so drift hits both alike. */
const ROUNDS = 2;

const log = (line: string) => console.error(`bench: ${line}`);

// ------------------------------------------------------------------ phases

/** What one side did over its measured requests (all rounds together). */
interface Tally {
  completed: number;
  failed: number;
  failures: string[];
  truncated: boolean;
  wallMs: number;
  latenciesMs: number[];
  statements: Record<string, number>;
  cpu: CpuSnapshot;
  /** The load generator child's CPU (HTTP sides only), microseconds. */
  clientCpuUs: number | null;
}

function emptyTally(): Tally {
  return {
    completed: 0,
    failed: 0,
    failures: [],
    truncated: false,
    wallMs: 0,
    latenciesMs: [],
    statements: {},
    cpu: { processUs: 0, postgresUs: 0 },
    clientCpuUs: null,
  };
}

function add(tally: Tally, part: Omit<Tally, 'cpu' | 'clientCpuUs'> & { cpu: CpuSnapshot; clientCpuUs: number | null }): void {
  tally.completed += part.completed;
  tally.failed += part.failed;
  tally.failures.push(...part.failures.slice(0, 5 - tally.failures.length));
  tally.truncated ||= part.truncated;
  tally.wallMs += part.wallMs;
  for (const v of part.latenciesMs) tally.latenciesMs.push(v);
  for (const [k, n] of Object.entries(part.statements)) tally.statements[k] = (tally.statements[k] ?? 0) + n;
  tally.cpu.processUs += part.cpu.processUs;
  tally.cpu.postgresUs = tally.cpu.postgresUs === null || part.cpu.postgresUs === null ? null : tally.cpu.postgresUs + part.cpu.postgresUs;
  if (part.clientCpuUs !== null) tally.clientCpuUs = (tally.clientCpuUs ?? 0) + part.clientCpuUs;
}

/** HTTP load from the child process; this process only serves it. */
async function httpPhase(
  load: LoadGenerator,
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  requests: number,
  args: BenchArgs,
  pgPid: number | null,
): Promise<Parameters<typeof add>[1]> {
  const before = cpuSnapshot(pgPid);
  const result = await load.run({
    url,
    headers,
    bodies,
    requests,
    concurrency: args.concurrency,
    deadlineMs: args.maxPhaseSeconds * 1000,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const cpu = cpuDelta(before, cpuSnapshot(pgPid));
  return { ...result, cpu, clientCpuUs: result.cpuUs };
}

/**
 * A SQL baseline in this process: `concurrency` loops calling `work(i)` for
 * request i, bounded by count and time. `work` counts the statements it sends.
 */
async function sqlPhase(
  work: (i: number, counter: StatementCount) => Promise<unknown>,
  requests: number,
  args: BenchArgs,
  pgPid: number | null,
): Promise<Parameters<typeof add>[1]> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let failed = 0;
  let next = 0;
  let truncated = false;
  let bytes = 0;
  const counter = { statements: 0 };
  const before = cpuSnapshot(pgPid);
  const started = performance.now();
  const deadline = started + args.maxPhaseSeconds * 1000;
  const loop = async () => {
    while (next < requests) {
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      const i = next++;
      const t0 = performance.now();
      try {
        // Serialised as the server would send it: the JSON text is part of the work.
        bytes += JSON.stringify(await work(i, counter)).length;
        latenciesMs.push(performance.now() - t0);
      } catch (error) {
        failed++;
        if (failures.length < 5) failures.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, loop));
  const wallMs = performance.now() - started;
  const cpu = cpuDelta(before, cpuSnapshot(pgPid));
  if (bytes === 0 && latenciesMs.length) throw new Error('the baseline produced no JSON');
  return {
    completed: latenciesMs.length,
    failed,
    failures,
    truncated,
    wallMs,
    latenciesMs,
    // Counted as sent; reported as a per-request average like the header's values.
    statements: latenciesMs.length ? { [String(counter.statements / (latenciesMs.length + failed))]: latenciesMs.length } : {},
    cpu,
    clientCpuUs: null,
  };
}

interface SideReport {
  completed: number;
  failed: number;
  truncated: boolean;
  wallMs: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** This process's CPU per request: the server (HTTP sides) or the baseline code. */
  cpuPerRequestMs: number;
  postgresCpuPerRequestMs: number | null;
  loadGeneratorCpuPerRequestMs: number | null;
  statementsPerRequest: number;
  statementCounts: Record<string, number>;
}

function report(t: Tally): SideReport {
  const n = t.completed || NaN;
  let statements = 0;
  for (const [k, count] of Object.entries(t.statements)) statements += Number(k) * count;
  return {
    completed: t.completed,
    failed: t.failed,
    truncated: t.truncated,
    wallMs: t.wallMs,
    requestsPerSecond: t.completed / (t.wallMs / 1000),
    latency: summarize(t.latenciesMs),
    cpuPerRequestMs: t.cpu.processUs / 1000 / n,
    postgresCpuPerRequestMs: t.cpu.postgresUs === null ? null : t.cpu.postgresUs / 1000 / n,
    loadGeneratorCpuPerRequestMs: t.clientCpuUs === null ? null : t.clientCpuUs / 1000 / n,
    statementsPerRequest: statements / n,
    statementCounts: t.statements,
  };
}

function requireClean(name: string, t: Tally): void {
  if (t.failed) throw new Error(`${name}: ${t.failed} requests failed, e.g.\n  ${t.failures.join('\n  ')}`);
}

// ------------------------------------------------------------------ start-up

async function waitReady(url: string): Promise<number> {
  const deadline = performance.now() + 30_000;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return attempt;
    } catch {
      // not yet
    }
    if (performance.now() > deadline) throw new Error(`${url}/readyz did not answer 200 within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type StartGridline = typeof import('../server/src/app.js').startGridline;

/** startGridline → first 200 from /readyz; the server's close is registered with `teardown`. */
async function timedStart(startGridline: StartGridline, databaseUrl: string, teardown: Teardown) {
  const t0 = performance.now();
  const app = await startGridline(
    databaseUrl,
    { port: 0, host: '127.0.0.1', clientDist: '/nonexistent', shutdownGraceMs: 2000 },
    // Silent: logging every request would be measured too. BENCH_LOG_LEVEL=error shows failures.
    pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }),
  );
  const listeningMs = performance.now() - t0;
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= app.close());
  teardown.add('stop Gridline', close);
  await waitReady(app.url);
  return { app, close, listeningMs, readyMs: performance.now() - t0 };
}

// ------------------------------------------------------------------ workloads

/** What every workload of a run shares. */
interface Run {
  args: BenchArgs;
  db: BenchDatabase;
  pool: pg.Pool;
  pgPid: number | null;
  serverUrl: string;
  /** Headers of the bench's API key. */
  auth: Record<string, string>;
  /** Headers of a second key for the ledger workloads: payments:write, bills:write, alerts:subscribe. */
  ledgerAuth: Record<string, string>;
  load: LoadGenerator;
  stamp: string;
  teardown: Teardown;
  /** The payments workload's service accounts (bills added once, shared by W3, W5's burst and W6). */
  paymentAccounts?: Promise<PaymentAccount[]>;
}

/** The service accounts payments go to, prepared once per run. */
function paymentAccountsOf(run: Run): Promise<PaymentAccount[]> {
  return (run.paymentAccounts ??= preparePaymentAccounts(run.pool, PAYMENT_ACCOUNTS + 1));
}

/** A workload's lines in the report and its part of the JSON. */
interface WorkloadResult {
  lines: string[];
  json: Record<string, unknown>;
}

function ratiosOf(g: SideReport, b: SideReport) {
  return {
    requestsPerSecond: ratio(g.requestsPerSecond, b.requestsPerSecond),
    p50: ratio(g.latency.p50Ms, b.latency.p50Ms),
    p99: ratio(g.latency.p99Ms, b.latency.p99Ms),
    cpuPerRequest: ratio(g.cpuPerRequestMs, b.cpuPerRequestMs),
    postgresCpuPerRequest: ratio(g.postgresCpuPerRequestMs, b.postgresCpuPerRequestMs),
    statementsPerRequest: ratio(g.statementsPerRequest, b.statementsPerRequest),
  };
}

function figureRows(sides: SideReport[]): Array<[string, Array<number | null>, number]> {
  return [
    ['requests/s', sides.map((x) => x.requestsPerSecond), sides.some((x) => x.requestsPerSecond < 10) ? 2 : 0],
    ['latency p50 (ms)', sides.map((x) => x.latency.p50Ms), 1],
    ['latency p99 (ms)', sides.map((x) => x.latency.p99Ms), 1],
    ['Node CPU / request (ms)', sides.map((x) => x.cpuPerRequestMs), 2],
    ['PostgreSQL CPU / request (ms)', sides.map((x) => x.postgresCpuPerRequestMs), 2],
    ['SQL statements / request', sides.map((x) => x.statementsPerRequest), 1],
  ];
}

/** A CPU profile of the server over `bodies`, written next to the results; its summary as report lines. */
async function profilePass(run: Run, name: string, bodies: string[]): Promise<{ lines: string[]; json: Record<string, unknown> | null }> {
  const { args, load, auth } = run;
  if (args.profileRequests <= 0) return { lines: [], json: null };
  log(`CPU profile of the server over ${args.profileRequests} GraphQL requests (${name})`);
  const { result, profile: cpuProfile } = await profile(() =>
    load.run({ url: `${run.serverUrl}/graphql`, headers: auth, bodies, requests: args.profileRequests, concurrency: args.concurrency, deadlineMs: args.maxPhaseSeconds * 1000, timeoutMs: REQUEST_TIMEOUT_MS }),
  );
  if (result.failed) throw new Error(`profiled pass: ${result.failed} requests failed: ${result.failures.join('; ')}`);
  const summary: ProfileSummary = summarizeProfile(cpuProfile);
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${run.stamp}-${name}-graphql.cpuprofile`);
  await fs.writeFile(file, JSON.stringify(cpuProfile));
  const lines = [
    '',
    `Where the GraphQL side's Node CPU goes (sampled over ${args.profileRequests} requests, self time, idle excluded):`,
    table(
      ['package', 'share', 'ms/request'],
      summary.byPackage.slice(0, 12).map((p) => [p.name, `${(p.share * 100).toFixed(1)} %`, fmt(p.ms / args.profileRequests, 3)]),
    ),
    '',
    table(
      ['hottest functions', 'where', 'share'],
      summary.topFunctions.slice(0, 10).map((f) => [f.name, f.where.length > 70 ? `…${f.where.slice(-69)}` : f.where, `${(f.share * 100).toFixed(1)} %`]),
    ),
    `  full profile: ${path.relative(process.cwd(), file)} (open in Chrome DevTools or speedscope)`,
  ];
  return { lines, json: { requests: args.profileRequests, file: path.basename(file), ...summary } };
}

/** W1-lite: the customer list page, GraphQL vs the SQL baseline (in process and over HTTP). */
async function runW1(run: Run): Promise<WorkloadResult> {
  const { args, db, pool, pgPid, load, auth, teardown } = run;
  const branches = await listBranches(pool);
  if (branches.length === 0) throw new Error('the seeded data has no branches');

  // Same answer from both sides, for every branch, before any timing.
  log('W1: verify GraphQL and the SQL baseline agree');
  const sample = branches[0]!;
  const graphqlSql = (await db.captureStatements(pool, () => fetchGraphql(run.serverUrl, auth, sample.globalId))).statements;
  const baselineSql = (await db.captureStatements(pool, () => baselinePage(pool, sample.id))).statements;
  const verified: Array<{ branch: string; totalCount: number; rows: number; graphqlStatements: number; byteIdentical: boolean }> = [];
  for (const branch of branches) {
    const graphql = await fetchGraphql(run.serverUrl, auth, branch.globalId);
    const baseline = await baselinePage(pool, branch.id);
    const diff = firstDifference(graphql.body, baseline);
    if (diff) throw new Error(`GraphQL and the SQL baseline disagree for branch ${branch.code}: ${diff}`);
    const rows = baseline.data.customers.edges.length;
    if (rows !== Math.min(PAGE_SIZE, branch.customers)) throw new Error(`branch ${branch.code}: ${rows} rows, expected ${Math.min(PAGE_SIZE, branch.customers)}`);
    verified.push({
      branch: branch.code,
      totalCount: baseline.data.customers.totalCount,
      rows,
      graphqlStatements: graphql.statements,
      byteIdentical: JSON.stringify(graphql.body) === JSON.stringify(baseline),
    });
  }

  const baselineHttp = await startBaselineHttp(pool);
  teardown.add('stop baseline HTTP server', () => baselineHttp.close());
  const graphqlUrl = `${run.serverUrl}/graphql`;
  const graphqlBodies = branches.map((b) => JSON.stringify({ query: customerListQuery(b.globalId) }));
  const baselineUrl = `${baselineHttp.url}/customers`;
  const baselineBodies = branches.map((b) => JSON.stringify({ orgUnitId: b.globalId }));
  const baselineWork = (i: number, counter: StatementCount) => baselinePage(pool, branches[i % branches.length]!.id, counter);

  if (args.warmup > 0) {
    log(`W1: warm up: ${args.warmup} requests per side`);
    const warm = emptyTally();
    add(warm, await httpPhase(load, graphqlUrl, auth, graphqlBodies, args.warmup, args, pgPid));
    add(warm, await sqlPhase(baselineWork, args.warmup, args, pgPid));
    add(warm, await httpPhase(load, baselineUrl, {}, baselineBodies, args.warmup, args, pgPid));
    requireClean('warm-up', warm);
  }

  const graphql = emptyTally();
  const sql = emptyTally();
  const sqlHttp = emptyTally();
  for (let round = 0; round < ROUNDS; round++) {
    const n = Math.floor(args.requests / ROUNDS) + (round < args.requests % ROUNDS ? 1 : 0);
    if (n === 0) continue;
    log(`W1 round ${round + 1}/${ROUNDS}: ${n} requests per side, concurrency ${args.concurrency}`);
    add(graphql, await httpPhase(load, graphqlUrl, auth, graphqlBodies, n, args, pgPid));
    add(sql, await sqlPhase(baselineWork, n, args, pgPid));
    add(sqlHttp, await httpPhase(load, baselineUrl, {}, baselineBodies, n, args, pgPid));
  }
  requireClean('GraphQL', graphql);
  requireClean('SQL baseline', sql);
  requireClean('SQL baseline over HTTP', sqlHttp);
  await baselineHttp.close();

  const profiled = await profilePass(run, 'w1', graphqlBodies);

  const g = report(graphql);
  const s = report(sql);
  const h = report(sqlHttp);
  const branchSizes = branches.map((b) => b.customers);
  const out: string[] = [];
  out.push('');
  out.push(`W1-lite customer list page: first ${PAGE_SIZE} customers of a branch with org unit, rep and contacts`);
  out.push(
    `  ${branches.length} branches in turn (${Math.min(...branchSizes).toLocaleString('en')}–${Math.max(...branchSizes).toLocaleString('en')} customers each), ` +
      `${g.completed.toLocaleString('en')} requests per side in ${ROUNDS} alternating rounds, concurrency ${args.concurrency}, after ${args.warmup} warm-up requests`,
  );
  out.push(`  verified: both sides return equal data for every branch${verified.every((v) => v.byteIdentical) ? ' (byte-identical JSON)' : ''}`);
  out.push('');
  out.push(
    table(
      ['', 'GraphQL (HTTP)', 'SQL baseline (pg)', 'GraphQL ÷ SQL', 'SQL over HTTP', 'GraphQL ÷ SQL/HTTP'],
      figureRows([g, s, h]).map(([name, [gv, sv, hv], digits]) => [name, fmt(gv, digits), fmt(sv, digits), fmtRatio(ratio(gv, sv)), fmt(hv, digits), fmtRatio(ratio(gv, hv))]),
    ),
  );
  out.push(`  load generator (separate process) CPU / request: ${fmt(g.loadGeneratorCpuPerRequestMs, 2)} ms (GraphQL), ${fmt(h.loadGeneratorCpuPerRequestMs, 2)} ms (SQL over HTTP); not in the figures above`);
  out.push('');
  out.push(`SQL of one GraphQL request (as PostgreSQL logged it; x-sql-statements said ${verified[0]!.graphqlStatements}; the baseline sent ${baselineSql.length}):`);
  for (const [i, text] of graphqlSql.entries()) out.push(`  ${String(i + 1).padStart(2)}. ${text.length > 150 ? `${text.slice(0, 149)}…` : text}`);
  if (g.truncated || s.truncated || h.truncated) out.push(`  NOTE: a phase hit --max-phase-seconds ${args.maxPhaseSeconds} and measured fewer requests`);
  out.push(...profiled.lines);

  return {
    lines: out,
    json: {
      query: customerListQuery('<branch id>'),
      branches: branches.map(({ code, path: p, customers }) => ({ code, path: p, customers })),
      verified,
      statementsOfOneRequest: { branch: sample.code, graphql: graphqlSql, sqlBaseline: baselineSql },
      graphql: g,
      sqlBaseline: s,
      sqlBaselineOverHttp: h,
      ratios: { graphqlOverSql: ratiosOf(g, s), graphqlOverSqlHttp: ratiosOf(g, h) },
      profile: profiled.json,
    },
  };
}

/** Customers of the seed whose 360 view each request asks for, in turn. */
const SAMPLED_CUSTOMERS = 50;

/** W-360: one customer's whole view with its timeline, GraphQL vs one hand-written SQL statement. */
async function run360(run: Run): Promise<WorkloadResult> {
  const { args, db, pool, pgPid, load, auth } = run;
  const samples = await sampleCustomers(pool, SAMPLED_CUSTOMERS);
  if (samples.length === 0) throw new Error('the seeded data has no customers');
  const sizes = await sampleSizes(pool, samples.map((c) => c.id));

  log(`W1: verify GraphQL and the SQL baseline agree for ${samples.length} customers`);
  const richest = samples[0]!;
  const graphqlSql = (await db.captureStatements(pool, () => fetch360Graphql(run.serverUrl, auth, richest.globalId))).statements;
  const baselineSql = (await db.captureStatements(pool, () => baseline360(pool, richest.id))).statements;
  const statementCounts = new Set<number>();
  let byteIdentical = true;
  let timelineEntries = 0;
  for (const customer of samples) {
    const graphql = await fetch360Graphql(run.serverUrl, auth, customer.globalId);
    const baseline = await baseline360(pool, customer.id);
    const diff = firstDifference(graphql.body, baseline);
    if (diff) throw new Error(`GraphQL and the SQL baseline disagree for customer ${customer.id}: ${diff}`);
    byteIdentical &&= JSON.stringify(graphql.body) === JSON.stringify(baseline);
    statementCounts.add(graphql.statements);
    timelineEntries += (baseline.data.customer.timeline as { edges: unknown[] }).edges.length;
  }

  const graphqlUrl = `${run.serverUrl}/graphql`;
  const bodies = customer360Bodies(samples);
  const baselineWork = (i: number, counter: StatementCount) => baseline360(pool, samples[i % samples.length]!.id, counter);
  if (args.warmup > 0) {
    log(`W1: warm up: ${args.warmup} requests per side`);
    const warm = emptyTally();
    add(warm, await httpPhase(load, graphqlUrl, auth, bodies, args.warmup, args, pgPid));
    add(warm, await sqlPhase(baselineWork, args.warmup, args, pgPid));
    requireClean('warm-up', warm);
  }
  const graphql = emptyTally();
  const sql = emptyTally();
  for (let round = 0; round < ROUNDS; round++) {
    const n = Math.floor(args.requests / ROUNDS) + (round < args.requests % ROUNDS ? 1 : 0);
    if (n === 0) continue;
    log(`W1 round ${round + 1}/${ROUNDS}: ${n} requests per side, concurrency ${args.concurrency}`);
    add(graphql, await httpPhase(load, graphqlUrl, auth, bodies, n, args, pgPid));
    add(sql, await sqlPhase(baselineWork, n, args, pgPid));
  }
  requireClean('GraphQL', graphql);
  requireClean('SQL baseline', sql);

  const profiled = await profilePass(run, 'w360', bodies);

  const g = report(graphql);
  const s = report(sql);
  const per = sizes.perCustomer;
  const out: string[] = [];
  out.push('');
  out.push(
    `W1 customer-360 view: a customer with its service accounts, contacts, last ${LAST_VISITS} visits, contracts, risk ledger, ` +
      `status history and the first ${TIMELINE_PAGE} timeline entries`,
  );
  out.push(
    `  ${samples.length} customers spread over the seed, in turn; per customer on average ${fmt(per.serviceAccounts, 1)} service accounts, ` +
      `${fmt(per.contacts, 1)} contacts, ${fmt(per.visits, 1)} visits, ${fmt(per.contracts, 1)} contracts, ${fmt(per.riskEntries, 1)} risk entries, ` +
      `${fmt(per.statusChanges, 1)} status changes; ${fmt(timelineEntries / samples.length, 1)} timeline entries on the first page`,
  );
  out.push(
    `  ${g.completed.toLocaleString('en')} requests per side in ${ROUNDS} alternating rounds, concurrency ${args.concurrency}, after ${args.warmup} warm-up requests`,
  );
  out.push(`  verified: both sides return equal data for every customer${byteIdentical ? ' (byte-identical JSON)' : ''}`);
  out.push(`  GraphQL statements per request over the sampled customers: ${[...statementCounts].sort((a, b) => a - b).join(', ')}`);
  out.push('');
  out.push(
    table(
      ['', 'GraphQL (HTTP)', 'SQL baseline (pg)', 'GraphQL ÷ SQL'],
      figureRows([g, s]).map(([name, [gv, sv], digits]) => [name, fmt(gv, digits), fmt(sv, digits), fmtRatio(ratio(gv, sv))]),
    ),
  );
  out.push(`  load generator (separate process) CPU / request: ${fmt(g.loadGeneratorCpuPerRequestMs, 2)} ms; not in the figures above`);
  out.push('');
  out.push(`SQL of one GraphQL request (customer ${richest.id}, as PostgreSQL logged it; the baseline sent ${baselineSql.length}):`);
  for (const [i, text] of graphqlSql.entries()) out.push(`  ${String(i + 1).padStart(2)}. ${text.length > 150 ? `${text.slice(0, 149)}…` : text}`);
  if (g.truncated || s.truncated) out.push(`  NOTE: a phase hit --max-phase-seconds ${args.maxPhaseSeconds} and measured fewer requests`);
  out.push(...profiled.lines);

  return {
    lines: out,
    json: {
      query: CUSTOMER_360_QUERY,
      sample: { ...sizes, ids: samples.map((c) => c.id), timelineEntriesPerPage: timelineEntries / samples.length },
      verified: { customers: samples.length, byteIdentical, graphqlStatements: [...statementCounts] },
      statementsOfOneRequest: { customer: richest.id, graphql: graphqlSql, sqlBaseline: baselineSql },
      graphql: g,
      sqlBaseline: s,
      ratios: { graphqlOverSql: ratiosOf(g, s) },
      profile: profiled.json,
    },
  };
}

// ------------------------------------------------------------------ payments

/** Service accounts the "many accounts" spread pays into, in turn. */
const PAYMENT_ACCOUNTS = 200;

interface PaymentPhase {
  clients: number;
  spread: 'many accounts' | 'one account';
  graphql: SideReport;
  sqlBaseline: SideReport;
  ratios: ReturnType<typeof ratiosOf>;
}

/** recordPayment over HTTP vs the pg baseline, at each of --payment-clients, over many accounts and on one. */
async function runPayments(run: Run): Promise<WorkloadResult> {
  const { args, pool, pgPid, load } = run;
  const headers = run.ledgerAuth;
  const accounts = await paymentAccountsOf(run);
  const many = accounts.slice(0, PAYMENT_ACCOUNTS);
  const one = [accounts[PAYMENT_ACCOUNTS]!];
  const posted = new Map<number, number>(accounts.map((a) => [a.id, 0]));
  // The seed's own ledger on these accounts: the check counts only what the run adds.
  const before = await ledgerTotals(pool, accounts.map((a) => a.id));
  const count = (list: PaymentAccount[], n: number) => {
    for (let i = 0; i < n; i++) {
      const id = list[i % list.length]!.id;
      posted.set(id, posted.get(id)! + 1);
    }
  };
  const url = `${run.serverUrl}/graphql`;
  // Request i of a phase is body i (its own idempotency key): the load generator sends them in order.
  const graphqlSide = async (list: PaymentAccount[], n: number, clients: number, key: string) => {
    const part = await httpPhase(load, url, headers, paymentBodies(list, n, `${run.stamp}-${key}`), n, { ...args, concurrency: clients }, pgPid);
    count(list, part.completed + part.failed);
    return part;
  };
  const sqlSide = async (list: PaymentAccount[], n: number, clients: number) => {
    const part = await sqlPhase((i, counter) => baselinePayment(pool, list[i % list.length]!, counter), n, { ...args, concurrency: clients }, pgPid);
    count(list, part.completed + part.failed);
    return part;
  };

  const warmup = Math.min(args.warmup, 100);
  if (warmup > 0) {
    log(`payments: warm up: ${warmup} payments per side`);
    const warm = emptyTally();
    add(warm, await graphqlSide(many, warmup, 8, 'warm'));
    add(warm, await sqlSide(many, warmup, 8));
    requireClean('payments warm-up', warm);
  }

  const phases: PaymentPhase[] = [];
  for (const clients of args.paymentClients) {
    for (const [spread, list] of [['many accounts', many], ['one account', one]] as const) {
      log(`payments: ${args.payments} per side, ${clients} client${clients > 1 ? 's' : ''}, ${spread}`);
      const graphql = emptyTally();
      const sql = emptyTally();
      add(graphql, await graphqlSide(list, args.payments, clients, `c${clients}-${list.length}`));
      add(sql, await sqlSide(list, args.payments, clients));
      requireClean(`recordPayment (${clients} clients, ${spread})`, graphql);
      requireClean(`payment baseline (${clients} clients, ${spread})`, sql);
      const g = report(graphql);
      const s = report(sql);
      phases.push({ clients, spread, graphql: g, sqlBaseline: s, ratios: ratiosOf(g, s) });
    }
  }

  log('payments: check the ledger adds up');
  const ledger = await checkLedger(pool, posted, before);

  const out: string[] = [];
  out.push('');
  out.push(`Payments: recordPayment (${PAYMENT_AMOUNT} CNY, own idempotency key, allocated oldest bill first) over HTTP vs a pg baseline (lock the account, read open bills, insert payment + allocations, one transaction)`);
  out.push(`  ${args.payments} payments per side and phase; "many accounts": ${PAYMENT_ACCOUNTS} service accounts in turn; "one account": all on one (row-lock contention); after ${warmup} warm-up payments per side`);
  out.push(
    `  ledger checked: ${ledger.payments.toLocaleString('en')} payments on ${ledger.accounts} accounts, paid ${ledger.paidTotal} = allocated ${ledger.allocatedTotal} + credit ${ledger.creditTotal}; no bill or payment over-allocated`,
  );
  out.push('');
  out.push(
    table(
      ['clients, spread', 'GraphQL /s', 'SQL /s', 'ratio', 'GraphQL p50', 'p99', 'SQL p50', 'p99', 'stmts GraphQL', 'SQL', 'Node CPU ms GraphQL', 'SQL', 'PG CPU ms GraphQL', 'SQL'],
      phases.map((p) => [
        `${p.clients}, ${p.spread}`,
        fmt(p.graphql.requestsPerSecond, 0),
        fmt(p.sqlBaseline.requestsPerSecond, 0),
        fmtRatio(p.ratios.requestsPerSecond),
        fmt(p.graphql.latency.p50Ms, 1),
        fmt(p.graphql.latency.p99Ms, 1),
        fmt(p.sqlBaseline.latency.p50Ms, 1),
        fmt(p.sqlBaseline.latency.p99Ms, 1),
        fmt(p.graphql.statementsPerRequest, 1),
        fmt(p.sqlBaseline.statementsPerRequest, 1),
        fmt(p.graphql.cpuPerRequestMs, 2),
        fmt(p.sqlBaseline.cpuPerRequestMs, 2),
        fmt(p.graphql.postgresCpuPerRequestMs, 2),
        fmt(p.sqlBaseline.postgresCpuPerRequestMs, 2),
      ]),
    ),
  );
  out.push('  (latencies in ms; CPU per payment; ratio = GraphQL ÷ SQL payments/s; the baseline counts begin and commit as statements)');
  if (phases.some((p) => p.graphql.truncated || p.sqlBaseline.truncated)) out.push(`  NOTE: a phase hit --max-phase-seconds ${args.maxPhaseSeconds} and measured fewer payments`);
  return { lines: out, json: { paymentAmount: PAYMENT_AMOUNT, accounts: PAYMENT_ACCOUNTS, warmup, phases, ledger } };
}

// ------------------------------------------------------------------ alerts

/** Warm-up alerts at most, raised until one reaches every subscriber (then all subscriptions are live). */
const ALERT_WARMUPS = 10;

/** arrearsAlerts subscribers in a child process, alerts raised by recordBill; latency, losses, heap and CPU. */
async function runAlerts(run: Run, subscriberCount: number, alertCount: number): Promise<WorkloadResult> {
  const { args, pool, pgPid, teardown } = run;
  const headers = run.ledgerAuth;
  const accounts = await alertAccounts(pool, alertCount + ALERT_WARMUPS + 1);
  const measured = accounts.slice(0, alertCount);
  const warm = accounts.slice(alertCount);
  const key = (what: string, id: number) => `${run.stamp}-alert-${what}-${id}`;

  // One alert before the baseline heap reading, so the code paths are loaded either way.
  await raiseArrearsAlert(run.serverUrl, headers, warm[0]!.globalId, key('warm', warm[0]!.id));
  const heapBefore = await heapUsed();

  const subscribers = startSubscribers();
  teardown.add('stop subscribers', () => subscribers.exit());
  log(`alerts: open ${subscriberCount} arrearsAlerts subscribers (separate process)`);
  const opened = await subscribers.open({
    url: `${run.serverUrl.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { apiKey: headers['x-api-key'] },
    query: ALERTS_SUBSCRIPTION,
    count: subscriberCount,
    parallel: 50,
    timeoutMs: 30_000,
  });
  if (opened.opened !== subscriberCount) throw new Error(`only ${opened.opened} of ${subscriberCount} subscribers connected`);

  // The subscriptions start asynchronously on the server: raise warm-up alerts until one reaches everyone.
  let live = false;
  for (const account of warm.slice(1)) {
    await raiseArrearsAlert(run.serverUrl, headers, account.globalId, key('warm', account.id));
    const until = performance.now() + 10_000;
    const got = new Map<string, { alertId: string; createdAt: string; receivedAt: number[] }>();
    while (performance.now() < until) {
      await sleep(200);
      mergeReceipts(got, await subscribers.collect());
      if ([...got.values()].some((e) => e.receivedAt.length === subscriberCount)) {
        live = true;
        break;
      }
    }
    if (live) break;
  }
  if (!live) throw new Error(`no warm-up alert reached all ${subscriberCount} subscribers`);
  await sleep(500);
  await subscribers.collect();
  const heapAfter = await heapUsed();
  const heapPerSubscriber = (heapAfter.bytes - heapBefore.bytes) / subscriberCount;

  log(`alerts: raise ${measured.length} alerts, one every ${args.alertIntervalMs} ms at most`);
  const raised = new Map<number, { sentAt: number; answeredAt: number; statements: number }>();
  const before = cpuSnapshot(pgPid);
  const started = performance.now();
  const deadline = started + args.maxPhaseSeconds * 1000;
  let truncated = false;
  for (const account of measured) {
    if (performance.now() > deadline) {
      truncated = true;
      break;
    }
    const t0 = performance.now();
    raised.set(account.id, await raiseArrearsAlert(run.serverUrl, headers, account.globalId, key('m', account.id)));
    const rest = args.alertIntervalMs - (performance.now() - t0);
    if (rest > 0) await sleep(rest);
  }
  const expected = raised.size * subscriberCount;
  // Wait for the fan-out to finish, asking only for a count (collecting costs this process CPU).
  const waitUntil = performance.now() + 120_000;
  let counted = 0;
  while (performance.now() < waitUntil) {
    counted = (await subscribers.count()).receipts;
    if (counted >= expected) break;
    await sleep(100);
  }
  const wallMs = performance.now() - started;
  const cpu = cpuDelta(before, cpuSnapshot(pgPid));
  await sleep(1_000); // late duplicates, if any, would arrive now
  const collected = await subscribers.collect();
  const receipts = new Map<string, { alertId: string; createdAt: string; receivedAt: number[] }>();
  mergeReceipts(receipts, collected);

  // Which alert each measured account raised, by seq.
  const { rows } = await pool.query<{ seq: string; service_account_id: number }>(
    `select seq::text as seq, service_account_id from alert where kind = 'ARREARS_OVER_THRESHOLD' and service_account_id = any($1::int[])`,
    [[...raised.keys()]],
  );
  const problems: string[] = [];
  if (rows.length !== raised.size) problems.push(`${raised.size} bills recorded but ${rows.length} alerts raised`);
  const samples = { fromAnswer: [] as number[], fromSent: [] as number[], fromCreatedAt: [] as number[], lastFromAnswer: [] as number[] };
  let delivered = 0;
  let lost = 0;
  for (const row of rows) {
    const cause = raised.get(row.service_account_id)!;
    const got = receipts.get(row.seq);
    const n = got?.receivedAt.length ?? 0;
    if (n < subscriberCount) {
      lost += subscriberCount - n;
      if (problems.length < 10) problems.push(`alert seq ${row.seq}: ${n} of ${subscriberCount} subscribers received it`);
    }
    if (!got) continue;
    delivered += n;
    const createdAt = Date.parse(got.createdAt);
    let last = -Infinity;
    for (const t of got.receivedAt) {
      samples.fromAnswer.push(t - cause.answeredAt);
      samples.fromSent.push(t - cause.sentAt);
      samples.fromCreatedAt.push(t - createdAt);
      if (t > last) last = t;
    }
    samples.lastFromAnswer.push(last - cause.answeredAt);
  }
  const measuredSeqs = new Set(rows.map((r) => r.seq));
  const stray = [...receipts.keys()].filter((seq) => !measuredSeqs.has(seq)).length;
  if (collected.duplicates) problems.push(`${collected.duplicates} pushes received twice by the same subscriber`);
  if (collected.closed) problems.push(`${collected.closed} subscribers were disconnected`);
  if (collected.errors.length) problems.push(...collected.errors.slice(0, 5));
  if (problems.length) throw new Error(`alerts were lost or pushed twice:\n  ${problems.join('\n  ')}`);

  await subscribers.closeAll();
  await subscribers.exit();

  const latency = deliveryFigures(samples);
  const mutationMs = summarize([...raised.values()].map((r) => r.answeredAt - r.sentAt));
  const statements = summarize([...raised.values()].map((r) => r.statements));
  const figures = {
    subscribers: subscriberCount,
    connectMs: opened.ms,
    alertsRaised: raised.size,
    truncated,
    deliveries: delivered,
    expectedDeliveries: expected,
    lost,
    duplicates: collected.duplicates,
    strayPushes: stray,
    wallMs,
    latency,
    recordBillLatency: mutationMs,
    recordBillStatementsMean: statements.meanMs,
    heap: { beforeBytes: heapBefore.bytes, afterBytes: heapAfter.bytes, perSubscriberBytes: heapPerSubscriber, forcedGc: heapAfter.gc },
    serverCpuPerDeliveryUs: cpu.processUs / delivered,
    serverCpuPerAlertMs: cpu.processUs / 1000 / raised.size,
    postgresCpuPerAlertMs: cpu.postgresUs === null ? null : cpu.postgresUs / 1000 / raised.size,
    subscriberProcessCpuPerDeliveryUs: collected.cpuUs / delivered,
  };
  const out: string[] = [];
  out.push('');
  out.push(`Alerts: ${subscriberCount.toLocaleString('en')} arrearsAlerts subscribers (graphql-ws on 127.0.0.1, API key with alerts:subscribe, separate process); ${raised.size} alerts raised by recordBill (overdue 600 CNY bill), one every ${args.alertIntervalMs} ms at most`);
  out.push(
    `  delivered ${delivered.toLocaleString('en')} of ${expected.toLocaleString('en')} (lost ${lost}, pushed twice ${collected.duplicates}); subscribers connected in ${seconds(opened.ms)}; the ${raised.size} alerts took ${seconds(wallMs)} with their fan-out`,
  );
  out.push('');
  out.push(
    table(
      ['commit → receipt, per delivery (ms)', 'p50', 'p90', 'p99', 'max'],
      [
        ['from alert.createdAt (its transaction\'s start)', latency.fromCreatedAt],
        ['from recordBill sent (upper bound)', latency.fromSent],
        ['from recordBill answered (may be < 0)', latency.fromAnswer],
        ['last subscriber of an alert, from answered', latency.lastFromAnswer],
        ['recordBill itself (sent → answered)', mutationMs],
      ].map(([name, s]) => [name as string, fmt((s as LatencySummary).p50Ms, 1), fmt((s as LatencySummary).p90Ms, 1), fmt((s as LatencySummary).p99Ms, 1), fmt((s as LatencySummary).maxMs, 1)]),
    ),
  );
  out.push('');
  out.push(
    `  server heap: ${fmt(heapBefore.bytes / 2 ** 20, 1)} MiB before, ${fmt(heapAfter.bytes / 2 ** 20, 1)} MiB with ${subscriberCount.toLocaleString('en')} subscribers → ${fmt(heapPerSubscriber / 1024, 1)} KiB per subscriber` +
      ` (median of 5 readings${heapAfter.gc ? ', each after a forced full GC' : ', GC not forced'})`,
  );
  out.push(
    `  server CPU: ${fmt(figures.serverCpuPerDeliveryUs, 1)} µs per delivery (${fmt(figures.serverCpuPerAlertMs, 1)} ms per alert, its recordBill included); ` +
      `PostgreSQL ${fmt(figures.postgresCpuPerAlertMs, 1)} ms per alert; subscriber process ${fmt(figures.subscriberProcessCpuPerDeliveryUs, 1)} µs per delivery`,
  );
  out.push(`  recordBill: ${fmt(statements.meanMs, 1)} SQL statements on average`);
  if (truncated) out.push(`  NOTE: raising stopped at --max-phase-seconds ${args.maxPhaseSeconds}`);
  return { lines: out, json: { subscription: ALERTS_SUBSCRIPTION, intervalMs: args.alertIntervalMs, ...figures } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ W2 worklist

/** W2: the arrears worklist (1,000 candidates ranked, top 100 with account and customer), GraphQL vs one SQL statement. */
async function runWorklist(run: Run): Promise<WorkloadResult> {
  const { args, db, pool, pgPid, load } = run;
  const headers = run.ledgerAuth;
  const inArrears = await accountsInArrears(pool);
  log(`W2: verify GraphQL and the SQL baseline agree (${inArrears.toLocaleString('en')} accounts in arrears)`);
  const graphqlSql = (await db.captureStatements(pool, () => fetchWorklistGraphql(run.serverUrl, headers))).statements;
  const baselineSql = (await db.captureStatements(pool, () => baselineWorklist(pool))).statements;
  const graphqlOnce = await fetchWorklistGraphql(run.serverUrl, headers);
  const baselineOnce = await baselineWorklist(pool);
  const diff = firstDifference(graphqlOnce.body, baselineOnce);
  if (diff) throw new Error(`W2: GraphQL and the SQL baseline disagree: ${diff}`);
  const rows = (baselineOnce.data.worklist.accountsInArrears as unknown[]).length;
  const byteIdentical = JSON.stringify(graphqlOnce.body) === JSON.stringify(baselineOnce);

  const url = `${run.serverUrl}/graphql`;
  const bodies = [worklistBody()];
  const baselineWork = (_i: number, counter: StatementCount) => baselineWorklist(pool, counter);
  // Each request ranks the accounts in arrears out of every past-due bill: seconds of PostgreSQL at
  // 20 k customers (see README "W2"), so few requests and at most 2 at once (PostgreSQL has 2 cores).
  const requests = Math.max(4, Math.round(args.requests / 150));
  const warmup = Math.min(args.warmup, 2);
  const w2Args = { ...args, concurrency: Math.min(args.concurrency, 2), maxPhaseSeconds: Math.max(args.maxPhaseSeconds, 60) };
  if (warmup > 0) {
    log(`W2: warm up: ${warmup} requests per side`);
    const warm = emptyTally();
    add(warm, await httpPhase(load, url, headers, bodies, warmup, w2Args, pgPid));
    add(warm, await sqlPhase(baselineWork, warmup, w2Args, pgPid));
    requireClean('W2 warm-up', warm);
  }
  const graphql = emptyTally();
  const sql = emptyTally();
  for (let round = 0; round < ROUNDS; round++) {
    const n = Math.floor(requests / ROUNDS) + (round < requests % ROUNDS ? 1 : 0);
    if (n === 0) continue;
    log(`W2 round ${round + 1}/${ROUNDS}: ${n} requests per side, concurrency ${w2Args.concurrency}`);
    add(graphql, await httpPhase(load, url, headers, bodies, n, w2Args, pgPid));
    add(sql, await sqlPhase(baselineWork, n, w2Args, pgPid));
  }
  requireClean('W2 GraphQL', graphql);
  requireClean('W2 SQL baseline', sql);
  const profiled = await profilePass({ ...run, auth: headers, args: { ...w2Args, profileRequests: Math.min(args.profileRequests, 4) } }, 'w2', bodies);
  const g = report(graphql);
  const b = report(sql);
  const out: string[] = [];
  out.push('');
  out.push(`W2 arrears worklist: worklist(limit: ${WORKLIST_ROWS}) { accountsInArrears { … serviceAccount customer } } — the ${MAX_CANDIDATES.toLocaleString('en')} longest-overdue accounts ranked by priority, top ${WORKLIST_ROWS} returned`);
  out.push(
    `  ${inArrears.toLocaleString('en')} accounts in arrears in the seed; ${g.completed} requests per side in ${ROUNDS} alternating rounds, concurrency ${w2Args.concurrency}; ` +
      `verified: both sides return equal data (${rows} rows${byteIdentical ? ', byte-identical JSON' : ''})`,
  );
  out.push('');
  out.push(
    table(
      ['', 'GraphQL (HTTP)', 'SQL baseline (pg)', 'GraphQL ÷ SQL'],
      figureRows([g, b]).map(([name, [gv, sv], digits]) => [name, fmt(gv, digits), fmt(sv, digits), fmtRatio(ratio(gv, sv))]),
    ),
  );
  out.push('');
  out.push(`SQL of one GraphQL request (as PostgreSQL logged it; the baseline sent ${baselineSql.length}):`);
  for (const [i, text] of graphqlSql.entries()) out.push(`  ${String(i + 1).padStart(2)}. ${text.length > 150 ? `${text.slice(0, 149)}…` : text}`);
  if (g.truncated || b.truncated) out.push(`  NOTE: a phase hit --max-phase-seconds ${args.maxPhaseSeconds} and measured fewer requests`);
  out.push(...profiled.lines);
  return {
    lines: out,
    json: {
      query: WORKLIST_QUERY,
      accountsInArrears: inArrears,
      candidates: MAX_CANDIDATES,
      rows,
      verified: { byteIdentical },
      statementsOfOneRequest: { graphql: graphqlSql, sqlBaseline: baselineSql },
      graphql: g,
      sqlBaseline: b,
      ratios: { graphqlOverSql: ratiosOf(g, b) },
      profile: profiled.json,
    },
  };
}

// ------------------------------------------------------------------ summary

/** One line of the final table: a figure of a workload, Gridline's value, the baseline's, their ratio. */
interface SummaryRow {
  workload: string;
  figure: string;
  gridline: number | null;
  baseline: number | null;
  digits: number;
  /** Preformatted cells, for figures that are not one number. */
  gridlineText?: string;
  baselineText?: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const dig = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);

function sideRows(workload: string, g: SideReport, b: SideReport, concurrency: number): SummaryRow[] {
  return [
    { workload, figure: `requests/s at ${concurrency} clients`, gridline: g.requestsPerSecond, baseline: b.requestsPerSecond, digits: g.requestsPerSecond < 10 ? 2 : 0 },
    { workload, figure: 'latency p50 (ms)', gridline: g.latency.p50Ms, baseline: b.latency.p50Ms, digits: 1 },
    { workload, figure: 'server (Node) CPU / request (ms)', gridline: g.cpuPerRequestMs, baseline: b.cpuPerRequestMs, digits: 2 },
    { workload, figure: 'PostgreSQL CPU / request (ms)', gridline: g.postgresCpuPerRequestMs, baseline: b.postgresCpuPerRequestMs, digits: 2 },
    { workload, figure: 'SQL statements / request', gridline: g.statementsPerRequest, baseline: b.statementsPerRequest, digits: 1 },
  ];
}

function summaryTable(rows: SummaryRow[]): string {
  return table(
    ['workload', 'figure', 'Gridline', 'baseline', 'ratio'],
    rows.map((r) => [
      r.workload,
      r.figure,
      r.gridlineText ?? fmt(r.gridline, r.digits),
      r.baselineText ?? fmt(r.baseline, r.digits),
      fmtRatio(ratio(r.gridline, r.baseline)),
    ]),
  );
}

// ------------------------------------------------------------------ main

/** What an aborted run (run limit, Ctrl-C) still writes: the summary rows so far. */
const partial: { file: string | null; summary: SummaryRow[]; phaseSeconds: Record<string, number>; aborting: boolean } = {
  file: null,
  summary: [],
  phaseSeconds: {},
  aborting: false,
};

async function main(args: BenchArgs, teardown: Teardown): Promise<void> {
  const runStarted = new Date();
  const machine = machineInfo();
  const seedProfile = seedProfileOf(args);
  const stamp = fileTimestamp(runStarted);
  const summary: SummaryRow[] = [];
  const phaseTimes: Record<string, number> = {};
  partial.file = path.join(RESULTS_DIR, `${stamp}-partial.json`);
  partial.summary = summary;
  partial.phaseSeconds = phaseTimes;
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const failures: Array<{ workload: string; error: string }> = [];
  /**
   * Runs one workload, timed. A failing workload is reported (and fails the
   * run) but does not stop the ones after it: one run gives every figure it can.
   */
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
    const t0 = performance.now();
    try {
      return await fn();
    } catch (error) {
      // Interrupted or out of time: stop here, the teardown is under way.
      if (partial.aborting) throw error;
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${name} FAILED: ${text}`);
      failures.push({ workload: name, error: text.split('\n').slice(0, 3).join(' ') });
      return null;
    } finally {
      phaseTimes[name] = (performance.now() - t0) / 1000;
    }
  };
  log(`node ${machine.node}, ${machine.cpus} CPUs, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, load average ${machine.loadAverage.join(' ')}; workloads: ${args.workloads.join(', ')}`);

  // W7 first, on a machine not yet busy with the bench's own database.
  const startup = runsStartup(args) ? await timed('W7 start-up', () => runStartup(teardown, log, DEFAULT_CUSTOMERS)) : null;
  if (startup) {
    summary.push({ workload: 'W7 start-up', figure: 'fresh data dir → /readyz 200 (s)', gridline: startup.readyMs / 1000, baseline: null, digits: 2 });
    summary.push({ workload: 'W7 start-up', figure: `fresh data dir → GET / answered (s; HTTP ${startup.firstPageStatus})`, gridline: startup.firstPageMs / 1000, baseline: null, digits: 2 });
  }

  // Fresh database (W7-lite, first half).
  const seedStarted = performance.now();
  const db: BenchDatabase = await createBenchDatabase(args.customers, teardown, log, seedProfile);
  phaseTimes.database = (performance.now() - seedStarted) / 1000;
  const pgPid = postmasterPid(db.dataDir);
  if (pgPid === null) log('PostgreSQL pid not found: its CPU time will not be reported');

  const pool = new pg.Pool({ connectionString: db.url, max: args.concurrency * 2 });
  let poolEnded = false;
  // An idle client's error (PostgreSQL going away) is an 'error' event on the
  // pool, which would end the process if nobody listened. pool.end() does not
  // wait for the sockets to close, so it can come even after it.
  let poolErrors = 0;
  pool.on('error', (error) => {
    if (!poolEnded && poolErrors++ === 0) log(`baseline pool: ${error.message}`);
  });
  teardown.add('close baseline pool', () => {
    poolEnded = true;
    return pool.end();
  });

  // Server start on the seeded database (W7-lite, second half).
  log('start Gridline');
  const t0 = performance.now();
  const { startGridline } = await import('../server/src/app.js');
  const importMs = performance.now() - t0;
  const first = await timedStart(startGridline, db.url, teardown);

  const admin = await signIn(first.app.url, 'admin', DEMO_PASSWORD);
  const company = await companyGlobalId(pool);
  const auth = await createBenchApiKey(first.app.url, admin, company);
  const needsLedgerKey = runsWorklist(args) || runsPayments(args) || runsAlerts(args) || runsLeaderboard(args) || runsSoak(args);
  const ledgerAuth = needsLedgerKey
    ? await createBenchApiKey(first.app.url, admin, company, ['ORG_READ', 'CUSTOMERS_READ', 'RECEIVABLES_READ', 'BILLS_WRITE', 'PAYMENTS_WRITE', 'ALERTS_SUBSCRIBE'], 'pnpm bench (ledger)')
    : {};
  const load = startLoadGenerator();
  teardown.add('stop load generator', () => load.close());
  const run: Run = { args, db, pool, pgPid, serverUrl: first.app.url, auth, ledgerAuth, load, stamp, teardown };

  const w360 = runs360(args) ? await timed('W1 customer 360', () => run360(run)) : null;
  if (w360) {
    const j = w360.json as { graphql: SideReport; sqlBaseline: SideReport };
    summary.push(...sideRows('W1 customer 360', j.graphql, j.sqlBaseline, args.concurrency));
  }
  const worklist = runsWorklist(args) ? await timed('W2 worklist', () => runWorklist(run)) : null;
  if (worklist) {
    const j = worklist.json as { graphql: SideReport; sqlBaseline: SideReport };
    summary.push(...sideRows(`W2 worklist (${WORKLIST_ROWS} of ${MAX_CANDIDATES})`, j.graphql, j.sqlBaseline, Math.min(args.concurrency, 2)));
  }
  const payments = runsPayments(args) ? await timed('W3 payments', () => runPayments(run)) : null;
  if (payments) {
    for (const p of (payments.json as { phases: PaymentPhase[] }).phases) {
      const w = `W3 recordPayment, ${p.clients} client${p.clients > 1 ? 's' : ''}, ${p.spread}`;
      summary.push({ workload: w, figure: 'payments/s', gridline: p.graphql.requestsPerSecond, baseline: p.sqlBaseline.requestsPerSecond, digits: 0 });
      if (p.spread === 'many accounts') {
        summary.push({ workload: w, figure: 'latency p50 (ms)', gridline: p.graphql.latency.p50Ms, baseline: p.sqlBaseline.latency.p50Ms, digits: 1 });
        summary.push({ workload: w, figure: 'server (Node) CPU / payment (ms)', gridline: p.graphql.cpuPerRequestMs, baseline: p.sqlBaseline.cpuPerRequestMs, digits: 2 });
        summary.push({ workload: w, figure: 'SQL statements / payment', gridline: p.graphql.statementsPerRequest, baseline: p.sqlBaseline.statementsPerRequest, digits: 1 });
      }
    }
  }
  const alerts: WorkloadResult[] = [];
  if (runsAlerts(args)) {
    for (const count of args.subscribers) {
      // Above 1,000 subscribers each alert's fan-out takes long: a third of the alerts tell as much.
      const alertCount = count > 1000 ? Math.max(3, Math.ceil(args.alerts / 3)) : args.alerts;
      const result = await timed(`W4 alerts ${count}`, () => runAlerts(run, count, alertCount));
      if (!result) continue;
      alerts.push(result);
      const j = result.json;
      const w = `W4 alert fan-out, ${count.toLocaleString('en')} subscribers`;
      const kib = num(dig(j, 'heap', 'perSubscriberBytes'));
      summary.push({ workload: w, figure: 'server heap / subscriber (KiB)', gridline: kib === null ? null : kib / 1024, baseline: null, digits: 1 });
      summary.push({ workload: w, figure: 'server CPU / delivery (µs)', gridline: num(dig(j, 'serverCpuPerDeliveryUs')), baseline: null, digits: 0 });
      summary.push({ workload: w, figure: 'commit → receipt p50 (ms)', gridline: num(dig(j, 'latency', 'fromCreatedAt', 'p50Ms')), baseline: null, digits: 0 });
      summary.push({ workload: w, figure: 'commit → receipt p99 (ms)', gridline: num(dig(j, 'latency', 'fromCreatedAt', 'p99Ms')), baseline: null, digits: 0 });
      summary.push({ workload: w, figure: 'lost / pushed twice', gridline: null, baseline: null, digits: 0, gridlineText: `${String(dig(j, 'lost'))} / ${String(dig(j, 'duplicates'))}` });
    }
  }
  const leaderboard = runsLeaderboard(args)
    ? await timed('W5 leaderboard', async () =>
        runLeaderboardWorkload({
          pool,
          serverUrl: first.app.url,
          adminHeaders: admin,
          ledgerHeaders: ledgerAuth,
          paymentAccounts: (await paymentAccountsOf(run)).slice(0, PAYMENT_ACCOUNTS),
          burstRate: args.burstRate,
          burstSeconds: args.burstSeconds,
          stamp,
          load,
          requests: args.requests,
          concurrency: args.concurrency,
          maxPhaseSeconds: args.maxPhaseSeconds,
          log,
        }),
      )
    : null;
  if (leaderboard) {
    const f = leaderboard.figures;
    const w = `W5 leaderboard (${db.seeded.customers.toLocaleString('en')} customers)`;
    summary.push({ workload: w, figure: `board read p50 (ms), 45 boards at ${args.concurrency} clients`, gridline: f.boardRead.latency.p50Ms, baseline: null, digits: 1 });
    summary.push({ workload: w, figure: 'board read p99 (ms)', gridline: f.boardRead.latency.p99Ms, baseline: null, digits: 1 });
    summary.push({ workload: w, figure: 'one board p50 (ms): counters vs window function over visits', gridline: f.sameBoard.graphql.p50Ms, baseline: f.sameBoard.fromFacts.p50Ms, digits: 1 });
    summary.push({ workload: w, figure: 'burst: achieved vs aimed payments/s', gridline: f.burst.achievedRate, baseline: f.burst.targetRate, digits: 0 });
    for (const b of f.burst.pushesPerBoard) {
      summary.push({ workload: w, figure: `pushes during the burst: ${b.board}`, gridline: b.pushes, baseline: null, digits: 0, baselineText: `${f.burst.writeSeconds.toFixed(1)} s` });
    }
  }
  const soak = runsSoak(args)
    ? await timed('W6 soak', async () =>
        runSoak({
          pool,
          serverUrl: first.app.url,
          readHeaders: auth,
          ledgerHeaders: ledgerAuth,
          readBodies: customer360Bodies(await sampleCustomers(pool, SAMPLED_CUSTOMERS)),
          paymentAccounts: (await paymentAccountsOf(run)).slice(0, PAYMENT_ACCOUNTS),
          load,
          seconds: args.soakSeconds,
          subscribers: args.soakSubscribers,
          stamp,
          teardown,
          log,
        }),
      )
    : null;
  if (soak) {
    const f = soak.figures;
    const w = `W6 soak ${args.soakSeconds} s, ${args.soakSubscribers} subscribers`;
    const pair = (figure: string, pick: (x: typeof f.first) => number | null, digits: number): SummaryRow => ({
      workload: w,
      figure: `${figure}: first → last window`,
      gridline: pick(f.last),
      baseline: pick(f.first),
      digits,
      gridlineText: `${fmt(pick(f.first), digits)} → ${fmt(pick(f.last), digits)}`,
      baselineText: '',
    });
    summary.push(pair('server RSS (MiB)', (x) => x.rssMiB, 0));
    summary.push(pair('event-loop delay p99 (ms)', (x) => x.eventLoopDelayP99Ms, 1));
    summary.push(pair('customer-360 reads/s', (x) => x.reads / x.seconds, 1));
    summary.push({ workload: w, figure: 'errors (failed requests, lost or twice-pushed alerts)', gridline: f.totals.errors, baseline: null, digits: 0 });
  }
  const w1 = runsW1(args) ? await timed('customer list', () => runW1(run)) : null;
  if (w1) {
    const j = w1.json as { graphql: SideReport; sqlBaseline: SideReport };
    summary.push(...sideRows('W1-lite customer list page', j.graphql, j.sqlBaseline, args.concurrency));
  }

  // A second start in the same (warm) process: what a restart costs without module loading.
  log('restart Gridline');
  await first.close();
  const again = await timedStart(startGridline, db.url, teardown);
  await again.close();

  // ---------------------------------------------------------------- report
  const loadAtEnd = machineInfo().loadAverage;
  const seeded = db.seeded;
  const out: string[] = [];
  out.push('');
  out.push(`Gridline bench — ${machine.cpus} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, node ${machine.node}`);
  if (machine.loadAverage[0]! > 1 || loadAtEnd[0]! > machine.cpus) {
    out.push(`NOTE: load average ${machine.loadAverage.join(' ')} before the run, ${loadAtEnd.join(' ')} after: other processes were busy, so requests/s and latencies are noisy (CPU per request much less so)`);
  }
  const counts: Array<[string, number | undefined]> = [
    ['customers', seeded.customers],
    ['contacts', seeded.contacts],
    ['service accounts', seeded.serviceAccounts],
    ['visits', seeded.visits],
    ['contracts', seeded.contracts],
    ['risk entries', seeded.riskEntries],
    ['bills', seeded.bills],
    ['payments', seeded.payments],
  ];
  out.push(
    `data (seed profile ${seedProfile}): ${counts.filter(([, n]) => n !== undefined).map(([what, n]) => `${n!.toLocaleString('en')} ${what}`).join(', ')}, ` +
      `${seeded.orgUnits} org units, ${seeded.users} users`,
  );
  if (w360) out.push(...w360.lines);
  if (worklist) out.push(...worklist.lines);
  if (payments) out.push(...payments.lines);
  for (const a of alerts) out.push(...a.lines);
  if (leaderboard) out.push(...leaderboard.lines);
  if (soak) out.push(...soak.lines);
  if (w1) out.push(...w1.lines);
  if (startup) {
    out.push('');
    out.push(`W7 start-up: \`tsx src/main.ts\` (pnpm start without the console build) on a fresh data folder, ${startup.seedCustomers.toLocaleString('en')} demo customers`);
    out.push(
      table(
        ['since spawn', 'time'],
        [
          ...startup.phases.map((p) => [p.phase, seconds(p.atMs)]),
          ['/readyz answered 200', seconds(startup.readyMs)],
          [`GET / answered (HTTP ${startup.firstPageStatus})`, seconds(startup.firstPageMs)],
          ['stop (SIGTERM → exit)', seconds(startup.stopMs)],
        ],
      ),
    );
    if (startup.startedLine) out.push(`  the server said: ${startup.startedLine}`);
  }
  const t = db.timings;
  out.push('');
  out.push('W7-lite: the bench database and in-process starts');
  out.push(
    table(
      ['step', 'time'],
      [
        ['initdb + start PostgreSQL', seconds(t.initdbAndStartMs)],
        ['create database', seconds(t.createDatabaseMs)],
        ['migrate (ORM init + migrations)', seconds(t.migrateMs)],
        ['fresh database total', seconds(t.initdbAndStartMs + t.createDatabaseMs + t.migrateMs)],
        [`seed ${seeded.customers.toLocaleString('en')} customers, profile ${seedProfile} (one transaction)`, seconds(t.seedMs)],
        ['vacuum analyze (bench only)', seconds(t.analyzeMs)],
        ['import server modules (tsx)', seconds(importMs)],
        ['startGridline → first /readyz 200 (first start)', seconds(first.readyMs)],
        ['startGridline → first /readyz 200 (restart, same process)', seconds(again.readyMs)],
      ],
    ),
  );
  out.push('');
  out.push(`Time per phase: ${Object.entries(phaseTimes).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}`);
  out.push('');
  out.push(`Summary (ratio = Gridline ÷ baseline; W6: last window ÷ first; load average ${machine.loadAverage[0]} → ${loadAtEnd[0]} on ${machine.cpus} cores)`);
  out.push(summaryTable(summary));
  for (const f of failures) out.push(`FAILED: ${f.workload}: ${f.error}`);

  const result = {
    startedAt: runStarted.toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadAtEnd },
    params: { ...args, seedProfile, rounds: ROUNDS, pageSize: PAGE_SIZE, requestTimeoutMs: REQUEST_TIMEOUT_MS, defaults: DEFAULT_ARGS },
    data: seeded,
    phaseSeconds: phaseTimes,
    summary: summary.map((r) => ({ ...r, ratio: ratio(r.gridline, r.baseline) })),
    failures,
    w1: w360?.json ?? null,
    w2: worklist?.json ?? null,
    w3: payments?.json ?? null,
    w4: alerts.map((a) => a.json),
    w5: leaderboard?.figures ?? null,
    w6: soak?.figures ?? null,
    w7: startup,
    customerList: w1?.json ?? null,
    w7lite: {
      freshDatabase: { ...t, totalMs: t.initdbAndStartMs + t.createDatabaseMs + t.migrateMs },
      importServerModulesMs: importMs,
      firstStart: { listeningMs: first.listeningMs, readyMs: first.readyMs },
      restartSameProcess: { listeningMs: again.listeningMs, readyMs: again.readyMs },
    },
  };
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  await fs.writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  out.push('');
  out.push(`results: ${path.relative(process.cwd(), file)}`);
  console.log(out.join('\n'));
  if (failures.length) throw new Error(`${failures.length} workload(s) failed: ${failures.map((f) => f.workload).join(', ')}`);
}

// ------------------------------------------------------------------ entry

let args: BenchArgs;
let runLimitExplicit = false;
try {
  ({ runLimitExplicit, ...args } = parseArgs(process.argv.slice(2)));
} catch (error) {
  if (error instanceof UsageError) {
    if (!error.message) {
      console.log(USAGE);
      process.exit(0);
    }
    console.error(`bench: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  throw error;
}

const teardown = new Teardown();
const started = performance.now();
let exitCode = 0;

function abort(reason: string, code: number): void {
  log(reason);
  partial.aborting = true;
  // What the finished workloads measured is kept, even though the run stops.
  if (partial.file) {
    try {
      writeFileSync(partial.file, `${JSON.stringify({ aborted: reason, phaseSeconds: partial.phaseSeconds, summary: partial.summary }, null, 2)}\n`);
      log(`partial results: ${path.relative(process.cwd(), partial.file)}`);
    } catch {
      // the cleanup matters more
    }
  }
  void teardown.run().finally(() => process.exit(code));
}
process.once('SIGINT', () => abort('interrupted: cleaning up', 130));
process.once('SIGTERM', () => abort('terminated: cleaning up', 143));
const RUN_LIMIT_MS = runLimitMs(args, runLimitExplicit);
const watchdog = setTimeout(() => abort(`still running after ${(RUN_LIMIT_MS / 60_000).toFixed(0)} minutes: giving up`, 1), RUN_LIMIT_MS);
watchdog.unref();

try {
  await main(args, teardown);
} catch (error) {
  console.error('bench: FAILED:', error instanceof Error ? (error.stack ?? error.message) : error);
  // fetch's "fetch failed" says why only in its cause (ECONNRESET, EMFILE …).
  if (error instanceof Error && error.cause) console.error('bench: cause:', error.cause);
  exitCode = 1;
} finally {
  log('cleaning up');
  await teardown.run();
  clearTimeout(watchdog);
  log(`done in ${seconds(performance.now() - started)}`);
}
process.exit(exitCode);
