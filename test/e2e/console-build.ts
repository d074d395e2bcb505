/**
 * Builds the console (client/) into a temporary folder with the client's own
 * Vite, so the browser tests run the production bundle the server serves —
 * not a dev server, and not whatever stale client/dist happens to be there.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const clientRoot = fileURLToPath(new URL('../../client/', import.meta.url));

export interface BuiltConsole {
  /** The folder to serve at `/` (index.html and assets/). */
  dir: string;
  remove(): Promise<void>;
}

export async function buildConsole(): Promise<BuiltConsole> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridline-console-'));
  // The client's Vite (the test package has none of its own), run as the CLI:
  // a build in this process would share vitest's Vite and its module graph.
  const vitePackage = createRequire(path.join(clientRoot, 'package.json')).resolve('vite/package.json');
  const viteCli = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  try {
    await run(process.execPath, [viteCli, 'build', '--outDir', dir, '--emptyOutDir', '--sourcemap', 'false', '--logLevel', 'warn'], {
      cwd: clientRoot,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`vite build of the console failed:\n${stderr || stdout || (error as Error).message}`);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
