import type { ClusterFacts } from '../resolve/cluster-facts.js';
import { PLACEHOLDER } from '../validate/rules/placeholders.js';
import { defaults } from './spec.js';

/** One application namespace and what it weighs against MTC's per-plan limits. */
export interface NamespaceLoad {
  name: string;
  /** Running pods, as mig-controller's PodLimitExceeded counts them (migplan/validation.go validatePodProperties). */
  pods: number;
  /** Bound PVCs: the PVs a plan would discover in the namespace (PvLimitExceeded counts spec.persistentVolumes). */
  pvs: number;
}

export interface PlanLimits {
  namespaces: number;
  pods: number;
  pvs: number;
}

/** MigrationController's defaults (mig_namespace_limit, mig_pod_limit, mig_pv_limit). */
export const MTC_PLAN_LIMITS: PlanLimits = {
  namespaces: defaults.namespaceLimit,
  pods: defaults.podLimit,
  pvs: defaults.pvLimit,
};

/** Platform namespaces no application migration moves: OpenShift's and Kubernetes' own, and `default`. */
export function isSystemNamespace(name: string): boolean {
  return (
    name === 'default' ||
    name === 'openshift' ||
    name.startsWith('openshift-') ||
    name.startsWith('kube-')
  );
}

/** The application namespaces of a cluster, sorted by name, with their pod and PV counts. */
export function applicationNamespaces(facts: ClusterFacts): NamespaceLoad[] {
  const pods = new Map<string, number>();
  for (const p of facts.pods)
    if (p.phase === 'Running') pods.set(p.namespace, (pods.get(p.namespace) ?? 0) + 1);
  const pvs = new Map<string, number>();
  for (const c of facts.pvcs)
    if (c.volumeName && !c.ownedByPvc) pvs.set(c.namespace, (pvs.get(c.namespace) ?? 0) + 1);
  return facts.namespaces
    .map((n) => n.name)
    .filter((n) => !isSystemNamespace(n))
    .sort()
    .map((name) => ({ name, pods: pods.get(name) ?? 0, pvs: pvs.get(name) ?? 0 }));
}

export interface ScaffoldCluster {
  /** Key under spec.clusters. */
  name: string;
  facts: ClusterFacts;
  /** Snapshot directory relative to the spec, or the kubeconfig context it was read from. */
  discovery: { snapshot: string } | { context: string };
}

export interface ScaffoldInput {
  migrationName: string;
  source: ScaffoldCluster;
  /** Absent: a target entry with placeholders the user fills in. */
  target?: ScaffoldCluster;
  limits?: PlanLimits;
  /** Namespaces left out of the plans, each with why (written as comments for the user to decide). */
  leftOut?: ReadonlyMap<string, string>;
}

/** A cluster key from a directory or context name: a DNS label, or the fallback. */
export function clusterKey(raw: string, fallback: string): string {
  const key = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return key === '' || key === 'host' ? fallback : key;
}

const q = (s: string) => (/^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(s) ? s : JSON.stringify(s));

/**
 * A commented Migration spec for moving every application namespace of `source` to `target` with MTC: the
 * target is the host cluster (where MTC runs in OpenShift 4), the source a remote cluster, one plan selecting
 * the namespaces by name glob and split into waves within MTC's limits at compile time (src/plan/waves), and
 * `replace-me` wherever only the user knows the value (validate and compile list each).
 */
export function scaffoldSpec(input: ScaffoldInput): { text: string; namespaces: number } {
  const limits = input.limits ?? MTC_PLAN_LIMITS;
  const leftOut = input.leftOut ?? new Map<string, string>();
  const selected = applicationNamespaces(input.source.facts).filter((n) => !leftOut.has(n.name));
  const registry = input.source.facts.registryRoute;
  const src = input.source.name;
  const discovery = (c: ScaffoldCluster | undefined, role: string): string[] => {
    if (!c)
      return [
        `      discovery:`,
        `        # How migplan reads the ${role} cluster: a snapshot directory (migplan snapshot --out DIR) or a context.`,
        `        context: ${PLACEHOLDER}`,
      ];
    return 'snapshot' in c.discovery
      ? [`      discovery:`, `        snapshot: ${q(c.discovery.snapshot)}`]
      : [`      discovery:`, `        context: ${q(c.discovery.context)}`];
  };
  const lines = [
    '# yaml-language-server: $schema=https://migplan.dev/schemas/v1alpha1/migration.schema.json',
    `# Written by migplan init from the state of cluster "${src}". Fill in every value marked ${PLACEHOLDER}`,
    '# (`migplan validate` lists them), review the plans, then `migplan compile` this file.',
    'apiVersion: migplan.dev/v1alpha1',
    'kind: Migration',
    'metadata:',
    `  name: ${q(input.migrationName)}`,
    'spec:',
    '  engine: mtc',
    '  clusters:',
    `    ${src}:`,
    '      role: source',
    '      # The API server MTC reaches this cluster at, and the Secret in openshift-config holding its',
    '      # migration-controller service-account token (key saToken).',
    `      url: https://api.${PLACEHOLDER}.example.com:6443`,
    `      tokenSecret: ${src}-migration-token-${PLACEHOLDER}`,
    '      # The exposed internal registry route: direct image migration pulls from it.',
    registry
      ? `      exposedRegistryPath: ${q(registry)}`
      : `      exposedRegistryPath: default-route-openshift-image-registry.apps.${PLACEHOLDER}.example.com`,
    ...discovery(input.source, 'source'),
    '    host:',
    '      role: target',
    '      # MTC runs on the target; the operator created its MigCluster "host".',
    '      host: true',
    ...discovery(input.target, 'target'),
    '  replicationRepository:',
    '    # Object storage Velero moves resources (and indirect images and volumes) through.',
    '    name: migration-storage',
    '    provider: aws',
    `    bucket: ${PLACEHOLDER}`,
    `    region: ${PLACEHOLDER}`,
    '    # A Secret in openshift-config with aws-access-key-id and aws-secret-access-key.',
    `    credentialsSecret: storage-credentials-${PLACEHOLDER}`,
    '  plans:',
  ];
  if (selected.length === 0) {
    lines.push(
      `    # ${src} has no application namespace (openshift-*, kube-*, openshift and default are left out).`,
      `    - name: plan-1`,
      `      source: ${src}`,
      '      target: host',
      '      namespaces:',
      `        - ${PLACEHOLDER}`,
    );
  } else {
    const pods = selected.reduce((n, g) => n + g.pods, 0);
    const pvs = selected.reduce((n, g) => n + g.pvs, 0);
    lines.push(
      `    # Every application namespace of ${src} (${selected.length} now: ${pods} running pod(s), ${pvs} PV(s)), chosen`,
      `    # at compile time and split into waves apps-1, apps-2, ... within MTC's limits per plan (${limits.namespaces}`,
      `    # namespaces, ${limits.pods} pods, ${limits.pvs} PVs), dependent namespaces together; the report shows the waves.`,
      '    - name: apps',
      `      source: ${src}`,
      '      target: host',
      '      select:',
      "        names: ['*']",
    );
    if (leftOut.size) {
      lines.push('        exclude:');
      for (const ns of [...leftOut.keys()].sort()) lines.push(`          - ${ns}`);
    }
    lines.push(
      '      split:',
      '        mode: auto',
      '      migrations:',
      '        - name: stage-1',
      '          type: stage',
      '        - name: cutover',
      '          type: cutover',
    );
  }
  if (leftOut.size) {
    lines.push(
      '  # Excluded by migplan init because compiling them failed; fix the cause and remove them from exclude:',
    );
    for (const [ns, why] of [...leftOut].sort(([a], [b]) => (a < b ? -1 : 1)))
      lines.push(`  #   ${ns}: ${why.replace(/\s+/g, ' ')}`);
  }
  return { text: lines.join('\n') + '\n', namespaces: selected.length };
}
