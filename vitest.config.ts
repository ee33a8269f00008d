import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // beforeAll hooks compile whole examples; on a loaded machine that takes longer than vitest's 10 s default.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
