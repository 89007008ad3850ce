import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/test/**/*.test.tsx'],
    globalSetup: ['test-support/global-setup.ts'],
    pool: 'forks',
    // Most files wait on server processes, the databases and the browser more than they compute:
    // two at a time even on two cores (Vitest's default there is one) takes a quarter off the suite.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
