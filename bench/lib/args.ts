/** Command-line flags of `pnpm bench`. */
import type { SeedProfile } from '../../server/src/db/seed/demo-data.js';

/**
 * The workloads (issue 10). W1–W7 are what `pnpm bench` (= `--workload all`)
 * runs; `customer-list` is the older W1-lite list page, run only on request.
 */
export type Workload = 'customer-360' | 'worklist' | 'payments' | 'alerts' | 'leaderboard' | 'soak' | 'startup' | 'customer-list';
export const ALL_WORKLOADS: readonly Workload[] = ['customer-360', 'worklist', 'payments', 'alerts', 'leaderboard', 'soak', 'startup'];
export const WORKLOADS: readonly Workload[] = [...ALL_WORKLOADS, 'customer-list'];
/** W1…W7 by their issue-10 numbers, accepted as names too. */
const ALIASES: Record<string, Workload> = {
  w1: 'customer-360',
  w2: 'worklist',
  w3: 'payments',
  w4: 'alerts',
  w5: 'leaderboard',
  w6: 'soak',
  w7: 'startup',
};

export interface BenchArgs {
  /** Customers in the seeded demo data. */
  customers: number;
  /** Measured requests per side of W1, W2 (and customer-list). */
  requests: number;
  /** Requests per side before measuring (JIT, pools, PostgreSQL caches). */
  warmup: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Upper bound on the wall time of one measured phase, in seconds. */
  maxPhaseSeconds: number;
  /** Requests in the profiled GraphQL pass (0: no profile). */
  profileRequests: number;
  /** Payments per side of each payments phase. */
  payments: number;
  /** Client counts of the payments phases. */
  paymentClients: number[];
  /** WebSocket subscribers of the alerts workload, one alerts phase per count. */
  subscribers: number[];
  /** Alerts raised in an alerts phase (phases above 1,000 subscribers raise at most a third of them). */
  alerts: number;
  /** Pause between two raised alerts, in milliseconds. */
  alertIntervalMs: number;
  /** W5: writes per second the metered burst aims at. */
  burstRate: number;
  /** W5: how long the burst lasts, in seconds. */
  burstSeconds: number;
  /** W6: how long the soak runs, in seconds. */
  soakSeconds: number;
  /** W6: arrearsAlerts subscribers connected during the soak. */
  soakSubscribers: number;
  /** The whole run gives up (and cleans up) after this many minutes. */
  runLimitMinutes: number;
  /** The workloads, in run order. */
  workloads: Workload[];
  /** Seed profile; null: `large` when the customer-360 view or the worklist runs, else `small`. */
  profile: SeedProfile | null;
}

/** The seed profile a run uses. */
export function seedProfileOf(args: BenchArgs): SeedProfile {
  return args.profile ?? (runs360(args) || runsWorklist(args) ? 'large' : 'small');
}

const runs = (w: Workload) => (args: BenchArgs) => args.workloads.includes(w);
export const runsW1 = runs('customer-list');
export const runs360 = runs('customer-360');
export const runsWorklist = runs('worklist');
export const runsPayments = runs('payments');
export const runsAlerts = runs('alerts');
export const runsLeaderboard = runs('leaderboard');
export const runsSoak = runs('soak');
export const runsStartup = runs('startup');

export const USAGE = `Usage: pnpm bench [--workload all|W[,W…]] [--profile small|large] [--customers N]
                  [--requests N] [--warmup N] [--concurrency N] [--max-phase-seconds S]
                  [--profile-requests N | --no-profile] [--payments N] [--payment-clients 1,4,8]
                  [--subscribers 1000,5000] [--alerts N] [--alert-interval-ms MS]
                  [--burst-rate N] [--burst-seconds S] [--soak-seconds S] [--soak-subscribers N]
                  [--run-limit-minutes M]

  --workload W           all (default): W1–W7 in one run; or a comma list of
                         customer-360 (w1), worklist (w2), payments (w3),
                         alerts (w4), leaderboard (w5), soak (w6), startup (w7),
                         customer-list (the W1-lite list page; not in all)
  --profile P            seed profile: small (~5 visits per customer) or large
                         (~100 per customer, 2 M for 20 k); default large when
                         customer-360 or worklist runs, else small
  --customers N          demo customers to seed (default 20000)
  --requests N           measured requests per side of W1/W2 (default 1000)
  --warmup N             unmeasured requests per side first (default 100)
  --concurrency N        requests in flight at once (default 8)
  --max-phase-seconds S  stop a measured phase after S seconds (default 40)
  --profile-requests N   requests in the CPU-profiled GraphQL passes (default 150)
  --no-profile           skip the CPU profiles
  --payments N           payments per side of each payments phase (default 300)
  --payment-clients L    client counts of the payments phases (default 1,4,8)
  --subscribers L        arrearsAlerts subscribers, one alerts phase per count
                         (default 1000,5000)
  --alerts N             alerts raised per alerts phase, one at a time (default
                         30; at most a third of them above 1,000 subscribers)
  --alert-interval-ms MS pause between two raised alerts (default 1000)
  --burst-rate N         W5: writes per second the metered burst aims at (default 1000)
  --burst-seconds S      W5: length of the burst (default 10)
  --soak-seconds S       W6: length of the soak (default 600)
  --soak-subscribers N   W6: arrearsAlerts subscribers during the soak (default 200)
  --run-limit-minutes M  give up (and clean up) after M minutes (default 45,
                         plus the soak beyond its default 600 s)`;

export const DEFAULT_ARGS: BenchArgs = {
  customers: 20_000,
  requests: 1_000,
  warmup: 100,
  concurrency: 8,
  maxPhaseSeconds: 40,
  profileRequests: 150,
  payments: 300,
  paymentClients: [1, 4, 8],
  subscribers: [1_000, 5_000],
  alerts: 30,
  alertIntervalMs: 1_000,
  burstRate: 1_000,
  burstSeconds: 10,
  soakSeconds: 600,
  soakSubscribers: 200,
  runLimitMinutes: 45,
  workloads: [...ALL_WORKLOADS],
  profile: null,
};

type NumericArg = 'customers' | 'requests' | 'warmup' | 'concurrency' | 'maxPhaseSeconds' | 'profileRequests' | 'payments' | 'alerts' | 'alertIntervalMs' | 'burstRate' | 'burstSeconds' | 'soakSeconds' | 'soakSubscribers' | 'runLimitMinutes';
type ListArg = 'paymentClients' | 'subscribers';

const LIMITS: Record<NumericArg | ListArg, [number, number]> = {
  customers: [1, 1_000_000],
  requests: [1, 1_000_000],
  warmup: [0, 1_000_000],
  concurrency: [1, 256],
  maxPhaseSeconds: [1, 3_600],
  profileRequests: [0, 100_000],
  payments: [1, 100_000],
  paymentClients: [1, 64],
  subscribers: [1, 10_000],
  alerts: [1, 10_000],
  alertIntervalMs: [0, 60_000],
  burstRate: [1, 100_000],
  burstSeconds: [1, 600],
  soakSeconds: [10, 86_400],
  soakSubscribers: [0, 10_000],
  runLimitMinutes: [1, 24 * 60],
};

const FLAGS: Record<string, NumericArg | ListArg> = {
  '--customers': 'customers',
  '--requests': 'requests',
  '--warmup': 'warmup',
  '--concurrency': 'concurrency',
  '--max-phase-seconds': 'maxPhaseSeconds',
  '--profile-requests': 'profileRequests',
  '--payments': 'payments',
  '--payment-clients': 'paymentClients',
  '--subscribers': 'subscribers',
  '--alerts': 'alerts',
  '--alert-interval-ms': 'alertIntervalMs',
  '--burst-rate': 'burstRate',
  '--burst-seconds': 'burstSeconds',
  '--soak-seconds': 'soakSeconds',
  '--soak-subscribers': 'soakSubscribers',
  '--run-limit-minutes': 'runLimitMinutes',
};
const LIST_ARGS: ReadonlySet<string> = new Set<ListArg>(['paymentClients', 'subscribers']);

/** The run limit in milliseconds: the flag, plus a soak longer than its default. */
export function runLimitMs(args: BenchArgs, explicit: boolean): number {
  const extraSoak = explicit ? 0 : Math.max(0, args.soakSeconds - DEFAULT_ARGS.soakSeconds) * 1000;
  return args.runLimitMinutes * 60_000 + extraSoak;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchArgs & { runLimitExplicit: boolean } {
  const args: BenchArgs = { ...DEFAULT_ARGS, workloads: [...DEFAULT_ARGS.workloads] };
  let runLimitExplicit = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue; // pnpm passes it through before script flags
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (arg === '--no-profile') {
      args.profileRequests = 0;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    if (flag === '--workload' || flag === '--profile') {
      const raw = inline ?? argv[++i];
      if (flag === '--workload') {
        const names = (raw ?? '').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
        const picked: Workload[] = [];
        for (const name of names) {
          const list = name === 'all' ? ALL_WORKLOADS : [ALIASES[name] ?? (name as Workload)];
          for (const w of list) {
            if (!WORKLOADS.includes(w)) throw new UsageError(`--workload needs all or a comma list of ${WORKLOADS.join(', ')} (or w1–w7), got ${name}`);
            if (!picked.includes(w)) picked.push(w);
          }
        }
        if (!picked.length) throw new UsageError('--workload needs a value');
        // Run order: as in WORKLOADS (W1 … W7, then the list page).
        args.workloads = WORKLOADS.filter((w) => picked.includes(w));
      } else {
        if (raw !== 'small' && raw !== 'large') throw new UsageError(`--profile needs small or large, got ${raw ?? 'nothing'}`);
        args.profile = raw;
      }
      continue;
    }
    const key = FLAGS[flag];
    if (!key) throw new UsageError(`unknown flag ${arg}`);
    const raw = inline ?? argv[++i];
    const [min, max] = LIMITS[key];
    const parse = (text: string | undefined) => {
      const value = Number(text?.trim().replace(/_/g, ''));
      if (text === undefined || text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
        throw new UsageError(`${flag} needs ${LIST_ARGS.has(key) ? 'a comma list of integers' : 'an integer'} from ${min} to ${max}, got ${raw ?? 'nothing'}`);
      }
      return value;
    };
    if (LIST_ARGS.has(key)) args[key as ListArg] = (raw ?? '').split(',').map(parse);
    else args[key as NumericArg] = parse(raw);
    if (key === 'runLimitMinutes') runLimitExplicit = true;
  }
  return { ...args, runLimitExplicit };
}
