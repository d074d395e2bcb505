/**
 * The HTTP load generator, run in a child process so that its CPU time is
 * not counted as the server's: a closed loop of `concurrency` keep-alive
 * connections posting the given bodies in turn, bounded by a request count
 * and a deadline. Each answer must be HTTP 200 with a JSON body that has no
 * `errors`; its latency and `x-sql-statements` header are recorded.
 *
 * Protocol (IPC): the parent sends a LoadJob, the child answers a LoadResult;
 * `{ type: 'exit' }` ends the child.
 */
import http from 'node:http';

export interface LoadJob {
  type: 'run';
  url: string;
  /** Sent with every request (e.g. authorization). */
  headers: Record<string, string>;
  /** Request bodies, used round-robin (request i sends bodies[i % n]). */
  bodies: string[];
  requests: number;
  concurrency: number;
  deadlineMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export interface LoadResult {
  type: 'result';
  completed: number;
  failed: number;
  /** First few failures, for the error message. */
  failures: string[];
  /** Stopped by the deadline before `requests` were sent. */
  truncated: boolean;
  wallMs: number;
  latenciesMs: number[];
  /** x-sql-statements value → how many answers had it. */
  statements: Record<string, number>;
  /** This child's CPU time during the run, microseconds. */
  cpuUs: number;
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string; statements: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            statements: String(res.headers['x-sql-statements'] ?? 'none'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  const statements: Record<string, number> = {};
  const failures: string[] = [];
  let failed = 0;
  let next = 0;
  let truncated = false;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + job.deadlineMs;

  async function connection(): Promise<void> {
    while (next < job.requests) {
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      const body = job.bodies[next % job.bodies.length]!;
      next++;
      const t0 = performance.now();
      try {
        const res = await post(agent, url, job.headers, body, job.timeoutMs);
        const ms = performance.now() - t0;
        // A GraphQL error still comes with HTTP 200: look for it in the body.
        if (res.status !== 200 || !res.text.startsWith('{"data":') || res.text.includes('"errors":')) {
          throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
        }
        latencies.push(ms);
        statements[res.statements] = (statements[res.statements] ?? 0) + 1;
      } catch (error) {
        failed++;
        if (failures.length < 5) failures.push(String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: job.concurrency }, connection));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    type: 'result',
    completed: latencies.length,
    failed,
    failures,
    truncated,
    wallMs,
    latenciesMs: latencies,
    statements,
    cpuUs: cpu.user + cpu.system,
  };
}

process.on('message', (message: LoadJob | { type: 'exit' }) => {
  if (message.type === 'exit') {
    process.disconnect();
    return;
  }
  run(message).then(
    (result) => process.send!(result),
    (error: unknown) => process.send!({ type: 'error', message: String(error) }),
  );
});
// The parent gone (crashed or killed): nothing left to do.
process.on('disconnect', () => process.exit(0));
