import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// graphql 16 has no "exports" map: Node resolves it to index.js while Vite
// would pick index.mjs, giving two copies whose classes fail instanceof
// checks. Pin the one Node (and so type-graphql) uses.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    alias: [{ find: /^graphql$/, replacement: graphqlEntry }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The long reliability runs belong to `pnpm test:stress` (vitest.stress.config.ts).
    exclude: ['**/node_modules/**', 'test/**/*.stress.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Each file gets its own database cloned from the migrated template, so
    // files run in parallel safely.
    fileParallelism: true,
    // Tests mostly wait on PostgreSQL and sockets: more files than cores run well.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    // Read by .ci/run for its closing "N passed, N failed" line.
    outputFile: { json: 'test/.results/vitest.json' },
  },
});
