import { processIO } from './io.js';
import { run } from './run.js';

// The CLI's entry point, bundled into dist/bin/migplan.js (scripts/bundle.mjs) and run by bin/migplan.js.
process.exitCode = await run(process.argv.slice(2), processIO());
