import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import type { NamespacePair } from '../../spec/spec.js';
import { closest } from '../../validate/suggest.js';
import type { NamespaceDecision } from '../types.js';
import { byName, inNamespace } from '../../resolve/facts-index.js';

/**
 * Source namespaces must exist (MTC NamespaceNotFoundOnSourceCluster); an existing destination keeps its own
 * UID ranges (ConflictingPermissions); pod node selectors are cleared on restore (NamespacesHaveNodeSelectors).
 */
export function resolveNamespaces(
  pairs: readonly NamespacePair[],
  planIndex: number,
  source: ClusterFacts,
  target: ClusterFacts,
  intraCluster: boolean,
): { namespaces: NamespaceDecision[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const namespaces: NamespaceDecision[] = [];
  // Built once per cluster's facts, not once per plan (issue 14: 200 plans of 2,000 namespaces).
  const sourceNs = byName(source.namespaces);
  const targetNs = byName(target.namespaces);
  for (const pair of pairs) {
    const path = ['spec', 'plans', planIndex, 'namespaces', pair.index];
    const src = sourceNs.get(pair.source);
    if (!src) {
      const guess = closest(pair.source, [...sourceNs.keys()]);
      diagnostics.push(
        diag(
          'MP4001',
          `namespace "${pair.source}" does not exist on ${source.cluster}${guess ? `; did you mean "${guess}"?` : ''}`,
          {
            path,
            hint: `Namespaces on ${source.cluster} that are closest: ${nearest(pair.source, [...sourceNs.keys()]).join(', ') || 'none'}.`,
          },
        ),
      );
      continue;
    }
    const dst = intraCluster && pair.source === pair.target ? undefined : targetNs.get(pair.target);
    if (dst) {
      diagnostics.push(
        diag(
          'MP4002',
          `destination namespace "${pair.target}" already exists on ${target.cluster}`,
          { path },
        ),
      );
      // Equal only when both hold the same value or both lack it (migplan/validation.go
      // areNamespaceAnnotationValuesEqual): an annotation on one side only is a conflict too.
      const differing = [
        'openshift.io/sa.scc.uid-range',
        'openshift.io/sa.scc.supplemental-groups',
        'openshift.io/sa.scc.mcs',
      ].filter((a) => src.annotations[a] !== dst.annotations[a]);
      const shown = (v: string | undefined) => v ?? 'unset';
      if (differing.length) {
        diagnostics.push(
          diag(
            'MP4003',
            `destination namespace "${pair.target}" has different ${differing.map((a) => a.split('/')[1]).join(', ')} than "${pair.source}" (${differing.map((a) => `${shown(src.annotations[a])} vs ${shown(dst.annotations[a])}`).join('; ')}); migrated files will have the wrong owner`,
            { path },
          ),
        );
      }
    }
    const pods = inNamespace(source.pods, pair.source);
    // The only pods mig-controller looks at (validatePodProperties lists status.phase=Running), and only
    // the selectors it does not treat as defaults (hasCustomNodeSelectors).
    const running = pods.filter((p) => p.phase === 'Running');
    const withSelectors = running.filter((p) => hasCustomNodeSelectors(p.nodeSelector));
    if (withSelectors.length) {
      const selectors = [
        ...new Set(
          withSelectors.flatMap((p) =>
            customNodeSelectors(p.nodeSelector).map(([k, v]) => `${k}=${v}`),
          ),
        ),
      ].sort();
      diagnostics.push(
        diag(
          'MP4004',
          `${withSelectors.length} pod(s) in "${pair.source}" use node selectors (${selectors.join(', ')}); they are cleared on restore`,
          { path },
        ),
      );
    }
    const unhealthy = pods.filter((p) => !p.ready);
    if (unhealthy.length) {
      diagnostics.push(
        diag(
          'MP4015',
          `${unhealthy.length} pod(s) in "${pair.source}" are not healthy: ${unhealthy
            .slice(0, 5)
            .map((p) => `${p.name} (${p.phase})`)
            .join(', ')}${unhealthy.length > 5 ? ', …' : ''}`,
          { path },
        ),
      );
    }
    const sas = new Set(inNamespace(source.serviceAccounts, pair.source).map((s) => s.name));
    for (const p of pods) sas.add(p.serviceAccountName);
    namespaces.push({
      source: pair.source,
      target: pair.target,
      existsOnTarget: dst !== undefined,
      // Counted as PodLimitExceeded counts them: Running pods only (validatePodProperties).
      pods: running.length,
      serviceAccounts: [...sas].sort(),
      labels: src.labels,
      annotations: src.annotations,
    });
  }
  return { namespaces, diagnostics };
}

function nearest(word: string, names: string[]): string[] {
  const score = (n: string) => {
    // Length of the common prefix: up to the first character that differs (a missing one differs too).
    const differs = [...n].findIndex((ch, i) => ch !== word[i]);
    const common = differs < 0 ? n.length : differs;
    return -common * 10 + Math.abs(n.length - word.length);
  };
  // Names come sorted (sortFacts) and Array#sort is stable, so equal scores stay in name order.
  return [...names].sort((a, b) => score(a) - score(b)).slice(0, 5);
}

/** The node-selector entries mig-controller does not ignore (migplan/validation.go hasCustomNodeSelectors). */
export function customNodeSelectors(
  selector: Readonly<Record<string, string>>,
): [string, string][] {
  const out: [string, string][] = [];
  for (const k of Object.keys(selector))
    if (!DEFAULT_NODE_SELECTORS.has(k)) out.push([k, selector[k] as string]);
  return out;
}

/** Whether customNodeSelectors would name any: asked of every running pod, so it allocates nothing. */
export function hasCustomNodeSelectors(selector: Readonly<Record<string, string>>): boolean {
  for (const k in selector) if (!DEFAULT_NODE_SELECTORS.has(k)) return true;
  return false;
}

// defaultNodeSelectors there
const DEFAULT_NODE_SELECTORS: ReadonlySet<string> = new Set([
  'node-role.kubernetes.io/compute',
  'kubernetes.io/arch',
  'kubevirt.io/schedulable',
]);
