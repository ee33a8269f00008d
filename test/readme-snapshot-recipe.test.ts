import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannerResources, type ApiResource } from '../src/resolve/api-resources.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** The resource names of every `oc get` line in the README's "Cluster snapshots" recipe. */
function recipeNames(): string[] {
  const section = readme.split(/^## Cluster snapshots$/m)[1]?.split(/^## /m)[0] ?? '';
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => /^oc get (\S+) /.exec(line)?.[1])
    .filter((names): names is string => names !== undefined)
    .flatMap((names) => names.split(','));
}

/** kubectl's reading of a resource name: plural, singular or short name, optionally `.group`. */
function names(r: ApiResource): string[] {
  const bare = [r.plural, r.kind.toLowerCase(), ...(r.shortNames ?? [])];
  return r.group ? [...bare, ...bare.map((n) => `${n}.${r.group}`)] : bare;
}

describe("README's oc get recipe for recording a snapshot by hand", () => {
  it('names every kind the planner reads, and nothing else', () => {
    const named = recipeNames();
    expect(named.length).toBeGreaterThan(0);
    const missing = plannerResources.filter((r) => !names(r).some((n) => named.includes(n)));
    expect(missing.map((r) => r.plural)).toEqual([]);
    const unknown = named.filter((n) => !plannerResources.some((r) => names(r).includes(n)));
    expect(unknown).toEqual([]);
  });
});
