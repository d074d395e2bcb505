/**
 * The browser for the console tests: the system's Chromium driven by
 * playwright-core, which never downloads a browser of its own. Which
 * Chromium: `GRIDLINE_CHROMIUM`, else /usr/bin/chromium, else `chromium` on
 * PATH (Debian's package; `.ci/run` installs it). A missing browser fails the
 * tests with a message saying so: a console test that skips itself would let
 * a broken console through.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless flags for a machine without outside network: nothing may try to
 * reach Google (updates, sync, QUIC probes, field trials), no GPU, no sandbox
 * (CI runs as root), and /tmp instead of a small /dev/shm in containers.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to drive; throws with what to do when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, systemPaths: readonly string[] = ['/usr/bin/chromium']): string {
  const chosen = env.GRIDLINE_CHROMIUM?.trim();
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new Error(`GRIDLINE_CHROMIUM=${chosen} is not an executable file; point it at a Chromium or unset it to use /usr/bin/chromium.`);
  }
  const candidates = [...systemPaths, ...(env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'chromium'))];
  const found = candidates.find(executable);
  if (found) return found;
  throw new Error(
    'The console tests need Chromium and found none (not at /usr/bin/chromium, not on PATH). ' +
      'Install Debian\'s package (`apt-get install -y chromium`) or set GRIDLINE_CHROMIUM to a Chromium executable. ' +
      'playwright-core downloads no browser.',
  );
}

/**
 * Starts headless Chromium. `chromium.launch` gives every launch a fresh
 * temporary profile (user data dir) and deletes it on close, so no state
 * leaks between runs.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start: ${(error as Error).message}`);
  }
}
