#!/usr/bin/env node
'use strict';
// The CLI, bundled by scripts/bundle.mjs into dist/bin/ (npm ci and npm run build build it) and loaded with
// V8's code cache by src/cli/bundle-loader.ts (dist/bin/load.cjs). A CommonJS file (bin/package.json): an ES
// module entry would start Node's ES module loader for nothing.
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist', 'bin');
const { installBundleLoader } = require(join(dist, 'load.cjs'));
installBundleLoader(dist, process.env.MIGPLAN_WRITE_CODE_CACHE === '1')('cli');
