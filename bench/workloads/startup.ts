/**
 * W7 "start-up" (issue 10): a fresh data folder → the first served page, on
 * the real start path. The bench spawns what `pnpm start` runs after building
 * the console — `tsx server/src/main.ts` (embedded initdb + start, migrate,
 * demo seed on the empty database, listen) — in a process of its own with a
 * new GRIDLINE_DATA_DIR, and polls `GET /readyz` and `GET /` until they answer.
 * The server's pino log lines (JSON on stdout, with their `time`) give the
 * phases. The child is stopped with SIGTERM (SIGKILL after 15 s) and its
 * folder removed, also when something fails.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Teardown } from '../lib/database.js';

const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));

export interface StartupFigures {
  /** Spawn → `/readyz` answered 200. */
  readyMs: number;
  /** Spawn → `GET /` answered (any status below 500: the console may not be built). */
  firstPageMs: number;
  firstPageStatus: number;
  /** Log line → ms after spawn, for the lines that mark a phase. */
  phases: Array<{ phase: string; atMs: number }>;
  /** The console line "Gridline is running (started in …)". */
  startedLine: string | null;
  seedCustomers: number;
  /** SIGTERM → exit. */
  stopMs: number;
  exitCode: number | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** pino messages that begin a phase of the start, in the order main.ts logs them. */
const PHASE_MESSAGES: Array<[RegExp, string]> = [
  [/embedded PostgreSQL started|using DATABASE_URL/, 'PostgreSQL up, database migrated'],
  [/empty database: loading demo data/, 'seed started'],
  [/demo data loaded/, 'seed committed'],
];

export async function runStartup(teardown: Teardown, log: (line: string) => void, seedCustomers: number, timeoutMs = 180_000): Promise<StartupFigures> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gridline-bench-w7-'));
  await fs.chmod(root, 0o755);
  let removed = false;
  const remove = async () => {
    if (removed) return;
    removed = true;
    await fs.rm(root, { recursive: true, force: true });
  };
  teardown.add('remove W7 data folder', remove);
  process.once('exit', () => {
    if (!removed) rmSync(root, { recursive: true, force: true });
  });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRIDLINE_DATA_DIR: path.join(root, 'pg'),
    GRIDLINE_SEED_CUSTOMERS: String(seedCustomers),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // Never the daily scan in the middle of a measurement.
    GRIDLINE_DAILY_SCAN_AT: 'off',
  };
  delete env.DATABASE_URL;
  log(`W7: start the server on a fresh data folder (tsx src/main.ts, ${seedCustomers.toLocaleString('en')} demo customers)`);
  const t0 = performance.now();
  const wall0 = Date.now();
  // `tsx src/main.ts` as `pnpm --filter @gridline/server start` runs it, without pnpm's own start-up.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  teardown.add('stop W7 server', stop);

  const phases: Array<{ phase: string; atMs: number }> = [];
  let startedLine: string | null = null;
  let tail = '';
  const errors: string[] = [];
  const onLine = (line: string) => {
    const text = line.trim();
    if (!text) return;
    if (text.startsWith('{')) {
      try {
        const entry = JSON.parse(text) as { msg?: string; time?: number; level?: number };
        for (const [pattern, phase] of PHASE_MESSAGES) {
          if (entry.msg && pattern.test(entry.msg) && !phases.some((p) => p.phase === phase)) phases.push({ phase, atMs: (entry.time ?? Date.now()) - wall0 });
        }
        if ((entry.level ?? 0) >= 50 && errors.length < 5) errors.push(text.slice(0, 300));
        return;
      } catch {
        // not pino's
      }
    }
    if (/Gridline is running/.test(text)) {
      startedLine = text;
      phases.push({ phase: 'listening ("Gridline is running" printed)', atMs: performance.now() - t0 });
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (tail + chunk).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  }

  const url = `http://127.0.0.1:${port}`;
  const deadline = t0 + timeoutMs;
  let readyMs = NaN;
  let firstPageMs = NaN;
  let firstPageStatus = 0;
  let stopMs = NaN;
  try {
    while (Number.isNaN(readyMs)) {
      if (exited !== undefined) throw new Error(`the server exited (code ${exited}) before /readyz answered${errors.length ? `: ${errors.join('\n')}` : ''}`);
      if (performance.now() > deadline) throw new Error(`/readyz did not answer within ${timeoutMs / 1000} s`);
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) readyMs = performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (Number.isNaN(readyMs)) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    firstPageMs = performance.now() - t0;
    firstPageStatus = res.status;
    if (res.status >= 500) throw new Error(`GET / answered ${res.status}`);
  } finally {
    const s0 = performance.now();
    await stop();
    stopMs = performance.now() - s0;
    await remove();
  }
  phases.sort((a, b) => a.atMs - b.atMs);
  return { readyMs, firstPageMs, firstPageStatus, phases, startedLine, seedCustomers, stopMs, exitCode: exited ?? null };
}
