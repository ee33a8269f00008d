import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import schemaJson from '../../schemas/migration.schema.json' with { type: 'json' };
import { diagnosticsReference, specReference, withReference } from '../docs/reference.js';

// `npm run gen:docs`: refreshes the README spec reference and docs/diagnostics.md.
const here = fileURLToPath(import.meta.url);
const root = here.slice(0, here.lastIndexOf('/dist/'));
const readmePath = `${root}/README.md`;
writeFileSync(
  readmePath,
  withReference(readFileSync(readmePath, 'utf8'), specReference(schemaJson)),
);
mkdirSync(`${root}/docs`, { recursive: true });
writeFileSync(`${root}/docs/diagnostics.md`, diagnosticsReference());
