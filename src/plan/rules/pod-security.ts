import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts, SccFact } from '../../resolve/cluster-facts.js';
import { inNamespace } from '../../resolve/facts-index.js';
import { cmp } from '../../util/objects.js';
import type { NamespaceDecision, SccGrant } from '../types.js';
import { openshift4Minor } from './api-lifecycle.js';

/**
 * PodSecurity admission on OpenShift 4.11+ targets. The cluster-policy-controller's label syncer
 * (openshift/cluster-policy-controller pkg/psalabelsyncer/podsecurity_label_sync_controller.go,
 * syncNamespace) sets `pod-security.kubernetes.io/enforce` on each namespace it controls to the PodSecurity
 * level of the most privileged SCC the namespace's *service accounts* may use; namespaces it does not control
 * keep their own label, or get the cluster-wide default (restricted: openshift/enhancements
 * authentication/pod-security-admission.md and pod-security-admission-enforcement.md). A pod that SCC
 * admission let in through its creator's rights rather than its service account's (a user with `privileged`
 * creating a bare pod, a grant to a broad group that is not migrated) then runs above its namespace's level,
 * and the restored pod is refused.
 */

export type PsaLevel = 'restricted' | 'baseline' | 'privileged';
const LEVELS: readonly PsaLevel[] = ['restricted', 'baseline', 'privileged'];
const rank = (l: PsaLevel) => LEVELS.indexOf(l);
const higher = (a: PsaLevel, b: PsaLevel): PsaLevel => (rank(a) >= rank(b) ? a : b);

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const SYNC_LABEL = 'security.openshift.io/scc.podSecurityLabelSync';

/** The first OpenShift release with PodSecurity admission and the label syncer. */
const PSA_FROM_MINOR = 11;

/**
 * Namespaces the syncer never touches: the install payload's (podsecurity_label_sync_controller.go
 * systemNSSyncExemptions; the openshift-* ones are covered by the prefix rule in isControlled).
 */
const SYNC_EXEMPT = new Set([
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'openshift',
]);

/**
 * Whether the syncer sets this namespace's level (podsecurity_label_sync_controller.go isNSControlled):
 * openshift-* only when opted in with `scc.podSecurityLabelSync: "true"`, every other namespace unless opted
 * out with "false".
 */
export function isControlled(name: string, labels: Readonly<Record<string, string>>): boolean {
  if (SYNC_EXEMPT.has(name)) return false;
  if (name.startsWith('openshift-')) return labels[SYNC_LABEL] === 'true';
  return labels[SYNC_LABEL] !== 'false';
}

/** PodSecurity baseline's allowed capabilities (k8s.io/pod-security-admission policy/check_capabilities_baseline.go). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
/** Sysctls baseline allows (policy/check_sysctls.go at v1.24, the version the syncer labels with). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
]);
/** Volume types restricted allows (policy/check_restrictedVolumes.go), as SCC `volumes` names them. */
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
/** SELinux types baseline allows (policy/check_seLinuxOptions.go). */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

type Dict = Record<string, unknown>;
const obj = (v: unknown): Dict =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {};
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The PodSecurity level an SCC allows: the highest of its fields' levels, after cluster-policy-controller
 * pkg/psalabelsyncer/scctopsamapping.go convertSCCToPSALevel (one convert_* per field, as its
 * scctopsamapping_test.go tables show).
 */
export function sccLevel(scc: Readonly<Dict>): PsaLevel {
  const checks: PsaLevel[] = [];
  const volumes = strs(scc['volumes']);
  // convert_hostDir, convert_hostNamespace, convert_hostPorts, convert_allowPrivilegedContainer
  if (
    scc['allowHostDirVolumePlugin'] === true ||
    volumes.includes('hostPath') ||
    volumes.includes('*') ||
    scc['allowHostIPC'] === true ||
    scc['allowHostNetwork'] === true ||
    scc['allowHostPID'] === true ||
    scc['allowHostPorts'] === true ||
    scc['allowPrivilegedContainer'] === true
  )
    return 'privileged';
  // convert_allowPrivilegeEscalation: unset is as good as true.
  checks.push(scc['allowPrivilegeEscalation'] === false ? 'restricted' : 'baseline');
  // convert_allowedCapabilities
  const allowed = strs(scc['allowedCapabilities']);
  const drop = strs(scc['requiredDropCapabilities']);
  if (allowed.some((c) => !BASELINE_CAPABILITIES.has(c))) return 'privileged';
  checks.push(
    drop.includes('ALL') && allowed.every((c) => c === 'NET_BIND_SERVICE')
      ? 'restricted'
      : 'baseline',
  );
  // convert_unsafeSysctls
  if (strs(scc['allowedUnsafeSysctls']).some((s) => !SAFE_SYSCTLS.has(s))) return 'privileged';
  // convert_runAsUser: an empty MustRunAsRange takes the namespace's range, which never holds root.
  const runAs = obj(scc['runAsUser']);
  const type = runAs['type'];
  const uid = num(runAs['uid']);
  const min = num(runAs['uidRangeMin']);
  if (type === 'MustRunAs') checks.push(uid === 0 ? 'baseline' : 'restricted');
  else if (type === 'MustRunAsRange') checks.push(min === 0 ? 'baseline' : 'restricted');
  else if (type === 'MustRunAsNonRoot') checks.push('restricted');
  else checks.push('baseline');
  // convert_volumes
  checks.push(volumes.every((v) => RESTRICTED_VOLUMES.has(v)) ? 'restricted' : 'baseline');
  // convert_seLinuxOptions
  const se = obj(scc['seLinuxContext']);
  const seOpts = obj(se['seLinuxOptions']);
  if (se['type'] !== 'MustRunAs') return 'privileged';
  if (
    !SELINUX_TYPES.has(typeof seOpts['type'] === 'string' ? seOpts['type'] : '') ||
    seOpts['user'] !== undefined ||
    seOpts['role'] !== undefined
  )
    return 'privileged';
  // convert_seccompProfile
  const profiles = strs(scc['seccompProfiles']);
  const known = (p: string) =>
    p === 'runtime/default' || p === 'docker/default' || p.startsWith('localhost/');
  if (profiles.some((p) => !known(p))) return 'privileged';
  checks.push(profiles.length ? 'restricted' : 'baseline');
  return checks.reduce(higher, 'restricted');
}

/**
 * Levels of the SCCs OpenShift ships, for a name the facts do not hold (the field-by-field result of
 * sccLevel on their 4.x definitions).
 */
const BUILT_IN_LEVELS: Readonly<Record<string, PsaLevel>> = {
  privileged: 'privileged',
  hostaccess: 'privileged',
  'hostmount-anyuid': 'privileged',
  'hostmount-anyuid-v2': 'privileged',
  hostnetwork: 'privileged',
  'hostnetwork-v2': 'privileged',
  'node-exporter': 'privileged',
  anyuid: 'baseline',
  nonroot: 'baseline',
  restricted: 'baseline',
  'nonroot-v2': 'restricted',
  'restricted-v2': 'restricted',
  'restricted-v3': 'restricted',
};

/** The level of an SCC by name: from its object on either cluster, else OpenShift's built-in table. */
function levelOf(name: string, sccs: readonly (readonly SccFact[])[]): PsaLevel | undefined {
  for (const list of sccs) {
    const fact = list.find((s) => s.name === name);
    if (fact) return sccLevel(fact.object);
  }
  return BUILT_IN_LEVELS[name];
}

/** Groups every service account of a namespace belongs to. */
const saGroups = (ns: string) => [
  'system:authenticated',
  'system:serviceaccounts',
  `system:serviceaccounts:${ns}`,
];

export interface PodSecurityArgs {
  planName: string;
  index: number;
  namespaces: readonly NamespaceDecision[];
  source: ClusterFacts;
  target: ClusterFacts;
  /** The SCC grants the plan carries to the target (resolveSccGrants). */
  sccGrants: readonly SccGrant[];
}

/**
 * Namespaces whose running pods were admitted under an SCC above the PodSecurity level their destination
 * namespace will enforce on an OpenShift 4.11+ target (MP4156), with the labels that fix it.
 */
export function podSecurityFindings(args: PodSecurityArgs): Diagnostic[] {
  const { planName, index, source, target } = args;
  const minor = openshift4Minor(target.version);
  if (minor === undefined || minor < PSA_FROM_MINOR) return [];
  const out: Diagnostic[] = [];
  // One level per SCC name: thousands of pods share a handful of SCCs (issue 14).
  const levels = new Map<string, PsaLevel | undefined>();
  const podLevel = (scc: string): PsaLevel | undefined => {
    // A pod admitted under the legacy `restricted` SCC is admitted under restricted-v2 on a 4.11+ target
    // (its defaults are what made `restricted` rate baseline): it needs no more than restricted.
    if (scc === 'restricted') return 'restricted';
    if (!levels.has(scc)) levels.set(scc, levelOf(scc, [source.sccs, target.sccs]));
    return levels.get(scc);
  };
  args.namespaces.forEach((nd) => {
    if (SYNC_EXEMPT.has(nd.target)) return;
    const pods = inNamespace(source.pods, nd.source)
      .filter((p) => p.phase === 'Running' && p.scc !== undefined)
      .map((p) => {
        const scc = p.scc as string;
        return { name: p.name, scc, level: podLevel(scc) };
      })
      .filter((p): p is { name: string; scc: string; level: PsaLevel } => p.level !== undefined);
    if (pods.length === 0) return;
    const needed = pods.map((p) => p.level).reduce(higher, 'restricted');
    const enforced = enforcedLevel(nd, args);
    if (rank(needed) <= rank(enforced.level)) return;
    const refused = pods.filter((p) => rank(p.level) > rank(enforced.level));
    const bySccs = new Map<string, string[]>();
    for (const p of refused) bySccs.set(p.scc, [...(bySccs.get(p.scc) ?? []), p.name]);
    const which = [...bySccs]
      .sort(([a], [b]) => cmp(a, b))
      .map(
        ([scc, names]) =>
          `SCC ${scc} (${names.length} pod(s): ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`,
      )
      .join(', ');
    const sccNames = [...bySccs.keys()].sort();
    out.push(
      diag(
        'MP4156',
        `plan "${planName}": namespace ${nd.source}${nd.target !== nd.source ? ` (${nd.target} on ${target.cluster})` : ''} runs pods under ${which}, which need PodSecurity level ${needed}, but ${target.cluster} (${target.version ?? ''}) will enforce ${enforced.level} there: ${enforced.why}; the restored pods would be refused. Label the namespace ${ENFORCE_LABEL}: ${needed} and ${SYNC_LABEL}: "false" on ${source.cluster} before migrating (MTC copies its labels), or grant its pods' service accounts use of ${sccNames.join(', ')} so the label syncer raises the level itself`,
        { path: ['spec', 'plans', index, 'namespaces'] },
      ),
    );
  });
  return out;
}

/** The level the target will enforce in a migrated namespace, and why. */
function enforcedLevel(
  nd: NamespaceDecision,
  args: PodSecurityArgs,
): { level: PsaLevel; why: string } {
  const { target } = args;
  const label = nd.labels[ENFORCE_LABEL];
  const own = LEVELS.find((l) => l === label);
  if (!isControlled(nd.target, nd.labels))
    return own
      ? { level: own, why: `its label ${ENFORCE_LABEL} is ${own}` }
      : {
          level: 'restricted',
          why: `the label syncer leaves it alone and it has no ${ENFORCE_LABEL} label, so the cluster default (restricted) applies`,
        };
  // The syncer's view: SCCs the namespace's service accounts may use, as carried to the target by the
  // plan's grants, plus what the target grants every service account (its SCCs' groups; 4.11+ clusters
  // grant restricted-v2 to system:authenticated when the SCCs are not known).
  const usable = new Map<string, PsaLevel>();
  const sccs = [target.sccs, args.source.sccs];
  for (const g of args.sccGrants) {
    if (g.targetNamespace !== nd.target) continue;
    const level = levelOf(g.scc, sccs);
    if (level) usable.set(g.scc, level);
  }
  const broad = new Set(saGroups(nd.target));
  if (target.sccs.length === 0) usable.set('restricted-v2', 'restricted');
  for (const s of target.sccs)
    if (s.groups.some((g) => broad.has(g))) usable.set(s.name, sccLevel(s.object));
  let level: PsaLevel = 'restricted';
  for (const l of usable.values()) level = higher(level, l);
  const names = [...usable.keys()].sort();
  if (target.sccs.length === 0)
    names[names.indexOf('restricted-v2')] =
      "restricted-v2, OpenShift's default for every service account: the target's SCCs were not read";
  return {
    level,
    why: `the label syncer sets it from the SCCs its service accounts may use there (${names.join(', ') || 'none'})${own && own !== level ? `, replacing its ${ENFORCE_LABEL}: ${own} label` : ''}`,
  };
}
