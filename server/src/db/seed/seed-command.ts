/**
 * `pnpm seed`: fills the database with demo data. The logic lives here, away
 * from seed.cli.ts, so that tests can run it against a database of their own.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import type { Database } from '../database.js';
import { DEFAULT_SEED, MAX_CUSTOMERS, SEED_PROFILES, seedDemoData, type SeedPhase, type SeedProfile } from './demo-data.js';

export const USAGE = `Usage: pnpm seed [--customers N] [--profile small|large] [--seed N] [--reset]

Seeds the demo company (org tree, staff, customers, contacts, lifecycle
history, service accounts, contracts, risk ledger, visits, bills and payments) into the database
(DATABASE_URL, or the embedded PostgreSQL), in one transaction.

  --customers N   how many customers, 1..${MAX_CUSTOMERS} (default ${SEED_PROFILES.small.defaultCustomers}, ${SEED_PROFILES.large.defaultCustomers} with --profile large)
  --profile P     small: ${SEED_PROFILES.small.description} (default);
                  large: ${SEED_PROFILES.large.description}
  --seed N        PRNG seed: the same seed gives the same data (default ${DEFAULT_SEED})
  --reset         first empty every table the seed fills (and sessions, keys, audit)
  -h, --help      show this help`;

/** Every table the seed fills, and what hangs off them (sessions, keys, audit, events). */
export const RESET_SQL = `truncate audit_entry, campaign_bill, campaign_account, campaign, worklist_item, collection_policy, target, reward, consumption_month, consumption_swing_threshold, meter_reading, meter_calibration, meter, return_visit, rectification_notice, inspection_finding, inspection_inspector, inspection, api_key, refresh_token, domain_event, idempotency_record, instalment, installment_plan, refund, allocation,
  adjustment, payment, bill, visit_participant, visit, contract_event,
  contract_attachment, contract, risk_entry, metric_daily, metric_key_visit, leaderboard_snapshot, responsibility_period, service_account, customer_status_change, contact_revision, contact, customer,
  saved_view, app_user, org_unit restart identity cascade`;

export interface SeedArgs {
  customers: number;
  profile: SeedProfile;
  seed: number;
  reset: boolean;
  help: boolean;
}

/** Parses and validates the command line; throws an Error with a readable message. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  // `pnpm seed -- --customers 5` hands the script a literal '--'.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      customers: { type: 'string' },
      profile: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const profile = (values.profile ?? 'small') as SeedProfile;
  if (!Object.hasOwn(SEED_PROFILES, profile)) throw new Error(`--profile must be small or large, got '${values.profile}'`);
  let customers = SEED_PROFILES[profile].defaultCustomers;
  if (values.customers !== undefined) {
    const text = values.customers.trim().replace(/_/g, '');
    customers = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) {
      throw new Error(`--customers must be an integer from 1 to ${MAX_CUSTOMERS}, got '${values.customers}'`);
    }
  }
  let seed = DEFAULT_SEED;
  if (values.seed !== undefined) {
    const text = values.seed.trim();
    seed = /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
  }
  return { customers, profile, seed, reset: values.reset ?? false, help: values.help ?? false };
}

export interface SeedCommandDeps {
  openDatabase: (opts?: { migrate?: boolean }) => Promise<Database>;
  /** Defaults to process.stdout; the progress bar shows only when it is a TTY. */
  out?: NodeJS.WriteStream;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

/** Runs `pnpm seed` with `argv` (without node and script); resolves to the exit code. */
export async function runSeedCommand(argv: readonly string[], deps: SeedCommandDeps): Promise<number> {
  const out = deps.out ?? process.stdout;
  const log = deps.log ?? ((line: string) => console.log(line));
  const error = deps.error ?? ((line: string) => console.error(line));

  let args: SeedArgs;
  try {
    args = parseSeedArgs(argv);
  } catch (e) {
    error(`seed: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    log(USAGE);
    return 0;
  }

  const started = performance.now();
  const db = await deps.openDatabase({ migrate: true });
  const client = new pg.Client({ connectionString: db.url });
  // A holder: the progress callback swaps bars, which TypeScript's narrowing cannot follow.
  const progressBar: { bar: cliProgress.SingleBar | null } = { bar: null };
  let inTransaction = false;
  try {
    await client.connect();
    await client.query('begin');
    inTransaction = true;
    if (args.reset) {
      await client.query(RESET_SQL);
    } else {
      const { rows } = await client.query<{ customers: string; org_units: string }>(
        'select (select count(*) from customer) as customers, (select count(*) from org_unit) as org_units',
      );
      const customers = Number(rows[0]!.customers);
      const orgUnits = Number(rows[0]!.org_units);
      if (customers > 0 || orgUnits > 0) {
        await client.query('rollback');
        inTransaction = false;
        error(
          `seed: the database is not empty (${customers} customers, ${orgUnits} org units). ` +
            'Run `pnpm seed --reset` to delete all customers, contacts, users, org units and events first.',
        );
        return 1;
      }
    }

    // One bar per phase: customers (with their accounts, contracts, history), then visits.
    let phase: SeedPhase | null = null;
    const progress = (done: number, total: number, next: SeedPhase) => {
      if (!out.isTTY) return;
      if (phase !== next) {
        progressBar.bar?.stop();
        phase = next;
        const bar = new cliProgress.SingleBar(
          {
            stream: out,
            format: `Seeding ${next.padEnd(9)} |{bar}| {percentage}% | {value}/{total} | {duration_formatted}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
        progressBar.bar = bar;
      } else {
        progressBar.bar?.setTotal(total);
        progressBar.bar?.update(done);
      }
    };
    const seedStarted = performance.now();
    const summary = await seedDemoData(client, {
      customers: args.customers,
      seed: args.seed,
      profile: args.profile,
      onProgress: progress,
    });
    await client.query('commit');
    inTransaction = false;
    progressBar.bar?.stop();
    progressBar.bar = null;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const allSeconds = (performance.now() - started) / 1000;
    const n = (value: number) => value.toLocaleString('en');
    log(
      `Seeded ${n(summary.orgUnits)} org units, ${n(summary.users)} users, ${n(summary.customers)} customers, ` +
        `${n(summary.contacts)} contacts, ${n(summary.serviceAccounts)} service accounts, ${n(summary.contracts)} contracts, ` +
        `${n(summary.riskEntries)} risk entries, ${n(summary.visits)} visits, ${n(summary.bills)} bills, ${n(summary.payments)} payments, ` +
        `${n(summary.installmentPlans)} installment plans ` +
        `(profile ${args.profile}, seed ${args.seed}${args.reset ? ', after reset' : ''}) ` +
        `in ${seedSeconds.toFixed(1)} s (${allSeconds.toFixed(1)} s with database start-up).`,
    );
    return 0;
  } catch (e) {
    progressBar.bar?.stop();
    if (inTransaction) await client.query('rollback').catch(() => undefined);
    error(`seed failed: ${(e as Error).stack ?? String(e)}`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
}
