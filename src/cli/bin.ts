import { sanitizeText } from '../diagnostics/sanitize.js';
import { processIO } from './io.js';
import { run } from './run.js';

// The CLI's entry point, bundled into dist/bin/cli.cjs (scripts/bundle.mjs) and loaded by bin/migplan.js.
run(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // run() reports what a command throws; this is what fails before one runs (a bundle that will not load).
    process.stderr.write(
      `migplan: internal error MP9000: ${sanitizeText(err instanceof Error ? err.message : String(err))}\n`,
    );
    process.exitCode = 2;
  },
);
