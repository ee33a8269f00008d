import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll hooks compile a baseline as tests do (live-faults, snapshot-hostile): the same budget, not 10 s.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
