/** Command-line flags of `pnpm bench`. */
import type { SeedProfile } from '../../server/src/db/seed/demo-data.js';

/** Which workloads a run measures (W7 start-up always). */
export type Workload = 'w1' | 'customer-360' | 'payments' | 'alerts' | 'leaderboard' | 'all';
export const WORKLOADS: readonly Workload[] = ['w1', 'customer-360', 'payments', 'alerts', 'leaderboard', 'all'];

export interface BenchArgs {
  /** Customers in the seeded demo data. */
  customers: number;
  /** Measured requests per side of W1. */
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
  /** WebSocket subscribers of the alerts workload. */
  subscribers: number;
  /** Alerts raised in the alerts workload. */
  alerts: number;
  /** Pause between two raised alerts, in milliseconds. */
  alertIntervalMs: number;
  /** W1 (the customer list), the customer-360 view, payments, alerts, or all of them. */
  workload: Workload;
  /** Seed profile; null: `large` when the customer-360 view runs, else `small`. */
  profile: SeedProfile | null;
}

/** The seed profile a run uses. */
export function seedProfileOf(args: BenchArgs): SeedProfile {
  return args.profile ?? (runs360(args) ? 'large' : 'small');
}

export const runsW1 = (args: BenchArgs) => args.workload === 'w1' || args.workload === 'all';
export const runs360 = (args: BenchArgs) => args.workload === 'customer-360' || args.workload === 'all';
export const runsPayments = (args: BenchArgs) => args.workload === 'payments' || args.workload === 'all';
export const runsAlerts = (args: BenchArgs) => args.workload === 'alerts' || args.workload === 'all';
export const runsLeaderboard = (args: BenchArgs) => args.workload === 'leaderboard' || args.workload === 'all';

export const USAGE = `Usage: pnpm bench [--workload w1|customer-360|payments|alerts|leaderboard|all] [--profile small|large]
                  [--customers N] [--requests N] [--warmup N] [--concurrency N]
                  [--max-phase-seconds S] [--profile-requests N | --no-profile]
                  [--payments N] [--subscribers N] [--alerts N] [--alert-interval-ms MS]

  --workload W           w1: the customer list page (default); customer-360: one
                         customer's whole view with its timeline; payments:
                         recordPayment at 1 and 8 clients; alerts: arrearsAlerts
                         subscribers and raised alerts; leaderboard: board
                         reads and a 1,000-write burst to a live board; all:
                         every one
  --profile P            seed profile: small (~5 visits per customer) or large
                         (~100 per customer, 2 M for 20 k); default large when
                         customer-360 runs, else small
  --customers N          demo customers to seed (default 20000)
  --requests N           measured requests per side of each workload (default 2000)
  --warmup N             unmeasured requests per side first (default 200)
  --concurrency N        requests in flight at once (default 8)
  --max-phase-seconds S  stop a measured phase after S seconds (default 60)
  --profile-requests N   requests in the CPU-profiled GraphQL pass (default 200)
  --no-profile           skip the CPU profile
  --payments N           payments per side of each payments phase (default 400)
  --subscribers N        arrearsAlerts subscribers (default 1000)
  --alerts N             alerts raised, one at a time (default 50)
  --alert-interval-ms MS pause between two raised alerts (default 1000)`;

export const DEFAULT_ARGS: BenchArgs = {
  customers: 20_000,
  requests: 2_000,
  warmup: 200,
  concurrency: 8,
  maxPhaseSeconds: 60,
  profileRequests: 200,
  payments: 400,
  subscribers: 1_000,
  alerts: 50,
  alertIntervalMs: 1_000,
  workload: 'w1',
  profile: null,
};

type NumericArg = Exclude<keyof BenchArgs, 'workload' | 'profile'>;

const LIMITS: Record<NumericArg, [number, number]> = {
  customers: [1, 1_000_000],
  requests: [1, 1_000_000],
  warmup: [0, 1_000_000],
  concurrency: [1, 256],
  maxPhaseSeconds: [1, 3_600],
  profileRequests: [0, 100_000],
  payments: [1, 100_000],
  subscribers: [1, 10_000],
  alerts: [1, 10_000],
  alertIntervalMs: [0, 60_000],
};

const FLAGS: Record<string, NumericArg> = {
  '--customers': 'customers',
  '--requests': 'requests',
  '--warmup': 'warmup',
  '--concurrency': 'concurrency',
  '--max-phase-seconds': 'maxPhaseSeconds',
  '--profile-requests': 'profileRequests',
  '--payments': 'payments',
  '--subscribers': 'subscribers',
  '--alerts': 'alerts',
  '--alert-interval-ms': 'alertIntervalMs',
};

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args = { ...DEFAULT_ARGS };
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
        if (!WORKLOADS.includes(raw as Workload)) throw new UsageError(`--workload needs one of ${WORKLOADS.join(', ')}, got ${raw ?? 'nothing'}`);
        args.workload = raw as Workload;
      } else {
        if (raw !== 'small' && raw !== 'large') throw new UsageError(`--profile needs small or large, got ${raw ?? 'nothing'}`);
        args.profile = raw;
      }
      continue;
    }
    const key = FLAGS[flag];
    if (!key) throw new UsageError(`unknown flag ${arg}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw?.replace(/_/g, ''));
    const [min, max] = LIMITS[key];
    if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`${flag} needs an integer from ${min} to ${max}, got ${raw ?? 'nothing'}`);
    }
    args[key] = value;
  }
  return args;
}
