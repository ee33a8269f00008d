import { describe, expect, it } from 'vitest';
import {
  isControlled,
  podSecurityFindings,
  sccLevel,
  type PsaLevel,
} from '../src/plan/rules/pod-security.js';
import type { NamespaceDecision, SccGrant } from '../src/plan/types.js';
import { emptyFacts, type ClusterFacts, type PodFact } from '../src/resolve/cluster-facts.js';
import { factsFromObjects } from '../src/resolve/facts-from-objects.js';

/**
 * pod-security.ts (MP4156), expected values written by hand from the rules it follows:
 * - openshift/cluster-policy-controller pkg/psalabelsyncer/podsecurity_label_sync_controller.go: isNSControlled
 *   (system namespaces never, openshift-* only with scc.podSecurityLabelSync "true", others unless "false")
 *   and syncNamespace (enforce = the highest level of the SCCs the namespace's service accounts may use);
 * - scctopsamapping_test.go there: the level of each SCC field (host access, privileged containers,
 *   capabilities outside baseline, unconfined seccomp, SELinux RunAsAny: privileged; privilege escalation
 *   allowed, no drop ALL, RunAsAny users, no seccomp profile: baseline);
 * - openshift/enhancements pod-security-admission*.md: OpenShift 4.11+ only; the cluster default is restricted.
 */

const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** OpenShift 4.x's definitions of the SCCs used below (fields that matter to the mapping only). */
const SCCS: Record<string, Record<string, unknown>> = {
  privileged: {
    allowHostDirVolumePlugin: true,
    allowHostIPC: true,
    allowHostNetwork: true,
    allowHostPID: true,
    allowHostPorts: true,
    allowPrivilegedContainer: true,
    allowedCapabilities: ['*'],
    runAsUser: { type: 'RunAsAny' },
    seLinuxContext: { type: 'RunAsAny' },
    seccompProfiles: ['*'],
    volumes: ['*'],
  },
  'restricted-v2': {
    allowPrivilegeEscalation: false,
    allowedCapabilities: ['NET_BIND_SERVICE'],
    requiredDropCapabilities: ['ALL'],
    runAsUser: { type: 'MustRunAsRange' },
    seLinuxContext: { type: 'MustRunAs' },
    seccompProfiles: ['runtime/default'],
    volumes: RESTRICTED_VOLUMES,
  },
  restricted: {
    requiredDropCapabilities: ['KILL', 'MKNOD', 'SETUID', 'SETGID'],
    runAsUser: { type: 'MustRunAsRange' },
    seLinuxContext: { type: 'MustRunAs' },
    volumes: [
      'configMap',
      'downwardAPI',
      'emptyDir',
      'persistentVolumeClaim',
      'projected',
      'secret',
    ],
  },
  anyuid: {
    priority: 10,
    requiredDropCapabilities: ['MKNOD'],
    runAsUser: { type: 'RunAsAny' },
    seLinuxContext: { type: 'MustRunAs' },
    volumes: RESTRICTED_VOLUMES,
  },
  'nonroot-v2': {
    allowPrivilegeEscalation: false,
    allowedCapabilities: ['NET_BIND_SERVICE'],
    requiredDropCapabilities: ['ALL'],
    runAsUser: { type: 'MustRunAsNonRoot' },
    seLinuxContext: { type: 'MustRunAs' },
    seccompProfiles: ['runtime/default'],
    volumes: RESTRICTED_VOLUMES,
  },
  'hostnetwork-v2': {
    allowHostNetwork: true,
    allowHostPorts: true,
    allowPrivilegeEscalation: false,
    requiredDropCapabilities: ['ALL'],
    runAsUser: { type: 'MustRunAsRange' },
    seLinuxContext: { type: 'MustRunAs' },
    seccompProfiles: ['runtime/default'],
    volumes: RESTRICTED_VOLUMES,
  },
};

describe('sccLevel: an SCC as a PodSecurity level (scctopsamapping.go)', () => {
  const rv2 = SCCS['restricted-v2'] as Record<string, unknown>;
  const rows: [string, Record<string, unknown>, PsaLevel][] = [
    ['privileged', SCCS['privileged'] as Record<string, unknown>, 'privileged'],
    ['restricted-v2', rv2, 'restricted'],
    ['nonroot-v2', SCCS['nonroot-v2'] as Record<string, unknown>, 'restricted'],
    [
      'legacy restricted (escalation allowed, no drop ALL)',
      SCCS['restricted'] as Record<string, unknown>,
      'baseline',
    ],
    ['anyuid (RunAsAny users)', SCCS['anyuid'] as Record<string, unknown>, 'baseline'],
    [
      'hostnetwork-v2 (host network)',
      SCCS['hostnetwork-v2'] as Record<string, unknown>,
      'privileged',
    ],
    ['restricted-v2 + hostPath volume', { ...rv2, volumes: ['hostPath'] }, 'privileged'],
    ['restricted-v2 + host dir plugin', { ...rv2, allowHostDirVolumePlugin: true }, 'privileged'],
    ['restricted-v2 + host PID', { ...rv2, allowHostPID: true }, 'privileged'],
    ['restricted-v2 + host IPC', { ...rv2, allowHostIPC: true }, 'privileged'],
    [
      'restricted-v2 + privileged containers',
      { ...rv2, allowPrivilegedContainer: true },
      'privileged',
    ],
    [
      'restricted-v2 + NET_RAW (outside baseline)',
      { ...rv2, allowedCapabilities: ['NET_RAW'] },
      'privileged',
    ],
    [
      'restricted-v2 + MKNOD (baseline set)',
      { ...rv2, allowedCapabilities: ['NET_BIND_SERVICE', 'MKNOD'] },
      'baseline',
    ],
    ['restricted-v2 without drop ALL', { ...rv2, requiredDropCapabilities: [] }, 'baseline'],
    [
      'restricted-v2 with escalation unset',
      { ...rv2, allowPrivilegeEscalation: undefined },
      'baseline',
    ],
    [
      'restricted-v2 + unsafe sysctl',
      { ...rv2, allowedUnsafeSysctls: ['net.ipv4.tcp_keepalive_time'] },
      'privileged',
    ],
    [
      'restricted-v2 + safe sysctl',
      { ...rv2, allowedUnsafeSysctls: ['net.ipv4.ping_group_range'] },
      'restricted',
    ],
    [
      'restricted-v2, uid MustRunAs 0',
      { ...rv2, runAsUser: { type: 'MustRunAs', uid: 0 } },
      'baseline',
    ],
    [
      'restricted-v2, uid MustRunAs 1000',
      { ...rv2, runAsUser: { type: 'MustRunAs', uid: 1000 } },
      'restricted',
    ],
    [
      'restricted-v2, range from 0',
      { ...rv2, runAsUser: { type: 'MustRunAsRange', uidRangeMin: 0, uidRangeMax: 10 } },
      'baseline',
    ],
    [
      'restricted-v2 + a CephFS volume',
      { ...rv2, volumes: [...RESTRICTED_VOLUMES, 'cephFS'] },
      'baseline',
    ],
    [
      'restricted-v2, SELinux RunAsAny',
      { ...rv2, seLinuxContext: { type: 'RunAsAny' } },
      'privileged',
    ],
    [
      'restricted-v2, SELinux custom type',
      { ...rv2, seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { type: 'spc_t' } } },
      'privileged',
    ],
    [
      'restricted-v2, SELinux container_t',
      { ...rv2, seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { type: 'container_t' } } },
      'restricted',
    ],
    [
      'restricted-v2, SELinux custom user',
      { ...rv2, seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { user: 'user_u' } } },
      'privileged',
    ],
    [
      'restricted-v2, seccomp unconfined',
      { ...rv2, seccompProfiles: ['runtime/default', 'unconfined'] },
      'privileged',
    ],
    [
      'restricted-v2, seccomp localhost',
      { ...rv2, seccompProfiles: ['localhost/profile'] },
      'restricted',
    ],
    ['restricted-v2, no seccomp profile', { ...rv2, seccompProfiles: [] }, 'baseline'],
  ];
  it.each(rows)('%s -> %s', (_name, scc, level) => {
    expect(sccLevel(scc)).toBe(level);
  });
});

describe('isControlled: which namespaces the label syncer labels (isNSControlled)', () => {
  const rows: [string, Record<string, string>, boolean][] = [
    ['shop', {}, true],
    ['shop', { 'security.openshift.io/scc.podSecurityLabelSync': 'false' }, false],
    ['shop', { 'security.openshift.io/scc.podSecurityLabelSync': 'true' }, true],
    ['openshift-tools', {}, false],
    ['openshift-tools', { 'security.openshift.io/scc.podSecurityLabelSync': 'true' }, true],
    ['default', {}, false],
    ['kube-system', { 'security.openshift.io/scc.podSecurityLabelSync': 'true' }, false],
  ];
  it.each(rows)('%s %j -> %s', (name, labels, controlled) => {
    expect(isControlled(name, labels)).toBe(controlled);
  });
});

const sccFact = (name: string, groups: string[] = []) => ({
  name,
  users: [],
  groups,
  object: { kind: 'SecurityContextConstraints', metadata: { name }, groups, ...SCCS[name] },
});

function pod(name: string, scc: string | undefined, phase = 'Running'): PodFact {
  return {
    namespace: 'shop',
    name,
    phase,
    ready: true,
    serviceAccountName: 'default',
    nodeSelector: {},
    claimNames: [],
    hostPathVolumes: [],
    images: [],
    owners: [],
    ...(scc !== undefined ? { scc } : {}),
  };
}

function grant(scc: string): SccGrant {
  return {
    scc,
    namespace: 'shop',
    serviceAccount: 'default',
    targetNamespace: 'shop',
    via: 'users',
    viaDetail: '',
    existsOnTarget: true,
    clusterRole: `system:openshift:scc:${scc}`,
    emitClusterRole: false,
    emitScc: false,
  };
}

interface Row {
  name: string;
  targetVersion?: string;
  pods: PodFact[];
  labels?: Record<string, string>;
  targetNamespace?: string;
  grants?: SccGrant[];
  /** The target's SCCs (name and groups); [] when not known. */
  targetSccs?: ReturnType<typeof sccFact>[];
  /** undefined: no finding; else the level needed and the level enforced, as the message names them. */
  expected?: { needs: PsaLevel; enforced: PsaLevel; why: string };
}

const V2_FOR_ALL = [sccFact('restricted-v2', ['system:authenticated']), sccFact('privileged')];

const rows: Row[] = [
  {
    name: 'a privileged pod, no grant, 4.14 target: refused (the syncer sets restricted)',
    pods: [pod('agent', 'privileged')],
    expected: {
      needs: 'privileged',
      enforced: 'restricted',
      why: 'SCCs its service accounts may use there (restricted-v2)',
    },
  },
  {
    name: 'the same on a 4.10 target: no PodSecurity admission yet',
    targetVersion: '4.10.30',
    pods: [pod('agent', 'privileged')],
  },
  {
    name: 'the same with an unknown target version: not judged',
    targetVersion: '',
    pods: [pod('agent', 'privileged')],
  },
  {
    name: 'the SA is granted privileged (carried by the plan): the syncer raises the level',
    pods: [pod('agent', 'privileged')],
    grants: [grant('privileged')],
  },
  {
    name: 'enforce privileged + podSecurityLabelSync "false": kept',
    pods: [pod('agent', 'privileged')],
    labels: {
      'pod-security.kubernetes.io/enforce': 'privileged',
      'security.openshift.io/scc.podSecurityLabelSync': 'false',
    },
  },
  {
    name: 'enforce privileged without opting out: the syncer replaces the label',
    pods: [pod('agent', 'privileged')],
    labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    expected: {
      needs: 'privileged',
      enforced: 'restricted',
      why: 'replacing its pod-security.kubernetes.io/enforce: privileged label',
    },
  },
  {
    name: 'opted out without a label: the cluster default',
    pods: [pod('agent', 'privileged')],
    labels: { 'security.openshift.io/scc.podSecurityLabelSync': 'false' },
    expected: {
      needs: 'privileged',
      enforced: 'restricted',
      why: 'the cluster default (restricted) applies',
    },
  },
  {
    name: 'opted out with enforce baseline: a privileged pod is still refused',
    pods: [pod('agent', 'privileged')],
    labels: {
      'security.openshift.io/scc.podSecurityLabelSync': 'false',
      'pod-security.kubernetes.io/enforce': 'baseline',
    },
    expected: {
      needs: 'privileged',
      enforced: 'baseline',
      why: 'its label pod-security.kubernetes.io/enforce is baseline',
    },
  },
  {
    name: 'an openshift-* target namespace keeps its own enforce label',
    pods: [pod('agent', 'privileged')],
    targetNamespace: 'openshift-tools',
    labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
  },
  {
    name: 'an anyuid pod (runs as any UID) without the grant: needs baseline',
    pods: [pod('db', 'anyuid'), pod('web', 'restricted-v2')],
    expected: { needs: 'baseline', enforced: 'restricted', why: 'restricted-v2' },
  },
  {
    name: 'anyuid granted to the SA: baseline is enforced',
    pods: [pod('db', 'anyuid')],
    grants: [grant('anyuid')],
  },
  {
    name: 'a pod under the legacy restricted SCC gets restricted-v2 on the target',
    pods: [pod('web', 'restricted')],
  },
  {
    name: 'a pod that is not running is not restored running',
    pods: [pod('agent', 'privileged', 'Succeeded')],
  },
  { name: 'a pod without the SCC annotation (not OpenShift)', pods: [pod('agent', undefined)] },
  { name: 'a custom SCC nobody recorded: not judged', pods: [pod('agent', 'vendor-special')] },
  {
    name: 'the target grants anyuid to every service account: baseline is enforced, privileged still refused',
    pods: [pod('db', 'anyuid'), pod('agent', 'hostnetwork-v2')],
    targetSccs: [...V2_FOR_ALL, sccFact('anyuid', ['system:serviceaccounts'])],
    expected: { needs: 'privileged', enforced: 'baseline', why: 'anyuid, restricted-v2' },
  },
  {
    name: 'target SCCs not recorded: 4.11+ grants restricted-v2 to everyone',
    pods: [pod('agent', 'privileged')],
    targetSccs: [],
    expected: {
      needs: 'privileged',
      enforced: 'restricted',
      why: "(restricted-v2, OpenShift's default for every service account: the target's SCCs were not read)",
    },
  },
];

describe('podSecurityFindings (MP4156): pods the target PodSecurity admission refuses', () => {
  it.each(rows)('$name', (row) => {
    const source: ClusterFacts = { ...emptyFacts('ocp311'), version: '3.11.0', pods: row.pods };
    source.sccs = Object.keys(SCCS).map((n) =>
      sccFact(n, n === 'restricted' ? ['system:authenticated'] : []),
    );
    const target: ClusterFacts = {
      ...emptyFacts('ocp414'),
      ...(row.targetVersion !== '' ? { version: row.targetVersion ?? '4.14.8' } : {}),
      sccs: row.targetSccs ?? V2_FOR_ALL,
    };
    const nd: NamespaceDecision = {
      source: 'shop',
      target: row.targetNamespace ?? 'shop',
      existsOnTarget: false,
      pods: row.pods.length,
      serviceAccounts: ['default'],
      labels: row.labels ?? {},
      annotations: {},
    };
    const grants = (row.grants ?? []).map((g) => ({ ...g, targetNamespace: nd.target }));
    const found = podSecurityFindings({
      planName: 'p',
      index: 0,
      namespaces: [nd],
      source,
      target,
      sccGrants: grants,
    });
    if (!row.expected) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((d) => [d.code, d.severity, d.path])).toEqual([
      ['MP4156', 'error', ['spec', 'plans', 0, 'namespaces']],
    ]);
    const message = found[0]?.message ?? '';
    expect(message).toContain(`need PodSecurity level ${row.expected.needs}`);
    expect(message).toContain(`will enforce ${row.expected.enforced} there`);
    expect(message).toContain(row.expected.why);
    // The fix: the labels that keep the level, on the source namespace (MTC copies them).
    expect(message).toContain(
      `pod-security.kubernetes.io/enforce: ${row.expected.needs} and security.openshift.io/scc.podSecurityLabelSync: "false"`,
    );
  });

  it('names each refused pod with its SCC, not the pods the level admits', () => {
    const source: ClusterFacts = {
      ...emptyFacts('src'),
      pods: [pod('agent', 'privileged'), pod('web', 'restricted-v2')],
    };
    const target: ClusterFacts = { ...emptyFacts('dst'), version: '4.12.1', sccs: V2_FOR_ALL };
    const [d] = podSecurityFindings({
      planName: 'p',
      index: 2,
      namespaces: [
        {
          source: 'shop',
          target: 'shop-new',
          existsOnTarget: false,
          pods: 2,
          serviceAccounts: ['default'],
          labels: {},
          annotations: {},
        },
      ],
      source,
      target,
      sccGrants: [],
    });
    expect(d?.message).toContain(
      'namespace shop (shop-new on dst) runs pods under SCC privileged (1 pod(s): agent)',
    );
    expect(d?.message).not.toContain('web');
    expect(d?.path).toEqual(['spec', 'plans', 2, 'namespaces']);
  });
});

describe('pod facts: the SCC that admitted a pod', () => {
  it('reads the openshift.io/scc annotation, and leaves it out when absent', () => {
    const facts = factsFromObjects('c', [
      {
        kind: 'Pod',
        metadata: { namespace: 'a', name: 'x', annotations: { 'openshift.io/scc': 'anyuid' } },
      },
      { kind: 'Pod', metadata: { namespace: 'a', name: 'y' } },
    ]);
    expect(facts.pods.map((p) => [p.name, p.scc])).toEqual([
      ['x', 'anyuid'],
      ['y', undefined],
    ]);
    expect('scc' in (facts.pods[1] ?? {})).toBe(false);
  });
});
