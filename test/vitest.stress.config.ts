/**
 * `pnpm test:stress`: the reliability battery at stress size (test/reliability,
 * including the long `*.stress.test.ts` files the default config leaves out).
 * Sizes come from the environment, with stress defaults: 100,000 hostile
 * documents (GRIDLINE_HOSTILE_DOCUMENTS) and 5,000 fuzzed documents per role
 * (GRIDLINE_FUZZ_RUNS); set them lower for a quicker pass.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    env: {
      GRIDLINE_HOSTILE_DOCUMENTS: process.env.GRIDLINE_HOSTILE_DOCUMENTS ?? '100000',
      GRIDLINE_FUZZ_RUNS: process.env.GRIDLINE_FUZZ_RUNS ?? '5000',
      GRIDLINE_STRICT_FAULT_CODES: '1',
    },
    // Each battery sizes its own timeouts from these numbers; files run one by one so they do not starve each other.
    fileParallelism: false,
    testTimeout: 60 * 60_000,
    outputFile: { json: 'test/.results/vitest-stress.json' },
  },
});
