import { defineConfig } from 'vitest/config';

// The test set for `npm run mutate`: the table-driven rule tests, whose expected values are written by
// hand from the upstream rules. The slow end-to-end suites (live server, CLI property runs) stay out.
export default defineConfig({
  test: {
    include: [
      'test/plan-rules.test.ts',
      'test/network-rules.test.ts',
      'test/upstream-rules.test.ts',
      'test/decisions.test.ts',
      'test/owners.test.ts',
      'test/conversion-names.test.ts',
      'test/rules-pv.table.test.ts',
      'test/rules-scc.table.test.ts',
      'test/rules-storage-class.table.test.ts',
      'test/rules-hooks.table.test.ts',
      'test/rules-pvc-claims.table.test.ts',
      'test/rules-egress.table.test.ts',
      'test/rules-namespaces.table.test.ts',
      'test/rules-images.table.test.ts',
      'test/rules-network-allow.table.test.ts',
      'test/rules-network.table.test.ts',
      'test/facts.table.test.ts',
      'test/rules-pod-security.table.test.ts',
      'test/compat.test.ts',
      'test/verify.test.ts',
      'test/hcp.test.ts',
      'test/network-migration.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
