/**
 * The subscribers of the alerts workload, in a child process so that their
 * CPU and heap are not counted as the server's: `count` WebSocket
 * connections speaking graphql-ws (graphql-transport-ws) by hand, each with
 * one subscription, recording for every `next` the wall-clock time it
 * arrived (performance.timeOrigin + performance.now(): the same clock as the
 * parent's on one machine, sub-millisecond).
 *
 * Protocol (IPC): the parent sends `open`, `collect`, `close`, `exit`; the
 * child answers each with a message of the same name (or `error`).
 * Uses the `ws` package the server depends on (resolved from the server's
 * package, so the bench adds no dependency).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Socket {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type WebSocketCtor = new (url: string, protocols: string) => Socket;

const requireFromServer = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)));
const WebSocket = requireFromServer('ws') as WebSocketCtor;

export interface OpenJob {
  type: 'open';
  url: string;
  connectionParams: Record<string, unknown>;
  query: string;
  count: number;
  /** Connections being opened at once. */
  parallel: number;
  timeoutMs: number;
}

export interface Receipt {
  /** The push's seq (commit order). */
  seq: string;
  /** Global ID of the alert. */
  alertId: string;
  createdAt: string;
  /** Wall-clock ms (fractional) when it arrived. */
  receivedAt: number;
}

/** What the parent asks for after a phase: receipts grouped by seq, and per-subscriber anomalies. */
export interface Collected {
  type: 'collect';
  /** seq → alertId, createdAt and every subscriber's arrival time. */
  bySeq: Record<string, { alertId: string; createdAt: string; receivedAt: number[] }>;
  /** Pushes a subscriber got more than once. */
  duplicates: number;
  /** Subscribers closed or errored since they were opened. */
  closed: number;
  errors: string[];
  cpuUs: number;
}

const sockets: Socket[] = [];
/** Per subscriber, the seqs it has received (duplicates). */
const seen: Array<Set<string>> = [];
let receipts: Receipt[] = [];
let duplicates = 0;
let closed = 0;
const errors: string[] = [];
let cpuMark = process.cpuUsage();
let closing = false;

function note(error: string): void {
  if (errors.length < 10) errors.push(error);
}

function openOne(job: OpenJob, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(job.url, 'graphql-transport-ws');
    const received = new Set<string>();
    let acked = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`subscriber ${index}: no connection_ack within ${job.timeoutMs} ms`));
    }, job.timeoutMs);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: job.connectionParams })));
    socket.on('message', (data) => {
      const receivedAt = performance.timeOrigin + performance.now();
      const message = JSON.parse(data.toString('utf8')) as { type: string; id?: string; payload?: { data?: { arrearsAlerts?: { seq: string; alert: { id: string; createdAt: string } } }; errors?: unknown } };
      switch (message.type) {
        case 'connection_ack':
          acked = true;
          clearTimeout(timer);
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: job.query } }));
          sockets.push(socket);
          seen.push(received);
          resolve();
          return;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          return;
        case 'next': {
          const push = message.payload?.data?.arrearsAlerts;
          if (!push || message.payload?.errors) {
            note(`subscriber ${index}: ${JSON.stringify(message.payload).slice(0, 300)}`);
            return;
          }
          if (received.has(push.seq)) duplicates++;
          else received.add(push.seq);
          receipts.push({ seq: push.seq, alertId: push.alert.id, createdAt: push.alert.createdAt, receivedAt });
          return;
        }
        case 'error':
        case 'complete':
          note(`subscriber ${index}: ${message.type} ${JSON.stringify(message.payload ?? null).slice(0, 300)}`);
          return;
        default:
          return;
      }
    });
    socket.on('error', (error) => {
      if (!acked) {
        clearTimeout(timer);
        reject(error);
      } else note(`subscriber ${index}: ${error.message}`);
    });
    socket.on('close', () => {
      if (!closing && acked) closed++;
      if (!acked) {
        clearTimeout(timer);
        reject(new Error(`subscriber ${index}: closed before connection_ack`));
      }
    });
  });
}

async function open(job: OpenJob): Promise<{ type: 'open'; opened: number; ms: number }> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < job.count) {
      const i = next++;
      await openOne(job, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.parallel, job.count) }, worker));
  cpuMark = process.cpuUsage();
  return { type: 'open', opened: sockets.length, ms: performance.now() - started };
}

function collect(): Collected {
  const bySeq: Collected['bySeq'] = {};
  for (const r of receipts) {
    const entry = (bySeq[r.seq] ??= { alertId: r.alertId, createdAt: r.createdAt, receivedAt: [] });
    entry.receivedAt.push(r.receivedAt);
  }
  receipts = [];
  const cpu = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  const result: Collected = { type: 'collect', bySeq, duplicates, closed, errors: [...errors], cpuUs: cpu.user + cpu.system };
  duplicates = 0;
  return result;
}

async function closeAll(): Promise<{ type: 'close'; closed: number }> {
  closing = true;
  const n = sockets.length;
  for (const s of sockets.splice(0)) {
    try {
      s.close(1000);
    } catch {
      s.terminate();
    }
  }
  seen.length = 0;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { type: 'close', closed: n };
}

process.on('message', (message: OpenJob | { type: 'collect' | 'count' | 'close' | 'exit' }) => {
  const reply = (work: () => unknown) =>
    Promise.resolve()
      .then(work)
      .then(
        (result) => process.send!(result),
        (error: unknown) => process.send!({ type: 'error', message: String(error) }),
      );
  if (message.type === 'open') void reply(() => open(message));
  else if (message.type === 'collect') void reply(collect);
  // Cheap: how many pushes arrived since the last collect (no receipts sent).
  else if (message.type === 'count') void reply(() => ({ type: 'count', receipts: receipts.length, closed }));
  else if (message.type === 'close') void reply(closeAll);
  else {
    for (const s of sockets) s.terminate();
    process.disconnect();
  }
});
// The parent gone (crashed or killed): nothing left to do.
process.on('disconnect', () => process.exit(0));
