/**
 * Where the data lives: DATABASE_URL when set (never starts a server), or
 * the embedded PostgreSQL in a local git-ignored folder. The database is
 * migrated on open unless asked not to.
 */
import pg from 'pg';
import { loadConfig } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';
import { initOrm, migrate } from './orm.js';

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'gridline';

export async function openDatabase(opts: { migrate?: boolean; log?: (line: string) => void } = {}): Promise<Database> {
  const config = loadConfig();
  let database: Database;
  if (config.databaseUrl) {
    database = { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  } else {
    const server = await startEmbeddedPostgres(config.embeddedDataDir, { log: opts.log });
    try {
      await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
    } catch (error) {
      await server.stop();
      throw error;
    }
    database = { url: server.urlFor(EMBEDDED_DATABASE), embedded: true, stop: () => server.stop() };
  }
  if (opts.migrate !== false) {
    const orm = await initOrm(database.url);
    try {
      await migrate(orm);
    } finally {
      await orm.close();
    }
  }
  return database;
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      const ident = pg.escapeIdentifier(name);
      await client.query(template ? `create database ${ident} template ${pg.escapeIdentifier(template)}` : `create database ${ident}`);
    }
  } finally {
    await client.end();
  }
}
