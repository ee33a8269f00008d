import type { NamespaceFact } from '../../resolve/cluster-facts.js';
import type { LabelRequirement, NamespaceSelection } from '../../spec/spec.js';
import { isSystemNamespace } from '../../validate/rules/namespaces.js';

/** A label selector as Kubernetes stores it (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string | undefined>> | undefined;
  matchExpressions?: readonly LabelRequirement[] | undefined;
}

/**
 * One requirement, as kubernetes/apimachinery pkg/labels/selector.go (*Requirement).Matches decides it:
 * In needs the key with one of the values; NotIn holds when the key is absent or its value is none of them;
 * Exists / DoesNotExist only look at the key.
 */
export function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>) {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(labels[r.key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[r.key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/**
 * A label selector over labels (kubernetes/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector):
 * matchLabels are In requirements of one value, everything is ANDed, and an empty selector selects
 * everything.
 */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (
      value !== undefined &&
      !requirementMatches({ key, operator: 'In', values: [value] }, labels)
    )
      return false;
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

/** Whether a selector has no requirement at all, i.e. selects every namespace. */
export const selectsEverything = (selector: LabelSelector): boolean =>
  Object.keys(selector.matchLabels ?? {}).length === 0 &&
  (selector.matchExpressions ?? []).length === 0;

/** A name glob: `*` any run of characters (also none), `?` exactly one; everything else literal. */
export function globMatches(glob: string, name: string): boolean {
  // Iterative wildcard matching with one backtrack point: linear in practice, no regex built from input.
  let g = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === name[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      mark = n;
    } else if (star >= 0) {
      g = star + 1;
      n = ++mark;
    } else return false;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

const isGlob = (s: string) => s.includes('*') || s.includes('?');

/** Why a namespace of the cluster was not selected, for the ones a reader would expect to see. */
export interface Excluded {
  namespace: string;
  why: string;
}

export interface Selection {
  /** Selected namespaces, sorted, each with the reason it was selected. */
  selected: { namespace: string; why: string }[];
  /** Namespaces that matched the selector but were left out (system, excluded, taken by another plan). */
  excluded: Excluded[];
}

/**
 * Resolves a selection against a cluster's namespaces. A namespace is selected when it matches the label
 * selector and (when names are given) one of the name globs, and no exclude glob. System namespaces
 * (isSystemNamespace: openshift-*, kube-*, openshift, default, ...) match only when a names entry names them
 * exactly, never through a glob or labels. `taken` are namespaces another plan names explicitly (plan name
 * by namespace): they stay with that plan. Pure; the result does not depend on the order of `namespaces`.
 */
export function selectNamespaces(
  selection: NamespaceSelection,
  namespaces: readonly NamespaceFact[],
  taken: ReadonlyMap<string, string> = new Map(),
): Selection {
  const selected: Selection['selected'] = [];
  const excluded: Excluded[] = [];
  const names = selection.names ?? [];
  const exact = new Set(names.filter((n) => !isGlob(n)));
  const labelPart = describeLabels(selection);
  for (const ns of [...namespaces].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!labelSelectorMatches(selection, ns.labels)) continue;
    const byName = names.find((g) => globMatches(g, ns.name));
    if (names.length > 0 && byName === undefined) continue;
    const exclude = (selection.exclude ?? []).find((g) => globMatches(g, ns.name));
    if (exclude !== undefined) {
      excluded.push({ namespace: ns.name, why: `excluded by "${exclude}"` });
      continue;
    }
    if (isSystemNamespace(ns.name) && !exact.has(ns.name)) {
      excluded.push({ namespace: ns.name, why: 'system namespace, not named exactly' });
      continue;
    }
    const owner = taken.get(ns.name);
    if (owner !== undefined) {
      excluded.push({ namespace: ns.name, why: `named by plan "${owner}"` });
      continue;
    }
    const why = [labelPart, byName !== undefined ? `name matches "${byName}"` : '']
      .filter(Boolean)
      .join(', ');
    selected.push({ namespace: ns.name, why: why || 'empty selector' });
  }
  return { selected, excluded };
}

function describeLabels(s: LabelSelector): string {
  const parts = [
    ...Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(s.matchExpressions ?? []).map((r) =>
      r.operator === 'Exists'
        ? r.key
        : r.operator === 'DoesNotExist'
          ? `!${r.key}`
          : `${r.key} ${r.operator.toLowerCase()} (${(r.values ?? []).join(',')})`,
    ),
  ];
  return parts.length ? `labels ${parts.join(', ')}` : '';
}
