/**
 * A bench worker in a child process of its own (the HTTP load generator, the
 * graphql-ws subscribers), asked one question at a time over IPC. The child
 * inherits this process's `execArgv`, which under `tsx` carries tsx's loader,
 * so its TypeScript runs as it is. It answers each message with one message;
 * `{ type: 'error', message }` is a failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WorkerProcess {
  /** Sends `message` and waits for the answer, at most `timeoutMs`. */
  ask<T>(message: object, timeoutMs: number): Promise<T>;
  /** Asks the child to exit (SIGKILL after 5 s) and waits until it has. */
  close(): Promise<void>;
}

export function forkWorker(url: URL, name: string): WorkerProcess {
  const child: ChildProcess = fork(fileURLToPath(url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // Sending to a child that has just died (Ctrl-C reaches the whole process
  // group) is an 'error' event; the exit and a failed question say enough.
  child.on('error', () => undefined);

  return {
    ask<T>(message: object, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (exited || !child.connected) return reject(new Error(`the ${name} has exited`));
        const timer = setTimeout(() => finish(new Error(`the ${name} did not answer in time`)), timeoutMs);
        const onMessage = (answer: { type: string; message?: string }) =>
          finish(answer.type === 'error' ? new Error(`${name}: ${answer.message}`) : null, answer as T);
        const onExit = () => finish(new Error(`the ${name} exited`));
        function finish(error: Error | null, answer?: T) {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(answer!);
        }
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(message);
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
