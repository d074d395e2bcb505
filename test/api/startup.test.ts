import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, cloneTemplate } from '../support/harness.js';
import { TEMPLATE_CUSTOMERS } from '../support/constants.js';

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
const running = new Set<ChildProcess>();

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Runs `pnpm start`'s entry point the way a user would, and waits for its URL. */
async function startMain(env: Record<string, string | undefined>): Promise<Started> {
  // As server/package.json's start script: node itself, no tsx CLI in between (its
  // signal relay gives up after 30 ms on a busy machine and exits 143).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: undefined, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    running.delete(child);
    resolve(code);
  }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${output}`)), 90_000);
    const check = () => {
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exit.then((code) => reject(new Error(`exited with ${code} before serving:\n${output}`)));
  });
  return { child, url, output: () => output, exit };
}

async function customerCount(url: string): Promise<number> {
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const login = (await (await post(`mutation { login(input: { login: "admin", password: "${DEMO_PASSWORD}" }) { accessToken } }`)).json()) as {
    data: { login: { accessToken: string } };
  };
  const res = await post('{ customers(first: 1) { totalCount } }', { authorization: `Bearer ${login.data.login.accessToken}` });
  const body = (await res.json()) as { data: { customers: { totalCount: number } } };
  return body.data.customers.totalCount;
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exit;
}

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

describe('start-up', () => {
  it('uses DATABASE_URL when set, migrates an empty database, seeds it once, and starts no PostgreSQL of its own', async () => {
    const dataDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gridline-unused-')), 'pg');
    const template = await cloneTemplate();
    // An empty database on the same server: created from template0, not the seeded template.
    const admin = new pg.Client({ connectionString: template.url });
    await admin.connect();
    const emptyName = `empty_${Date.now()}`;
    await admin.query(`create database ${emptyName} template template0`);
    await admin.end();
    const emptyUrl = template.url.replace(/\/[^/]+$/, `/${emptyName}`);
    try {
      const first = await startMain({ DATABASE_URL: emptyUrl, GRIDLINE_DATA_DIR: dataDir, GRIDLINE_SEED_CUSTOMERS: '25' });
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect(await customerCount(first.url)).toBe(25);
      expect(await stop(first)).toBe(0);

      const second = await startMain({ DATABASE_URL: template.url, GRIDLINE_DATA_DIR: dataDir, GRIDLINE_SEED_CUSTOMERS: '25' });
      expect(await customerCount(second.url)).toBe(TEMPLATE_CUSTOMERS);
      expect(await stop(second)).toBe(0);
      await expect(fs.access(dataDir)).rejects.toThrow();
    } finally {
      const cleanup = new pg.Client({ connectionString: template.url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${emptyName} with (force)`);
      await cleanup.end();
      await template.drop();
    }
  }, 180_000);

  it('without DATABASE_URL starts the embedded PostgreSQL, seeds once, serves the console and stops cleanly on SIGTERM', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gridline-start-'));
    await fs.chmod(root, 0o755);
    const dataDir = path.join(root, 'pg');
    try {
      const first = await startMain({ GRIDLINE_DATA_DIR: dataDir, GRIDLINE_SEED_CUSTOMERS: '40' });
      expect(first.output()).toContain('console:');
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      const page = await fetch(`${first.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/html/);
      expect(await customerCount(first.url)).toBe(40);
      expect(await stop(first)).toBe(0);
      // PostgreSQL was stopped, not killed: its pid file is gone.
      await expect(fs.access(path.join(dataDir, 'postmaster.pid'))).rejects.toThrow();

      const second = await startMain({ GRIDLINE_DATA_DIR: dataDir, GRIDLINE_SEED_CUSTOMERS: '40' });
      expect(await customerCount(second.url)).toBe(40);
      expect(await stop(second)).toBe(0);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  }, 180_000);
});
