import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compileTemplates,
  templateNames,
  type TemplateName,
  type Templates,
} from '../render/templates.js';

/** templates/ at the package root, from both src/ (tests) and dist/src/ (installed). */
function templatesDir(): string {
  const here = fileURLToPath(import.meta.url);
  const root = here.includes('/dist/')
    ? here.slice(0, here.lastIndexOf('/dist/'))
    : here.slice(0, here.lastIndexOf('/src/'));
  return `${root}/templates`;
}

let cached: Templates | undefined;

/** Reads and compiles the bundled templates once per process. */
export function loadTemplates(): Templates {
  if (cached) return cached;
  const sources = {} as Record<TemplateName, string>;
  for (const name of templateNames)
    sources[name] = readFileSync(`${templatesDir()}/${name}.yaml.hbs`, 'utf8');
  cached = compileTemplates(sources);
  return cached;
}
