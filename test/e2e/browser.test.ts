/** Finding the browser for the console tests (browser.ts): a missing one is an error that says what to do. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from './browser.js';

let dir: string;
let fake: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gridline-chromium-'));
  fake = path.join(dir, 'chromium');
  await writeFile(fake, '#!/bin/sh\nexit 0\n');
  await chmod(fake, 0o755);
  await writeFile(path.join(dir, 'not-executable'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('takes the browser GRIDLINE_CHROMIUM names', () => {
    expect(findChromium({ GRIDLINE_CHROMIUM: fake, PATH: '' }, [])).toBe(fake);
  });

  it('refuses a GRIDLINE_CHROMIUM that is not an executable file, naming it', () => {
    const named = path.join(dir, 'not-executable');
    expect(() => findChromium({ GRIDLINE_CHROMIUM: named }, [])).toThrow(`GRIDLINE_CHROMIUM=${named} is not an executable file`);
  });

  it('uses the system Chromium, else chromium on PATH', () => {
    expect(findChromium({ PATH: dir }, [path.join(dir, 'missing')])).toBe(fake);
    expect(findChromium({ PATH: '/nonexistent' }, [fake])).toBe(fake);
  });

  it('fails with how to install one when there is no browser at all', () => {
    expect(() => findChromium({ PATH: '/nonexistent' }, [path.join(dir, 'missing')])).toThrow(/found none.*apt-get install -y chromium/s);
  });
});
