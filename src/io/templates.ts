import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { options, precompiled } from '../generated/templates.js';
import type { HandlebarsEngine } from '../render/helpers.js';
import {
  compileTemplates,
  needsCompiler,
  templateNames,
  type TemplateName,
  type Templates,
} from '../render/templates.js';

/**
 * templates/ at the package root: the nearest folder above this module that holds templates/ and package.json,
 * from src/io/ (tests), dist/src/io/ (tsc) or dist/bin/ (the bundle) alike.
 */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json')))
      return join(dir, 'templates');
    const up = dirname(dir);
    if (up === dir) throw new Error('templates/ not found above the migplan module');
    dir = up;
  }
}

let cached: Templates | undefined;

/**
 * Reads and compiles the bundled templates once per process. Precompiled templates need only Handlebars'
 * runtime; the compiler (most of the library, with source-map) is loaded only when a template was edited
 * since `npm run gen:types` (issue 14: module loading is a fixed cost of every compile).
 */
export async function loadTemplates(): Promise<Templates> {
  if (cached) return cached;
  const sources = templateSources();
  const ahead = { options, templates: precompiled };
  const engine = needsCompiler(sources, ahead)
    ? (await import('handlebars')).default
    : ((await import('handlebars/runtime.js')) as unknown as { default: HandlebarsEngine }).default;
  cached = compileTemplates(sources, ahead, engine);
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
