import { compile, type CompileResult } from '../../src/compile.js';
import { loadTemplates } from '../../src/io/templates.js';
import type { ClusterFacts } from '../../src/resolve/cluster-facts.js';
import type { Spec } from '../../src/spec/spec.js';

const templates = await loadTemplates();

/** Compiles a spec against hand-built facts per cluster (no files): the decision under test, and only it. */
export function compileWithFacts(
  spec: Spec,
  byCluster: Record<string, ClusterFacts>,
): Promise<CompileResult> {
  return compile({
    spec,
    specText: JSON.stringify(spec),
    templates,
    version: 'test',
    source: {
      kind: 'snapshot',
      read: (name) => {
        const value = byCluster[name];
        return Promise.resolve(value ? { value, diagnostics: [] } : { diagnostics: [] });
      },
    },
  });
}

export type EmittedObject = {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
};

/** The emitted objects of a compile, for assertions on their fields. */
export const objectsOf = (r: CompileResult): EmittedObject[] =>
  (r.manifests ?? []).map((m) => m.object as unknown as EmittedObject);
