import type { Cluster, Spec } from './spec.js';

/** The Velero each OADP release bundles (oadp-operator go.mod of each oadp-1.x branch). */
export const OADP_VELERO: Readonly<Record<string, string>> = {
  '1.0': '1.7',
  '1.1': '1.9',
  '1.2': '1.11',
  '1.3': '1.12',
  '1.4': '1.14',
  '1.5': '1.16',
};

export interface VeleroVersion {
  major: number;
  minor: number;
  label: string;
}

/** The Velero version on a cluster, from veleroVersion or the OADP release; undefined when unknown. */
export function veleroVersionOf(
  spec: Spec,
  cluster: Cluster | undefined,
): VeleroVersion | undefined {
  const oadp = spec.spec.velero?.install === 'oadp';
  const raw = oadp
    ? OADP_VELERO[(cluster?.oadpVersion ?? '').split('.').slice(0, 2).join('.')]
    : cluster?.veleroVersion;
  const m = /^(\d+)\.(\d+)/.exec(raw ?? '');
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    label: oadp
      ? `OADP ${cluster?.oadpVersion ?? ''} (Velero ${raw ?? ''})`
      : `Velero ${raw ?? ''}`,
  };
}

export const atLeast = (v: VeleroVersion, minor: number): boolean =>
  v.major > 1 || (v.major === 1 && v.minor >= minor);

export const veleroNamespace = (spec: Spec): string =>
  spec.spec.velero?.namespace ??
  (spec.spec.velero?.install === 'oadp' ? 'openshift-adp' : 'velero');
