/**
 * The server as a child process (src/main.ts, as `pnpm start` runs it),
 * for tests that kill it (SIGKILL), stop it (SIGTERM) or cut its database
 * away: things a server inside the test process cannot survive or fake. It
 * always runs on an existing database (DATABASE_URL), never an embedded one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../server/src/db/embedded.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/demo-data.js';
import type { GraphQLResponse } from './harness.js';

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
const running = new Set<ChildProcess>();

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM: drains requests and sockets, then exits. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no draining, no goodbye. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerProcessOptions {
  databaseUrl: string;
  /** A fixed port (a restart keeps the URL clients know); a free one when omitted. */
  port?: number;
  env?: Record<string, string | undefined>;
  /** How long start-up may take (loaded 2-core machines are slow to compile TypeScript). */
  startTimeoutMs?: number;
}

/** Starts `src/main.ts` on `databaseUrl` and waits until it prints its URL. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a child of
  // its own, and a SIGKILL (which cannot be relayed) would leave that running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GRIDLINE_SEED_CUSTOMERS: '0',
      GRIDLINE_DAILY_SCAN_AT: 'off',
      GRIDLINE_SHUTDOWN_GRACE_MS: '2000',
      GRIDLINE_USER_REQUESTS_PER_MINUTE: '100000',
      ...options.env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const limit = options.startTimeoutMs ?? 90_000;
    const timer = setTimeout(() => reject(new Error(`server gave no URL within ${limit} ms:\n${output}`)), limit);
    const check = () => {
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before serving:\n${output}`));
    });
  });
  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    exit,
    stop() {
      child.kill('SIGTERM');
      return exit;
    },
    kill() {
      child.kill('SIGKILL');
      return exit;
    },
  };
}

/** SIGKILLs every server process still running (an afterAll safety net for failed tests). */
export function killServerProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** A GraphQL POST; `null` body when the connection failed (server gone). */
export async function post<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`non-JSON answer (${res.status}): ${text.slice(0, 300)}`);
  }
  return { status: res.status, body };
}

/** Signs a demo user in; returns the Authorization header. Tokens are signed with a key kept in the database, so they outlive a restart. */
export async function loginHeader(url: string, login = 'admin', password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const { body } = await post<{ login: { accessToken: string } }>(url, `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
    input: { login, password },
  });
  if (!body.data) throw new Error(`login ${login} failed: ${JSON.stringify(body.errors)}`);
  return { authorization: `Bearer ${body.data.login.accessToken}` };
}

/** Polls `probe` every `everyMs` until it returns true; fails after `withinMs` with `what`. Returns the time it took. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, withinMs: number, everyMs = 100): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The HTTP status of a GET (0 when the connection failed). */
export async function statusOf(url: string, timeoutMs = 5_000): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
