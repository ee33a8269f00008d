/**
 * The names mig-controller gives the new PVCs of a storage-class conversion, ported from
 * migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist.go (getMappedNameForPVC,
 * getStatefulSetVolumeName, trimSuffix, isStatefulSetVolume). The suffix is 4 random characters the
 * controller picks once per plan (migplan_controller.go Reconcile: status.suffix = rand.String(4), from
 * apimachinery's "bcdfghjklmnpqrstvwxz2456789"), so migplan cannot know it: callers pass a placeholder.
 */

/** Stands for the plan's random suffix in predicted names; `?` never occurs in a PVC name. */
export const SUFFIX_PLACEHOLDER = '????';

/** pvlist.go suffixMatcher `(.*)-mig-([\d|[:alpha:]]{4})$`: an earlier conversion's suffix. */
const suffixMatcher = /^(.*)-mig-([\d|A-Za-z]{4})$/;

/** pvlist.go trimSuffix: drop an earlier `-mig-xxxx`, else a trailing `-new`. */
export function trimSuffix(pvcName: string): string {
  const m = suffixMatcher.exec(pvcName);
  const suffix = m ? `-mig-${m[2] ?? ''}` : '-new';
  return pvcName.endsWith(suffix) ? pvcName.slice(0, -suffix.length) : pvcName;
}

/**
 * pvlist.go getStatefulSetVolumeName: a volume-claim-template PVC `<template>-<set>-<ordinal>` keeps its
 * shape with the suffix before the set name (`<template>-mig-<suffix>-<set>-<ordinal>`), so the
 * StatefulSet still finds it once its template is renamed; any other name gets `-mig-<suffix>`.
 */
export function statefulSetVolumeName(pvcName: string, setName: string, suffix: string): string {
  // Built from the set name unescaped, as upstream does (a '.' in it matches any character).
  const matcher = new RegExp(`^(.*)?(-${setName})(-\\d+)$`);
  const cols = matcher.exec(pvcName);
  if (!cols) return `${trimSuffix(pvcName)}-mig-${suffix}`;
  const prefix = cols[1] ?? '';
  const earlier = suffixMatcher.exec(prefix);
  if (earlier) {
    // strings.Replace(prefix, oldSuffix, suffix, 1): the first occurrence of the old suffix.
    return `${prefix.replace(earlier[2] ?? '', () => suffix)}${cols[2] ?? ''}${cols[3] ?? ''}`;
  }
  const base = prefix.endsWith('-new') ? prefix.slice(0, -'-new'.length) : prefix;
  return `${base}-mig-${suffix}${cols[2] ?? ''}${cols[3] ?? ''}`;
}

export interface PodOwnersAndClaims {
  owners: readonly { kind: string; name: string }[];
  claimNames: readonly string[];
}

/**
 * pvlist.go isStatefulSetVolume: the name of a StatefulSet owning a pod that mounts a claim of this
 * name. Upstream matches the claim name only, across every pod of the plan's source namespaces.
 */
export function statefulSetOf(
  pvcName: string,
  pods: readonly PodOwnersAndClaims[],
): string | undefined {
  for (const pod of pods) {
    for (const owner of pod.owners) {
      if (owner.kind === 'StatefulSet' && pod.claimNames.includes(pvcName)) return owner.name;
    }
  }
  return undefined;
}

/** pvlist.go getMappedNameForPVC for a storage-conversion plan: the new PVC's name. */
export function conversionTargetName(
  pvcName: string,
  pods: readonly PodOwnersAndClaims[],
  suffix: string,
): string {
  let name = trimSuffix(pvcName).slice(0, 247);
  const set = statefulSetOf(pvcName, pods);
  name = set !== undefined ? statefulSetVolumeName(name, set, suffix) : `${name}-mig-${suffix}`;
  return name.slice(0, 253);
}
