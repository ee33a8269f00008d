import type { Feature, Procedure } from './types.js';

export interface OcpVersion {
  major: number;
  minor: number;
  patch: number;
}

/** "4.10.3" (or "4.10.3-0.nightly…") -> numbers; undefined for anything else. */
export function parseOcpVersion(text: string): OcpVersion | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/**
 * The procedure a version needs, or why there is none. Offline: 4.4-4.7 use the operator annotation and paused
 * pools (cluster-network-operator release-4.7 pkg/network/render.go: the annotation only skips IsChangeSafe);
 * 4.8-4.16 the two-phase spec.migration procedure (release-4.8 render.go isDefaultNetworkChangeSafe). Live:
 * 4.15.31+ and 4.16 (release-4.16 pkg/network/cluster_config.go ValidateLiveMigration; docs PR #83666).
 * SDN is gone from 4.17 on.
 */
export function chooseProcedure(
  v: OcpVersion,
  mode: 'offline' | 'live',
): { procedure: Procedure } | { refused: string } {
  if (v.major !== 4 || v.minor < 4)
    return { refused: 'the migration to OVN-Kubernetes exists from OpenShift 4.4 on' };
  if (v.minor >= 17)
    return {
      refused:
        'OpenShift SDN was removed in 4.17 (a cluster on SDN cannot upgrade to it), so there is no migration procedure',
    };
  if (mode === 'live') {
    if (v.minor === 16 || (v.minor === 15 && v.patch >= 31)) return { procedure: 'live' };
    return {
      refused:
        'the limited live migration needs 4.15.31 or later, or 4.16 (4.14 has only the TechPreview API gate and no operator support)',
    };
  }
  return { procedure: v.minor <= 7 ? 'annotation' : 'two-phase' };
}

/**
 * Whether the operator converts a feature itself: from 4.12 the CNO converts each feature whose
 * spec.migration.features flag is not false (release-4.12+ pkg/controller/operconfig/operconfig_controller.go,
 * migration.go migrateEgressFirewallCRs / migrateEgressIpCRs / migrateMulticastEnablement).
 */
export function operatorConverts(
  v: OcpVersion,
  flags: Partial<Record<Feature, boolean>>,
  feature: Feature,
): boolean {
  return v.minor >= 12 && flags[feature] !== false;
}

/** ovnKubernetesConfig.ipv4 (internalJoinSubnet, internalTransitSwitchSubnet) and the masquerade field exist from 4.14. */
export const hasIpv4Subnets = (v: OcpVersion): boolean => v.minor >= 14;
/** The transit switch (OVN interconnect) is reserved from 4.14 on. */
export const hasTransitSwitch = (v: OcpVersion): boolean => v.minor >= 14;
/** kube-apiserver sets the kubernetes.io/metadata.name label on every Namespace from Kubernetes 1.21 (OCP 4.8). */
export const hasNamespaceNameLabel = (v: OcpVersion): boolean => v.minor >= 8;
/** CloudPrivateIPConfig (cloud egress IP assignment) exists from 4.10. */
export const hasCloudPrivateIpConfig = (v: OcpVersion): boolean => v.minor >= 10;
