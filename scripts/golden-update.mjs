// Rewrites every golden file from the current code. Refuses under CI: goldens change only by a human's choice.
import { spawnSync } from 'node:child_process';

if (process.env.CI) {
  console.error(
    'golden:update refuses to run with CI set; update goldens locally and commit them.',
  );
  process.exit(2);
}
const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    'test/golden.test.ts',
    'test/bad-input.test.ts',
    'test/network-migration-golden.test.ts',
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, MIGPLAN_UPDATE_GOLDEN: '1' },
  },
);
process.exit(r.status ?? 2);
