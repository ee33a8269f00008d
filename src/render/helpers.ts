import Handlebars from 'handlebars';

/** A Handlebars environment with only the helpers our templates use. */
export function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // JSON is valid YAML, so every value becomes a correctly quoted scalar or flow collection.
  env.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
  return env;
}
