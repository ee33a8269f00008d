import { processIO } from './io.js';
import { run } from './run.js';

// The CLI's entry point, bundled into dist/bin/cli.cjs (scripts/bundle.mjs) and loaded by bin/migplan.js. run()
// reports whatever fails inside it as MP9000 with exit 2; a bundle that will not load is bin/migplan.js's.
void run(process.argv.slice(2), processIO()).then((code) => {
  process.exitCode = code;
});
