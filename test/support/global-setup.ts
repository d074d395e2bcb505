/**
 * Once per test run: an embedded PostgreSQL in a temporary folder, and a
 * template database migrated and seeded with a small deterministic demo
 * data set. Each test file clones the template (CREATE DATABASE … TEMPLATE).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../server/src/db/embedded.js';
import { ensureDatabase } from '../../server/src/db/database.js';
import { initOrm, migrate } from '../../server/src/db/orm.js';
import { seedDemoData } from '../../server/src/db/seed/demo-data.js';
import { TEMPLATE_DATABASE, TEMPLATE_CUSTOMERS } from './constants.js';

let server: EmbeddedServer | undefined;
let dataRoot: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'gridline-test-'));
  await fs.chmod(dataRoot, 0o755);
  server = await startEmbeddedPostgres(path.join(dataRoot, 'pg'), { persistent: false });
  await ensureDatabase(server.adminUrl, TEMPLATE_DATABASE);
  const orm = await initOrm(server.urlFor(TEMPLATE_DATABASE));
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  const client = new pg.Client({ connectionString: server.urlFor(TEMPLATE_DATABASE) });
  await client.connect();
  try {
    await client.query('begin');
    await seedDemoData(client, { customers: TEMPLATE_CUSTOMERS });
    await client.query('commit');
  } finally {
    await client.end();
  }
  project.provide('pgAdminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataRoot) await fs.rm(dataRoot, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
