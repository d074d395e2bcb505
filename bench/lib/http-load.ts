/** Parent side of the load generator: one child process for the whole run. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './http-load-worker.js';

export interface LoadGenerator {
  run(job: Omit<LoadJob, 'type'>): Promise<LoadResult>;
  close(): Promise<void>;
}

/**
 * Forks the worker. It inherits this process's `execArgv`, which under `tsx`
 * carries tsx's loader, so the worker's TypeScript runs as it is.
 */
export function startLoadGenerator(): LoadGenerator {
  const worker = fileURLToPath(new URL('./http-load-worker.ts', import.meta.url));
  const child: ChildProcess = fork(worker, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // Sending to a child that has just died (Ctrl-C reaches the whole process
  // group) is an 'error' event; the exit and a failed run say enough.
  child.on('error', () => undefined);

  return {
    run(job) {
      return new Promise<LoadResult>((resolve, reject) => {
        if (exited || !child.connected) return reject(new Error('the load generator has exited'));
        // Twice the deadline plus the request timeout: the child stops itself well before.
        const timer = setTimeout(() => finish(new Error('the load generator did not answer in time')), job.deadlineMs * 2 + job.timeoutMs);
        const onMessage = (message: LoadResult | { type: 'error'; message: string }) =>
          finish(message.type === 'result' ? null : new Error(`load generator: ${message.message}`), message as LoadResult);
        const onExit = () => finish(new Error('the load generator exited during a run'));
        function finish(error: Error | null, result?: LoadResult) {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(result!);
        }
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send({ type: 'run', ...job } satisfies LoadJob);
      });
    },
    async close() {
      if (exited) return;
      if (child.connected) child.send({ type: 'exit' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
