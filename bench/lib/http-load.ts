/** Parent side of the load generator: one child process for the whole run. */
import type { LoadJob, LoadResult } from './http-load-worker.js';
import { forkWorker } from './worker-process.js';

export interface LoadGenerator {
  run(job: Omit<LoadJob, 'type'>): Promise<LoadResult>;
  close(): Promise<void>;
}

/** Forks the worker (bench/lib/worker-process.ts). */
export function startLoadGenerator(): LoadGenerator {
  const worker = forkWorker(new URL('./http-load-worker.ts', import.meta.url), 'load generator');
  return {
    // Twice the deadline plus the request timeout: the child stops itself well before.
    run: (job) => worker.ask<LoadResult>({ type: 'run', ...job } satisfies LoadJob, job.deadlineMs * 2 + job.timeoutMs),
    close: () => worker.close(),
  };
}
