import { defineConfig } from 'vitest/config';

/** System tests: the whole back end, started once for the run (system/global-setup.ts). */
export default defineConfig({
  test: {
    include: ['system/**/*.test.ts'],
    globalSetup: ['system/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
