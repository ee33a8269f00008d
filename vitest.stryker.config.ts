import { defineConfig } from 'vitest/config';

// The test set for `npm run mutate`: the table-driven rule tests, whose expected values are written by
// hand from the upstream rules. The slow end-to-end suites (live server, CLI property runs) stay out.
export default defineConfig({
  test: {
    include: [
      // every hand-written table (test/*.table.test.ts, test/*.rows.table.test.ts), then the rule suites
      'test/*.table.test.ts',
      'test/plan-rules.test.ts',
      'test/network-rules.test.ts',
      'test/upstream-rules.test.ts',
      'test/decisions.test.ts',
      'test/owners.test.ts',
      'test/conversion-names.test.ts',
      'test/compat.test.ts',
      'test/verify.test.ts',
      'test/hcp.test.ts',
      'test/network-migration.test.ts',
      'test/diagnostic-codes.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
