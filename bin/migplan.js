#!/usr/bin/env node
'use strict';
// The CLI, bundled by scripts/bundle.mjs into dist/bin/ (npm ci and npm run build build it) and loaded with
// V8's code cache by src/cli/bundle-loader.ts (dist/bin/load.cjs). A CommonJS file (bin/package.json): an ES
// module entry would start Node's ES module loader for nothing.
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist', 'bin');
// A missing or broken build is a located message and exit 2, not a stack trace.
const broken = (err) => {
  const why = String((err && err.message) || err).split('\n')[0];
  process.stderr.write(
    `migplan: internal error MP9000: cannot load the CLI from ${dist}: ${why}\n` +
      '  hint: build it again (npm ci, or npm run build in a checkout)\n',
  );
  process.exitCode = 2;
};
try {
  require(join(dist, 'load.cjs')).runCli(dist).catch(broken);
} catch (err) {
  broken(err);
}
