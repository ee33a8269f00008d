import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import { labelSelectorMatches, selectsEverything, type LabelSelector } from './select.js';

/**
 * The rules that find namespaces which would break if a cutover separated them (docs/waves.md):
 * - rolebinding: a RoleBinding in A grants a ServiceAccount of B (or the group system:serviceaccounts:B), so
 *   B's workloads use A: A moves in B's wave or earlier.
 * - networkpolicy: a NetworkPolicy of B admits traffic from A (ingress namespaceSelector), or one of A lets
 *   traffic out to B (egress namespaceSelector): traffic between pods does not cross clusters, so both move in
 *   the same wave.
 * - imagestream: a pod in A runs an image from B's path in the internal registry: B (its ImageStream) moves
 *   in A's wave or earlier, or A's pods cannot pull on the target.
 * - externalname: a Service of type ExternalName in A points at `*.B.svc*`: B moves in A's wave or earlier,
 *   or the name does not resolve on the target.
 */
export type DependencyRule = 'rolebinding' | 'networkpolicy' | 'imagestream' | 'externalname';

export const dependencyRules: readonly DependencyRule[] = [
  'rolebinding',
  'networkpolicy',
  'imagestream',
  'externalname',
];

/** `from` needs `to`: `to` lands in the same wave or an earlier one; `together`: the same wave. */
export interface Dependency {
  from: string;
  to: string;
  rule: DependencyRule;
  together: boolean;
  /** The object that makes it, e.g. "RoleBinding a/view grants ServiceAccount b/reader". */
  detail: string;
}

/** Whether a rule could look: "not checked" when the facts do not hold the kind it reads. */
export interface RuleCheck {
  rule: DependencyRule;
  kind: string;
  checked: boolean;
  why: string;
}

/** Internal registry service names (OCP 4 and OCP 3), with and without the cluster domain. */
const INTERNAL_REGISTRY_HOSTS = [
  'image-registry.openshift-image-registry.svc:5000',
  'image-registry.openshift-image-registry.svc.cluster.local:5000',
  'docker-registry.default.svc:5000',
  'docker-registry.default.svc.cluster.local:5000',
];

function kindCheck(
  facts: ClusterFacts,
  rule: DependencyRule,
  kind: string,
  held: boolean,
): RuleCheck {
  if (facts.unreadable.includes(kind))
    return { rule, kind, checked: false, why: `${kind} could not be read on ${facts.cluster}` };
  if (held || facts.workloadsListed === true)
    return { rule, kind, checked: true, why: `${kind} objects read from ${facts.cluster}` };
  return {
    rule,
    kind,
    checked: false,
    why: `the facts of ${facts.cluster} hold no ${kind} (an oc get recording without them says nothing)`,
  };
}

/** Which rules the facts let us check. */
export function dependencyChecks(facts: ClusterFacts): RuleCheck[] {
  return [
    kindCheck(
      facts,
      'rolebinding',
      'RoleBinding',
      facts.bindings.some((b) => b.kind === 'RoleBinding'),
    ),
    kindCheck(facts, 'networkpolicy', 'NetworkPolicy', facts.networkPolicies.length > 0),
    kindCheck(facts, 'imagestream', 'Pod', facts.pods.length > 0),
    kindCheck(facts, 'externalname', 'Service', (facts.services ?? []).length > 0),
  ];
}

/**
 * The dependencies among `selected` namespaces that the facts show. Edges to namespaces outside the
 * selection are not dependencies (they stay where they are), nor are selectors that admit every namespace
 * (they would tie everything together). Sorted, without duplicates; only checked rules contribute.
 */
export function findDependencies(
  facts: ClusterFacts,
  selected: readonly string[],
  checks: readonly RuleCheck[] = dependencyChecks(facts),
): Dependency[] {
  const inSelection = new Set(selected);
  const checked = new Set(checks.filter((c) => c.checked).map((c) => c.rule));
  const out = new Map<string, Dependency>();
  const add = (d: Dependency) => {
    if (d.from === d.to || !inSelection.has(d.from) || !inSelection.has(d.to)) return;
    const key = `${d.from}\u0000${d.to}\u0000${d.rule}`;
    const before = out.get(key);
    // One edge per pair and rule; the first object by name explains it.
    if (!before || d.detail < before.detail) out.set(key, d);
  };

  if (checked.has('rolebinding'))
    for (const b of facts.bindings) {
      if (b.kind !== 'RoleBinding' || b.namespace === undefined) continue;
      for (const s of b.subjects) {
        const grantee = subjectNamespace(s);
        if (grantee === undefined) continue;
        add({
          from: grantee,
          to: b.namespace,
          rule: 'rolebinding',
          together: false,
          detail: `RoleBinding ${b.namespace}/${b.name} grants ${s.kind} ${s.kind === 'ServiceAccount' ? `${s.namespace ?? ''}/` : ''}${s.name}`,
        });
      }
    }

  if (checked.has('networkpolicy')) {
    const all = facts.namespaces;
    const admitted = (sel: LabelSelector): string[] => {
      if (selectsEverything(sel)) return [];
      const hits = all.filter((n) => labelSelectorMatches(sel, n.labels)).map((n) => n.name);
      return hits.length === all.length ? [] : hits;
    };
    for (const np of facts.networkPolicies) {
      for (const [direction, list, peersKey] of [
        ['ingress', np.spec['ingress'], 'from'],
        ['egress', np.spec['egress'], 'to'],
      ] as const) {
        if (!Array.isArray(list)) continue;
        for (const rule of list as unknown[]) {
          const peers = isDict(rule) ? rule[peersKey] : undefined;
          if (!Array.isArray(peers)) continue;
          for (const peer of peers as unknown[]) {
            const sel = isDict(peer) ? peer['namespaceSelector'] : undefined;
            if (!isDict(sel)) continue;
            for (const other of admitted(sel)) {
              const detail = `NetworkPolicy ${np.namespace}/${np.name} ${direction === 'ingress' ? 'admits traffic from' : 'lets traffic out to'} ${other}`;
              add({
                from: direction === 'ingress' ? other : np.namespace,
                to: direction === 'ingress' ? np.namespace : other,
                rule: 'networkpolicy',
                together: true,
                detail,
              });
            }
          }
        }
      }
    }
  }

  if (checked.has('imagestream')) {
    const hosts = [
      ...INTERNAL_REGISTRY_HOSTS,
      ...(facts.registryRoute ? [facts.registryRoute] : []),
    ];
    for (const pod of facts.pods) {
      for (const image of pod.images) {
        const host = hosts.find((h) => image.startsWith(`${h}/`));
        if (host === undefined) continue;
        const [owner, stream] = image.slice(host.length + 1).split('/');
        if (!owner || !stream) continue;
        add({
          from: pod.namespace,
          to: owner,
          rule: 'imagestream',
          together: false,
          detail: `pod ${pod.namespace}/${pod.name} runs ${owner}/${stream.split(/[:@]/)[0] ?? stream} from the internal registry`,
        });
      }
    }
  }

  if (checked.has('externalname'))
    for (const svc of facts.services ?? []) {
      if (svc.type !== 'ExternalName' || svc.externalName === undefined) continue;
      // <service>.<namespace>.svc[.cluster domain][.]: the cluster DNS name of a Service.
      const m = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.|$)/.exec(
        svc.externalName.toLowerCase(),
      );
      const target = m?.[2];
      if (target === undefined) continue;
      add({
        from: svc.namespace,
        to: target,
        rule: 'externalname',
        together: false,
        detail: `Service ${svc.namespace}/${svc.name} is an ExternalName for ${svc.externalName}`,
      });
    }

  return [...out.values()].sort(
    (a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.rule, b.rule),
  );
}

/** The namespace a RoleBinding subject belongs to, when it is a service account or all of one's. */
function subjectNamespace(s: { kind: string; name: string; namespace?: string }) {
  if (s.kind === 'ServiceAccount') return s.namespace;
  if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:'))
    return s.name.slice('system:serviceaccounts:'.length) || undefined;
  if (s.kind === 'User' && s.name.startsWith('system:serviceaccount:'))
    return s.name.split(':')[2] || undefined;
  return undefined;
}

const isDict = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
