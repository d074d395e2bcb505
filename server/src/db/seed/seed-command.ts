/**
 * `pnpm seed`: fills the database with demo data. The logic lives here, away
 * from seed.cli.ts, so that tests can run it against a database of their own.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import type { Database } from '../database.js';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, MAX_CUSTOMERS, seedDemoData } from './demo-data.js';

export const USAGE = `Usage: pnpm seed [--customers N] [--seed N] [--reset]

Seeds the demo company (org tree, staff, customers, contacts) into the database
(DATABASE_URL, or the embedded PostgreSQL), in one transaction.

  --customers N   how many customers, 1..${MAX_CUSTOMERS} (default ${DEFAULT_CUSTOMERS})
  --seed N        PRNG seed: the same seed gives the same data (default ${DEFAULT_SEED})
  --reset         first empty every table the seed fills (and sessions, keys, audit)
  -h, --help      show this help`;

export const RESET_SQL =
  'truncate audit_entry, api_key, refresh_token, domain_event, contact, customer, app_user, org_unit restart identity cascade';

export interface SeedArgs {
  customers: number;
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
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  let customers = DEFAULT_CUSTOMERS;
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
  return { customers, seed, reset: values.reset ?? false, help: values.help ?? false };
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
  let bar: cliProgress.SingleBar | null = null;
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

    if (out.isTTY) {
      bar = new cliProgress.SingleBar(
        {
          stream: out,
          format: 'Seeding |{bar}| {percentage}% | {value}/{total} customers | {duration_formatted}',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(args.customers, 0);
    }
    const seedStarted = performance.now();
    const summary = await seedDemoData(client, {
      customers: args.customers,
      seed: args.seed,
      onProgress: (done) => bar?.update(done),
    });
    await client.query('commit');
    inTransaction = false;
    bar?.stop();
    bar = null;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const allSeconds = (performance.now() - started) / 1000;
    log(
      `Seeded ${summary.orgUnits} org units, ${summary.users} users, ${summary.customers} customers, ` +
        `${summary.contacts} contacts (seed ${args.seed}${args.reset ? ', after reset' : ''}) ` +
        `in ${seedSeconds.toFixed(1)} s (${allSeconds.toFixed(1)} s with database start-up).`,
    );
    return 0;
  } catch (e) {
    bar?.stop();
    if (inTransaction) await client.query('rollback').catch(() => undefined);
    error(`seed failed: ${(e as Error).stack ?? String(e)}`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
}
