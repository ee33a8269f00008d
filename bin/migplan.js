#!/usr/bin/env node
// The bundled CLI (scripts/bundle.mjs, built by `npm run build` and on `npm ci`).
import '../dist/bin/migplan.js';
