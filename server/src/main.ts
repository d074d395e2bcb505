/**
 * `pnpm start`: the database (embedded unless DATABASE_URL is set), demo data
 * on first start, the server, and a clean stop on SIGINT/SIGTERM.
 */
import pg from 'pg';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { isDatabaseEmpty, seedDemoData } from './db/seed/demo-data.js';
import { createLogger } from './http/logger.js';
import { startGridline } from './app.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const started = performance.now();

const database = await openDatabase({ log: (line) => logger.debug({ module: 'postgres' }, line) });
logger.info({ embedded: database.embedded }, database.embedded ? 'embedded PostgreSQL started' : 'using DATABASE_URL');

try {
  await seedIfEmpty(database.url);
} catch (error) {
  logger.error({ err: error }, 'seeding demo data failed');
  await database.stop();
  process.exit(1);
}

const app = await startGridline(database.url, config, logger);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nGridline is running (started in ${seconds} s)\n  console:  ${app.url}/\n  GraphQL:  ${app.url}/graphql  (WebSocket: ${app.url.replace('http', 'ws')}/graphql)\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), config.shutdownGraceMs + 5_000);
  force.unref();
  try {
    await app.close();
    logger.info('server closed');
    await database.stop();
    logger.info('database stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'unclean shutdown');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

async function seedIfEmpty(url: string): Promise<void> {
  if (config.seedCustomers === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (!(await isDatabaseEmpty(client))) return;
    logger.info({ customers: config.seedCustomers }, 'empty database: loading demo data');
    await client.query('begin');
    const summary = await seedDemoData(client, { customers: config.seedCustomers });
    await client.query('commit');
    logger.info(summary, 'demo data loaded');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
