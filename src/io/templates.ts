import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { options, precompiled } from '../generated/templates.js';
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
  cached = compileTemplates(templateSources(), { options, templates: precompiled });
  return cached;
}

/** The bundled template sources by name (tests compile altered copies). */
export function templateSources(): Record<TemplateName, string> {
  const sources = {} as Record<TemplateName, string>;
  for (const name of templateNames) sources[name] = readTemplate(name);
  return sources;
}

/** A template renders YAML (`.yaml.hbs`) or, for big documents, JSON (`.json.hbs`), which is YAML too. */
function readTemplate(name: TemplateName): string {
  const base = `${templatesDir()}/${name}`;
  return existsSync(`${base}.json.hbs`)
    ? readFileSync(`${base}.json.hbs`, 'utf8')
    : readFileSync(`${base}.yaml.hbs`, 'utf8');
}
