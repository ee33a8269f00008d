import type { KubeObject } from '../../resolve/facts-from-objects.js';
import type { HcpFacts, HostedClusterFact, NodePoolFact } from '../../resolve/hcp-facts.js';
import { contextOf, hcpDefaults, type HostedClusterMigration } from '../../spec/hcp.js';
import { minorOf } from './preflight.js';
import { UNFILLED_RESTORE_URL, type Phase, type Step, type StepPlace } from './types.js';

/**
 * The ordered procedure (hcp-migration reference §2-§4): backup on the source, restore on the target, teardown
 * of the source copy, then the OVN pod reset in the hosted cluster. Objects are partial objects for server-side
 * apply, each step under its own field manager: with one shared manager, a later apply that leaves a field out
 * would remove it (unpause the cluster, scale the API back up).
 */

const HC_API = 'hypershift.openshift.io/v1beta1';
const API_DEPLOYMENTS = [
  'kube-apiserver',
  'openshift-apiserver',
  'openshift-oauth-apiserver',
  'control-plane-operator',
];
/**
 * CP Secrets migrate-hcp.sh leaves behind (service-account tokens, pull secrets, OAuth sessions): regenerated. The
 * script greps `oc get secret` lines, name and type; from metadata alone, the type of a service-account token or
 * dockercfg Secret shows as its kubernetes.io/service-account.name annotation.
 */
const CP_SECRET_SKIP = (hc: string) =>
  new RegExp(`docker|service-account-token|oauth-openshift|token-${hc}`);
/** Fields stripped from every saved object before it is applied elsewhere (migrate-hcp.sh restore_object). */
const JQ_STRIP =
  'del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.generation, .metadata.managedFields, .metadata.ownerReferences, .status)';
const JQ_LIST = `jq '(if .kind == "List" then .items else [.] end) | map(${JQ_STRIP}) | {apiVersion: "v1", kind: "List", items: .}'`;

/** CAPI and HyperShift objects of the CP namespace, in the order migrate-hcp.sh restores them (AWS). */
const CP_OBJECTS_AWS = [
  'hostedcontrolplanes.hypershift.openshift.io',
  'clusters.cluster.x-k8s.io',
  'awsclusters.infrastructure.cluster.x-k8s.io',
  'awsmachinetemplates.infrastructure.cluster.x-k8s.io',
  'awsmachines.infrastructure.cluster.x-k8s.io',
  'machinedeployments.cluster.x-k8s.io',
  'machinesets.cluster.x-k8s.io',
  'machines.cluster.x-k8s.io',
];

/** includedResources of the OADP Backup per platform (HS backup-and-restore-oadp.md). */
const OADP_COMMON = [
  'sa',
  'role',
  'rolebinding',
  'pod',
  'pvc',
  'pv',
  'configmap',
  'priorityclasses',
  'pdb',
  'hostedcluster',
  'nodepool',
  'secrets',
  'services',
  'deployments',
  'statefulsets',
  'hostedcontrolplane',
  'cluster',
];
const OADP_PLATFORM: Record<string, string[]> = {
  AWS: [
    'awscluster',
    'awsmachinetemplate',
    'awsmachine',
    'machinedeployment',
    'machineset',
    'machine',
    'route',
    'clusterdeployment',
  ],
  Agent: [
    'bmh',
    'infraenv',
    'agents',
    'agentcluster',
    'agentmachinetemplate',
    'agentmachine',
    'machinedeployment',
    'machineset',
    'machine',
    'route',
    'clusterdeployment',
  ],
  KubeVirt: [
    'kubevirtcluster',
    'kubevirtmachinetemplate',
    'datavolume',
    'machinedeployment',
    'machineset',
    'machine',
    'route',
  ],
  OpenStack: [
    'openstackclusters',
    'openstackmachinetemplates',
    'openstackmachine',
    'openstackfloatingippools',
    'machinedeployment',
    'machineset',
    'machine',
    'route',
  ],
};
/** Restore excludedResources (HS backup-and-restore-oadp.md). */
const OADP_RESTORE_EXCLUDED = [
  'nodes',
  'events',
  'events.events.k8s.io',
  'backups.velero.io',
  'restores.velero.io',
  'resticrepositories.velero.io',
];

/**
 * The etcd CA inside the etcd pod moved in 4.12 (HS etc-backup-restore.md); the seed document still shows the
 * old path.
 */
export function etcdCaPath(version: string | undefined): string {
  const m = minorOf(version);
  return m && m[0] === 4 && m[1] <= 11
    ? '/etc/etcd/tls/client/etcd-client-ca.crt'
    : '/etc/etcd/tls/etcd-ca/ca.crt';
}

export interface StepInputs {
  spec: HostedClusterMigration;
  hc: HostedClusterFact;
  nodePools: NodePoolFact[];
  cpNamespace: string;
  source: HcpFacts;
  target?: HcpFacts;
  backupDir: string;
}

const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
});

const quote = (s: string) =>
  /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/** The file a step's objects are written to, relative to the --out directory. */
export const stepFile = (s: Pick<Step, 'n' | 'id' | 'place'>, rollback = false): string =>
  `hcp/${s.place}/${rollback ? 'rollback/' : ''}${String(s.n).padStart(2, '0')}-${s.id}.yaml`;

export const fieldManager = (s: Pick<Step, 'n' | 'id'>): string =>
  `migplan-hcp-${String(s.n).padStart(2, '0')}-${s.id}`;

/** The HostedCluster as the target creates it: server fields, pausedUntil and finalizers gone, one URL slot. */
export function restoredHostedCluster(hc: HostedClusterFact, withUrlSlot: boolean): KubeObject {
  const o = structuredClone(hc.object);
  const m = { ...(o['metadata'] as Record<string, unknown>) };
  delete m['finalizers'];
  const spec = { ...(o['spec'] as Record<string, unknown>) };
  delete spec['pausedUntil'];
  if (withUrlSlot) {
    const etcd = structuredClone((spec['etcd'] ?? {}) as Record<string, unknown>);
    const managed = (etcd['managed'] ?? {}) as Record<string, unknown>;
    const storage = (managed['storage'] ?? {}) as Record<string, unknown>;
    // Not a list on purpose: every HostedCluster CRD version wants a list here, so the unfilled file fails
    // admission on any operator; the fill command writes the one-URL list.
    storage['restoreSnapshotURL'] = UNFILLED_RESTORE_URL;
    managed['storage'] = storage;
    etcd['managed'] = managed;
    spec['etcd'] = etcd;
  }
  return { ...o, apiVersion: HC_API, metadata: m, spec };
}

/** A NodePool as the target creates it: also without any annotation (migrate-hcp.sh restore_object). */
export function restoredNodePool(np: NodePoolFact): KubeObject {
  const o = structuredClone(np.object);
  const m = { ...(o['metadata'] as Record<string, unknown>) };
  delete m['annotations'];
  delete m['finalizers'];
  const spec = { ...(o['spec'] as Record<string, unknown>) };
  delete spec['pausedUntil'];
  return { ...o, apiVersion: HC_API, metadata: m, spec };
}

/** Builds the ordered steps for the spec's purpose and method. */
export function buildSteps(i: StepInputs): { steps: Step[]; rollbacks: Map<number, KubeObject[]> } {
  const { spec, hc, nodePools, cpNamespace: CP, source, backupDir: B } = i;
  const N = hc.namespace;
  const H = hc.name;
  const purpose = spec.spec.purpose;
  const method = spec.spec.method;
  const oc = (place: StepPlace) =>
    place === 'hosted'
      ? `oc --kubeconfig=${quote(spec.spec.hostedCluster.kubeconfig ?? `${B}/hosted.kubeconfig`)}`
      : `oc --context=${quote(contextOf(spec, place === 'target' ? 'target' : 'source'))}`;
  const S = oc('source');
  const T = oc('target');
  const hosted = oc('hosted');
  const steps: Step[] = [];
  const rollbacks = new Map<number, KubeObject[]>();
  const add = (s: Omit<Step, 'n' | 'commands'> & { commands?: string[] }): Step => {
    const step: Step = { ...s, n: steps.length + 1, commands: s.commands ?? [] };
    if (step.objects.length) {
      const apply = `${oc(step.place)} apply --server-side --field-manager=${fieldManager(step)}${step.forceConflicts ? ' --force-conflicts' : ''} -f ${stepFile(step)}`;
      step.commands = [apply, ...step.commands];
    }
    steps.push(step);
    return step;
  };
  const partial = (
    kind: string,
    apiVersion: string,
    name: string,
    namespace: string,
    spec: object,
  ) => ({
    apiVersion,
    kind,
    metadata: meta(name, namespace),
    spec,
  });
  const pausable = [
    partial('HostedCluster', HC_API, H, N, { pausedUntil: 'true' }),
    ...nodePools.map((np) => partial('NodePool', HC_API, np.name, N, { pausedUntil: 'true' })),
  ];
  const unpausedShape = pausable.map((o) => ({ ...o, spec: {} }));
  const apiDeployments = API_DEPLOYMENTS.flatMap((name) => {
    const w = source.workloads.find((x) => x.kind === 'Deployment' && x.name === name);
    return w ? [w] : [];
  });
  const stopApi = (phase: Phase) => {
    const s = add({
      id: 'stop-api',
      phase,
      place: 'source',
      title: 'Stop the hosted API and the control-plane operator',
      changes: `scales ${apiDeployments.map((d) => d.name).join(', ')} in ${CP} to 0, so nothing writes to etcd`,
      objects: apiDeployments.map((d) =>
        partial('Deployment', 'apps/v1', d.name, CP, { replicas: 0 }),
      ),
      partial: true,
      forceConflicts: true,
      apiDown: true,
      verify: {
        name: 'API stopped',
        command: `${S} wait --for=delete pod -n ${CP} -l app=kube-apiserver --timeout=10m`,
      },
      rollback: `apply ${stepFile({ n: steps.length + 1, id: 'stop-api', place: 'source' }, true)} under the same field manager: it sets the replica counts recorded from the source (${apiDeployments.map((d) => `${d.name}=${d.replicas}`).join(', ')}), not 1`,
    });
    rollbacks.set(
      s.n,
      apiDeployments.map((d) =>
        partial('Deployment', 'apps/v1', d.name, CP, { replicas: d.replicas }),
      ),
    );
    return s;
  };

  // ---- backup (source) ----
  if (purpose !== 'restore') {
    const pause = add({
      id: 'pause',
      phase: 'backup',
      place: 'source',
      title: 'Pause reconciliation of the HostedCluster and its NodePools',
      changes: `sets spec.pausedUntil "true" on HostedCluster ${N}/${H} and ${nodePools.length} NodePool(s); the HyperShift operator stops acting on them`,
      objects: pausable,
      partial: true,
      verify: {
        name: 'reconciliation paused',
        command: `${S} wait --for=condition=ReconciliationActive=False hostedcluster/${H} -n ${N} --timeout=5m`,
      },
      rollback: `apply ${stepFile({ n: steps.length + 1, id: 'pause', place: 'source' }, true)} under the same field manager: it owns pausedUntil, so applying the objects without it removes the pause`,
    });
    rollbacks.set(pause.n, unpausedShape);
    if (method === 'etcd-snapshot') {
      const hcSecrets = secretsOfHc(hc, source);
      const cpSecrets = source.secrets
        .filter(
          (s) =>
            s.namespace === CP && s.serviceAccount === undefined && !CP_SECRET_SKIP(H).test(s.name),
        )
        .map((s) => s.name);
      const commands = [
        `mkdir -p ${B} && chmod 700 ${B}`,
        `strip() { ${JQ_LIST}; }`,
        `${S} get secret -n ${N} ${hcSecrets.join(' ')} -o json | strip > ${B}/secrets-${N}.json`,
      ];
      if (cpSecrets.length)
        commands.push(
          `${S} get secret -n ${CP} ${cpSecrets.join(' ')} -o json | strip > ${B}/secrets-${CP}.json`,
        );
      if (hc.platformType === 'AWS')
        for (const [k, kind] of CP_OBJECTS_AWS.entries())
          commands.push(
            `${S} get ${kind} -n ${CP} -o json | strip > ${B}/cp-${String(k + 1).padStart(2, '0')}-${kind.split('.')[0] ?? kind}.json`,
          );
      add({
        id: 'save-objects',
        phase: 'backup',
        place: 'workstation',
        title: 'Save the Secrets and control-plane objects the restore needs',
        changes: `writes ${B}/ (it holds Secret values: keep it private, delete it after the move)`,
        objects: [],
        commands,
        verify: {
          name: 'objects saved',
          command: `jq '.items | length' ${B}/secrets-${N}.json  # expect ${hcSecrets.length}`,
        },
      });
      stopApi('backup');
      const ca = etcdCaPath(hc.version);
      const db = '/var/lib/data/snapshot.db';
      add({
        id: 'etcd-snapshot',
        phase: 'backup',
        place: 'source',
        title: 'Snapshot etcd (etcd-0 only: the restore takes one URL)',
        changes: `writes ${db} in pod etcd-0 of ${CP}`,
        objects: [],
        commands: [
          `${S} exec -n ${CP} etcd-0 -c etcd -- env ETCDCTL_API=3 /usr/bin/etcdctl --cacert ${ca} --cert /etc/etcd/tls/client/etcd-client.crt --key /etc/etcd/tls/client/etcd-client.key --endpoints=localhost:2379 snapshot save ${db}`,
        ],
        verify: {
          name: 'snapshot valid',
          command: `${S} exec -n ${CP} etcd-0 -c etcd -- env ETCDCTL_API=3 /usr/bin/etcdctl -w table snapshot status ${db}`,
        },
      });
      const st = spec.spec.storage;
      const key = `${st?.prefix ?? hcpDefaults.storagePrefix}/${N}/${H}/${spec.metadata.name}.db`;
      const aws = `aws --profile ${quote(st?.credentials.profile ?? 'default')} --region ${st?.region ?? ''}`;
      add({
        id: 'upload-snapshot',
        phase: 'backup',
        place: 'workstation',
        title: 'Copy the snapshot out of the pod and upload it',
        changes: `uploads s3://${st?.bucket ?? ''}/${key} (signed by the AWS CLI, not the SigV2 curl of older docs, which SigV4-only regions refuse)`,
        objects: [],
        commands: [
          `${S} exec -n ${CP} etcd-0 -c etcd -- cat ${db} > ${B}/etcd-snapshot.db`,
          `${S} exec -n ${CP} etcd-0 -c etcd -- sha256sum ${db}; sha256sum ${B}/etcd-snapshot.db`,
          `${aws} s3 cp ${B}/etcd-snapshot.db s3://${st?.bucket ?? ''}/${key}`,
        ],
        verify: {
          name: 'snapshot uploaded',
          command: `${aws} s3api head-object --bucket ${st?.bucket ?? ''} --key ${key}`,
        },
      });
    } else {
      add({
        id: 'pause-capi',
        phase: 'backup',
        place: 'source',
        title: 'Pause the CAPI Cluster (the OADP plugin no longer does since 2026-03)',
        changes: `sets spec.paused on Cluster ${CP}/${hc.infraID ?? '<infraID>'}`,
        objects: [],
        commands: [
          `${S} patch clusters.cluster.x-k8s.io -n ${CP} ${hc.infraID ?? ''} --type=merge -p '{"spec":{"paused":true}}'`,
        ],
        verify: {
          name: 'CAPI paused',
          command: `${S} get clusters.cluster.x-k8s.io -n ${CP} ${hc.infraID ?? ''} -o jsonpath='{.spec.paused}'  # expect true`,
        },
      });
      const ns = spec.spec.oadp?.namespace ?? hcpDefaults.oadpNamespace;
      const name = spec.metadata.name;
      add({
        id: 'backup',
        phase: 'backup',
        place: 'source',
        title: 'Back up the HC and control-plane namespaces with Velero',
        changes: `creates Backup ${ns}/${name} of namespaces ${N} and ${CP}`,
        objects: [
          {
            apiVersion: 'velero.io/v1',
            kind: 'Backup',
            metadata: meta(name, ns),
            spec: {
              includedNamespaces: [N, CP],
              includedResources: [...OADP_COMMON, ...(OADP_PLATFORM[hc.platformType ?? ''] ?? [])],
              storageLocation:
                spec.spec.oadp?.backupStorageLocation ?? hcpDefaults.backupStorageLocation,
              ttl: spec.spec.oadp?.ttl ?? hcpDefaults.backupTtl,
              snapshotMoveData: true,
              datamover: 'velero',
              defaultVolumesToFsBackup: false,
              snapshotVolumes: true,
            },
          },
        ],
        verify: {
          name: 'backup completed',
          command: `${S} wait --for=jsonpath='{.status.phase}'=Completed backup/${name} -n ${ns} --timeout=2h`,
        },
      });
      if (purpose === 'move') stopApi('backup');
    }
    if (purpose === 'backup') {
      // Resume: the rollback objects of the pause and stop steps, under those steps' own managers.
      const stop = steps.find((s) => s.id === 'stop-api');
      if (stop)
        add({
          id: 'resume-api',
          phase: 'resume',
          place: 'source',
          title: 'Start the hosted API again',
          changes: `restores the recorded replica counts (${apiDeployments.map((d) => `${d.name}=${d.replicas}`).join(', ')})`,
          objects: [],
          commands: [
            `${S} apply --server-side --field-manager=${fieldManager(stop)} --force-conflicts -f ${stepFile(stop, true)}`,
          ],
          apiBack: true,
          verify: {
            name: 'API back',
            command: `${S} wait --for=condition=Available deployment/kube-apiserver -n ${CP} --timeout=10m`,
          },
        });
      if (method === 'oadp')
        add({
          id: 'unpause-capi',
          phase: 'resume',
          place: 'source',
          title: 'Unpause the CAPI Cluster',
          changes: `clears spec.paused on Cluster ${CP}/${hc.infraID ?? ''}`,
          objects: [],
          commands: [
            `${S} patch clusters.cluster.x-k8s.io -n ${CP} ${hc.infraID ?? ''} --type=merge -p '{"spec":{"paused":false}}'`,
          ],
          verify: {
            name: 'CAPI unpaused',
            command: `${S} get clusters.cluster.x-k8s.io -n ${CP} ${hc.infraID ?? ''} -o jsonpath='{.spec.paused}'  # expect false`,
          },
        });
      add({
        id: 'unpause',
        phase: 'resume',
        place: 'source',
        title: 'Resume reconciliation',
        changes:
          'removes spec.pausedUntil (the pause step owns it; applying its objects without the field drops it)',
        objects: [],
        commands: [
          `${S} apply --server-side --field-manager=${fieldManager(pause)} -f ${stepFile(pause, true)}`,
        ],
        verify: {
          name: 'reconciliation active',
          command: `${S} wait --for=condition=ReconciliationActive=True hostedcluster/${H} -n ${N} --timeout=5m`,
        },
      });
      return { steps, rollbacks };
    }
  }

  // ---- DNS hand-over (move): the source's external-dns must let go of the records first ----
  const published = hc.services.filter((s) => s.hostname !== undefined);
  if (purpose === 'move' && published.length) {
    const api = published.find((s) => s.service === 'APIServer') ?? published[0];
    const host = api?.hostname ?? '';
    const domain = host.split('.').slice(1).join('.');
    add({
      id: 'release-dns',
      phase: 'backup',
      place: 'source',
      title: "Delete the control plane's Routes so external-dns removes their records",
      changes: `deletes every Route in ${CP}; external-dns on the source deletes the records of ${published.map((s) => s.hostname).join(', ')}`,
      objects: [],
      commands: [
        `${S} delete routes -n ${CP} --all`,
        `ZONE_ID="$(aws --profile ${quote(spec.spec.storage?.credentials.profile ?? 'default')} route53 list-hosted-zones-by-name --dns-name ${domain} --query 'HostedZones[0].Id' --output text)"`,
      ],
      verify: {
        name: 'DNS records released',
        command: `for i in $(seq 40); do n="$(aws --profile ${quote(spec.spec.storage?.credentials.profile ?? 'default')} route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "length(ResourceRecordSets[?contains(Name, '${host}')])" --output text)"; [ "$n" = 0 ] && break; sleep 10; done; [ "$n" = 0 ]`,
      },
      rollback:
        'unpause the source (rollback of the pause step): its operator recreates the Routes and external-dns the records',
    });
  }

  // ---- restore (target) ----
  const snapshotStep = steps.find((s) => s.id === 'upload-snapshot' || s.id === 'backup');
  const backupGate =
    purpose === 'restore'
      ? `the backup of ${H} (a run of this spec with purpose backup: ${method === 'oadp' ? 'Backup completed' : `${B}/ and the uploaded snapshot`})`
      : snapshotStep?.verify.name;
  if (method === 'etcd-snapshot') {
    const target = i.target;
    const namespaces = [N, CP].filter((ns) => !target?.namespaces.includes(ns));
    if (namespaces.length)
      add({
        id: 'namespaces',
        phase: 'restore',
        place: 'target',
        title: 'Create the HC and control-plane namespaces',
        changes: `creates namespace(s) ${namespaces.join(', ')}`,
        objects: namespaces.map((ns) => ({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: meta(ns),
        })),
        ...(backupGate ? { gate: backupGate } : {}),
        verify: { name: 'namespaces exist', command: `${T} get namespace ${namespaces.join(' ')}` },
      });
    const secretsStep = add({
      id: 'secrets',
      phase: 'restore',
      place: 'target',
      title: 'Restore the saved Secrets',
      changes: `creates the Secrets saved from ${N} and ${CP} (the PKI of the control plane: the nodes keep trusting it)`,
      objects: [],
      commands: [
        `${T} apply --server-side --field-manager=migplan-hcp-secrets -f ${B}/secrets-${N}.json`,
        `test ! -f ${B}/secrets-${CP}.json || ${T} apply --server-side --field-manager=migplan-hcp-secrets -f ${B}/secrets-${CP}.json`,
      ],
      verify: {
        name: 'Secrets restored',
        command: `${T} get secret -n ${N} ${secretsOfHc(hc, source).join(' ')}`,
      },
    });
    const keyRef = hc.secretRefs.find((r) => r.field === 'spec.secretEncryption.aescbc.activeKey');
    const keyCheck = keyRef
      ? add({
          id: 'check-encryption-key',
          phase: 'restore',
          place: 'workstation',
          title: 'Compare the etcd encryption key on both sides (hashes only)',
          changes: 'nothing; prints two SHA-256 hashes of the AES key',
          objects: [],
          commands:
            purpose === 'move'
              ? [
                  `diff <(${S} get secret -n ${N} ${keyRef.name} -o jsonpath='{.data.key}' | sha256sum) <(${T} get secret -n ${N} ${keyRef.name} -o jsonpath='{.data.key}' | sha256sum) && echo 'same encryption key'`,
                ]
              : [
                  `diff <(jq -r '.items[] | select(.metadata.name == "${keyRef.name}") | .data.key' ${B}/secrets-${N}.json | tr -d '\\n' | sha256sum) <(${T} get secret -n ${N} ${keyRef.name} -o jsonpath='{.data.key}' | sha256sum) && echo 'same encryption key'`,
                ],
          gate: secretsStep.verify.name,
          verify: {
            name: 'same encryption key',
            command: "the command prints 'same encryption key'",
          },
        })
      : undefined;
    if (hc.platformType === 'AWS')
      add({
        id: 'control-plane-objects',
        phase: 'restore',
        place: 'target',
        title: 'Restore the HostedControlPlane and CAPI objects (keeps the EC2 nodes)',
        changes: `creates ${CP_OBJECTS_AWS.map((k) => k.split('.')[0]).join(', ')} in ${CP} from the saved copies`,
        objects: [],
        commands: CP_OBJECTS_AWS.map(
          (kind, k) =>
            `${T} apply --server-side --field-manager=migplan-hcp-control-plane-objects -f ${B}/cp-${String(k + 1).padStart(2, '0')}-${kind.split('.')[0] ?? kind}.json`,
        ),
        verify: {
          name: 'CAPI objects restored',
          command: `${T} get hostedcontrolplanes,clusters.cluster.x-k8s.io,machines.cluster.x-k8s.io -n ${CP}`,
        },
      });
    const st = spec.spec.storage;
    const key = `${st?.prefix ?? hcpDefaults.storagePrefix}/${N}/${H}/${spec.metadata.name}.db`;
    const hcStep = add({
      id: 'hostedcluster',
      phase: 'restore',
      place: 'target',
      title: 'Create the HostedCluster with the one restore URL',
      changes: `creates HostedCluster ${N}/${H}; its etcd starts from the snapshot (restoreSnapshotURL is read once, at creation)`,
      // Written to the file, never applied as is: the placeholder makes a plain apply fail (see restoredHostedCluster).
      objects: [restoredHostedCluster(hc, true)],
      ...(keyCheck ? { gate: keyCheck.verify.name } : {}),
      verify: {
        name: 'hosted cluster available',
        command: `${T} wait --for=condition=Available hostedcluster/${H} -n ${N} --timeout=30m`,
      },
      apiBack: true,
      rollback: `before the teardown only: ${T} patch hostedcluster -n ${N} ${H} --type=merge -p '{"spec":{"pausedUntil":"true"}}', scale its control plane to 0, strip finalizers and delete it as the teardown steps do on the source (a plain delete lets the target operator destroy the cloud resources the source copy still uses); then roll back the source`,
    });
    const aws = `aws --profile ${quote(st?.credentials.profile ?? 'default')} --region ${st?.region ?? ''}`;
    hcStep.commands = [
      `URL="$(${aws} s3 presign s3://${st?.bucket ?? ''}/${key} --expires-in 3600)"`,
      `case "$URL" in https://*) ;; *) echo 'no presigned https URL' >&2; false ;; esac`,
      // awk, not sed: a presigned URL is full of & (sed's 'matched text'); ENVIRON passes it without escapes.
      `URL="$URL" awk '{ t = "${UNFILLED_RESTORE_URL}"; i = index($0, t); if (i) $0 = substr($0, 1, i - 1) "[\\"" ENVIRON["URL"] "\\"]" substr($0, i + length(t)) } 1' ${stepFile(hcStep)} | ${T} apply --server-side --field-manager=${fieldManager(hcStep)} -f -`,
    ];
  } else {
    const ns = spec.spec.oadp?.namespace ?? hcpDefaults.oadpNamespace;
    const name = spec.metadata.name;
    add({
      id: 'restore',
      phase: 'restore',
      place: 'target',
      title: 'Restore the namespaces with Velero',
      changes: `creates Restore ${ns}/${name} from Backup ${name}`,
      objects: [
        {
          apiVersion: 'velero.io/v1',
          kind: 'Restore',
          metadata: meta(name, ns),
          spec: {
            backupName: name,
            restorePVs: true,
            existingResourcePolicy: 'update',
            excludedResources: [
              ...OADP_RESTORE_EXCLUDED,
              ...(hc.platformType === 'Agent' ? ['pod', 'pv', 'pvc'] : []),
            ],
            ...(hc.platformType === 'Agent' ? { preserveNodePorts: true } : {}),
          },
        },
      ],
      ...(backupGate ? { gate: backupGate } : {}),
      verify: {
        name: 'restore completed',
        command: `${T} wait --for=jsonpath='{.status.phase}'=Completed restore/${name} -n ${ns} --timeout=2h`,
      },
    });
    add({
      id: 'unpause',
      phase: 'restore',
      place: 'target',
      title: 'Unpause the restored HostedCluster, NodePools and CAPI Cluster',
      changes:
        'sets spec.pausedUntil "false" (the restored objects carry the pause of the backup) and clears spec.paused on the CAPI Cluster',
      objects: pausable.map((o) => ({ ...o, spec: { pausedUntil: 'false' } })),
      partial: true,
      forceConflicts: true,
      commands: [
        `${T} patch clusters.cluster.x-k8s.io -n ${CP} ${hc.infraID ?? ''} --type=merge -p '{"spec":{"paused":false}}'`,
      ],
      apiBack: true,
      verify: {
        name: 'hosted cluster available',
        command: `${T} wait --for=condition=Available hostedcluster/${H} -n ${N} --timeout=30m`,
      },
    });
  }
  if (method === 'etcd-snapshot' && nodePools.length)
    add({
      id: 'nodepools',
      phase: 'restore',
      place: 'target',
      title: 'Create the NodePools',
      changes: `creates NodePool(s) ${nodePools.map((n) => n.name).join(', ')} without pausedUntil and annotations`,
      objects: nodePools.map(restoredNodePool),
      gate: 'hosted cluster available',
      verify: {
        name: 'nodepools created',
        command: `${T} get nodepool -n ${N} ${nodePools.map((n) => n.name).join(' ')}`,
      },
    });
  const replicas = nodePools.reduce((n, np) => n + (np.replicas ?? 0), 0);
  const kubeconfig = spec.spec.hostedCluster.kubeconfig
    ? []
    : [
        `${T} extract -n ${N} secret/${hc.kubeconfigSecret ?? `${H}-admin-kubeconfig`} --keys=kubeconfig --to=- > ${B}/hosted.kubeconfig`,
      ];
  const nodesReady = add({
    id: 'nodes-ready',
    phase: 'restore',
    place: 'hosted',
    title: 'Wait for the worker nodes to be Ready',
    changes: 'nothing',
    objects: [],
    commands: kubeconfig,
    verify: {
      name: 'nodes ready',
      command: `for i in $(seq 40); do n="$(${hosted} get nodes --no-headers | grep -c ' Ready ')"; [ "$n" -ge ${replicas} ] && break; sleep 30; done; [ "$n" -ge ${replicas} ]`,
    },
  });

  // ---- teardown (source, move only): strip finalizers in order, never the HC namespace ----
  if (purpose === 'move') {
    const operator = source.operator;
    const gate = nodesReady.verify.name;
    const stripAll = (resource: string, ns: string) =>
      `for o in $(${S} get ${resource} -n ${ns} -o name); do ${S} patch -n ${ns} "$o" --type=merge -p '{"metadata":{"finalizers":null}}'; done`;
    const td = (
      s: Omit<Step, 'n' | 'commands' | 'phase' | 'place' | 'objects'> & { commands: string[] },
    ) => add({ ...s, phase: 'teardown', place: 'source', objects: [], destructive: true, gate });
    td({
      id: 'stop-source-operator',
      title: 'Stop the HyperShift operator on the source',
      changes: `scales ${hcpDefaults.operatorNamespace}/operator to 0: no operator may act on the objects being deleted (other hosted clusters of this management cluster are not reconciled meanwhile)`,
      commands: [`${S} scale deployment/operator -n ${hcpDefaults.operatorNamespace} --replicas=0`],
      verify: {
        name: 'source operator stopped',
        command: `${S} wait --for=delete pod -n ${hcpDefaults.operatorNamespace} -l name=operator --timeout=5m`,
      },
    });
    td({
      id: 'stop-source-control-plane',
      title: 'Stop everything in the source control-plane namespace',
      changes: `scales every Deployment and StatefulSet in ${CP} to 0`,
      commands: [`${S} scale deployment,statefulset -n ${CP} --all --replicas=0`],
      verify: {
        name: 'source control plane stopped',
        command: `${S} wait --for=delete pod -n ${CP} --all --timeout=10m`,
      },
    });
    if (nodePools.length)
      td({
        id: 'delete-nodepools',
        title: 'Delete the source NodePools (finalizers first)',
        changes: `removes the finalizers of and deletes ${nodePools.map((n) => n.name).join(', ')}`,
        commands: nodePools.flatMap((np) => [
          `${S} patch nodepool -n ${N} ${np.name} --type=merge -p '{"metadata":{"finalizers":null}}'`,
          `${S} delete nodepool -n ${N} ${np.name}`,
        ]),
        verify: {
          name: 'source nodepools gone',
          command: `${S} get nodepool -n ${N} -o name | grep -c . | grep -qx 0 || ! ${S} get nodepool -n ${N} ${nodePools.map((n) => n.name).join(' ')}`,
        },
      });
    td({
      id: 'delete-machines',
      title: 'Delete the source CAPI Machines and MachineSets (finalizers first)',
      changes: `removes finalizers and deletes machines.cluster.x-k8s.io and machinesets.cluster.x-k8s.io in ${CP}; the instances stay (CAPI is stopped)`,
      commands: [
        stripAll('machines.cluster.x-k8s.io', CP),
        `${S} delete machines.cluster.x-k8s.io -n ${CP} --all`,
        `${S} delete machinesets.cluster.x-k8s.io -n ${CP} --all`,
      ],
      verify: {
        name: 'source machines gone',
        command: `test -z "$(${S} get machines.cluster.x-k8s.io -n ${CP} -o name)"`,
      },
    });
    td({
      id: 'delete-capi-cluster',
      title: 'Delete the source CAPI Cluster (finalizers first)',
      changes: `removes finalizers and deletes clusters.cluster.x-k8s.io in ${CP}`,
      commands: [
        stripAll('clusters.cluster.x-k8s.io', CP),
        `${S} delete clusters.cluster.x-k8s.io -n ${CP} --all`,
      ],
      verify: {
        name: 'source CAPI cluster gone',
        command: `test -z "$(${S} get clusters.cluster.x-k8s.io -n ${CP} -o name)"`,
      },
    });
    if (hc.platformType === 'AWS')
      td({
        id: 'delete-awsmachines',
        title: 'Delete the source AWSMachines (finalizers first)',
        changes: `removes finalizers and deletes awsmachines in ${CP}; the EC2 instances survive because CAPI is stopped`,
        commands: [
          stripAll('awsmachines.infrastructure.cluster.x-k8s.io', CP),
          `${S} delete awsmachines.infrastructure.cluster.x-k8s.io -n ${CP} --all`,
        ],
        verify: {
          name: 'source awsmachines gone',
          command: `test -z "$(${S} get awsmachines.infrastructure.cluster.x-k8s.io -n ${CP} -o name)"`,
        },
      });
    td({
      id: 'delete-control-plane',
      title: 'Delete the source HostedControlPlane and its namespace',
      changes: `removes finalizers and deletes hostedcontrolplanes in ${CP}, then namespace ${CP} (the HC namespace ${N} is kept)`,
      commands: [
        stripAll('hostedcontrolplanes.hypershift.openshift.io', CP),
        `${S} delete hostedcontrolplanes.hypershift.openshift.io -n ${CP} --all`,
        `${S} delete namespace ${CP}`,
      ],
      verify: {
        name: 'source control-plane namespace gone',
        command: `${S} wait --for=delete namespace/${CP} --timeout=10m`,
      },
    });
    td({
      id: 'delete-hostedcluster',
      title: 'Delete the source HostedCluster (finalizers first)',
      changes: `removes the finalizers of and deletes HostedCluster ${N}/${H}; namespace ${N} is never deleted`,
      commands: [
        `${S} patch hostedcluster -n ${N} ${H} --type=merge -p '{"metadata":{"finalizers":null}}'`,
        `${S} delete hostedcluster -n ${N} ${H}`,
      ],
      verify: {
        name: 'source hosted cluster gone',
        command: `${S} wait --for=delete hostedcluster/${H} -n ${N} --timeout=5m`,
      },
    });
    td({
      id: 'start-source-operator',
      title: 'Start the HyperShift operator on the source again',
      changes: `scales ${hcpDefaults.operatorNamespace}/operator back to ${operator?.replicas ?? 2} (the recorded count)`,
      commands: [
        `${S} scale deployment/operator -n ${hcpDefaults.operatorNamespace} --replicas=${operator?.replicas ?? 2}`,
      ],
      verify: {
        name: 'source operator running',
        command: `${S} wait --for=condition=Available deployment/operator -n ${hcpDefaults.operatorNamespace} --timeout=10m`,
      },
    });
  }

  // ---- in the hosted cluster: nodes reconnect to the new OVN control plane ----
  add({
    id: 'ovn-reset',
    phase: 'post',
    place: 'hosted',
    title: 'Restart the OVN pods of the hosted cluster',
    changes:
      'deletes every pod in openshift-ovn-kubernetes so the nodes connect to the new OVN control plane',
    objects: [],
    commands: [`${hosted} delete pods -n openshift-ovn-kubernetes --all`],
    gate: nodesReady.verify.name,
    verify: {
      name: 'OVN running',
      command: `${hosted} wait --for=condition=Ready pod -n openshift-ovn-kubernetes --all --timeout=10m`,
    },
  });
  add({
    id: 'verify',
    phase: 'post',
    place: 'hosted',
    title: 'Check the hosted cluster',
    changes: 'nothing',
    objects: [],
    commands: [`${hosted} get clusterversion,nodes`],
    verify: {
      name: 'cluster operators available',
      command: `${hosted} wait --for=condition=Available=True clusteroperators --all --timeout=30m`,
    },
  });
  return { steps, rollbacks };
}

/** HC-namespace Secrets the restore needs: those the HC names, and those named after it (migrate-hcp.sh). */
export function secretsOfHc(hc: HostedClusterFact, source: HcpFacts): string[] {
  const named = new Set(hc.secretRefs.map((r) => r.name));
  for (const s of source.secrets)
    if (s.namespace === hc.namespace && s.name.startsWith(hc.name)) named.add(s.name);
  return [...named].sort();
}
