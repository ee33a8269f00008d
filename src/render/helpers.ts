import type Handlebars from 'handlebars';

/**
 * Handlebars as loaded: the whole library, or its runtime alone (`handlebars/runtime`, which runs precompiled
 * templates and has no `compile`).
 */
export type HandlebarsEngine = typeof Handlebars;

/** A Handlebars environment with only the helpers our templates use. */
export function createEnvironment(engine: HandlebarsEngine): HandlebarsEngine {
  const env = engine.create();
  // JSON is valid YAML, so every value becomes a correctly quoted scalar or flow collection.
  env.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
  return env;
}
