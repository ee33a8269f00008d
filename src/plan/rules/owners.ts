import type { ClusterFacts, OwnerRef, WorkloadFact } from '../../resolve/cluster-facts.js';
import { inNamespace } from '../../resolve/facts-index.js';

/**
 * A PVC's `hasReference` and `ownerType` as mig-controller writes them into the MigPlan, ported from
 * migtools/mig-controller @3acf3578: pkg/controller/migplan/pvlist.go getClaims (the pods it looks at:
 * every workload's pod template from pkg/pods/template.go ListTemplatePods, then the Running pods),
 * pvcInPodVolumes (hasReference) and createPVCToOwnerTypeMap (ownerType). Both are keyed by claim name
 * alone across the plan's source namespaces, as upstream does.
 */

/** What createPVCToOwnerTypeMap reads of a pod: its name, owner references and claims. */
export interface OwnedPod {
  name: string;
  namespace: string;
  owners: readonly OwnerRef[];
  claimNames: readonly string[];
}

/** The owner reference template.go gives each kind's template pod (kind and apiVersion as written there). */
const templateOwner: Record<WorkloadFact['kind'], { apiVersion: string; kind: string }> = {
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  // template.go labels both DeploymentConfig and ReplicationController templates "DeploymentConfig",
  // a kind createPVCToOwnerTypeMap does not know: their claims come out Unknown.
  DeploymentConfig: { apiVersion: 'apps/v1', kind: 'DeploymentConfig' },
  ReplicationController: { apiVersion: 'apps/v1', kind: 'DeploymentConfig' },
  DaemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  ReplicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  Job: { apiVersion: 'batch/v1', kind: 'Job' },
  CronJob: { apiVersion: 'batch/v1', kind: 'CronJob' },
  VirtualMachine: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance' },
};

/** template.go ListTemplatePods: one pod per workload with a template, owned as template.go says. */
export function templatePods(workloads: readonly WorkloadFact[]): OwnedPod[] {
  return workloads
    .filter((w) => w.hasTemplate)
    .map((w) => ({
      name: w.name,
      namespace: w.namespace,
      // template.go leaves the VirtualMachineInstance owner's name empty.
      owners: [{ ...templateOwner[w.kind], name: w.kind === 'VirtualMachine' ? '' : w.name }],
      claimNames: w.claimNames,
    }));
}

/**
 * pvlist.go createPVCToOwnerTypeMap. A pod with exactly one owner gives its claims that owner's type; a
 * pod with none or several gives Unknown; a claim whose pods disagree is Unknown. A ReplicaSet owner is a
 * Deployment only when the ReplicaSet is found with a single apps/v1 Deployment owner; upstream looks it
 * up with the controller's own client, i.e. on the MTC host cluster (`replicaSetOnHost`), so a remote
 * source's ReplicaSets are not found and count as ReplicaSet.
 */
export function claimOwnerTypes(
  pods: readonly OwnedPod[],
  replicaSetOnHost: (namespace: string, name: string) => WorkloadFact | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const pod of pods) {
    for (const claim of pod.claimNames) {
      const owner = pod.owners.length === 1 ? pod.owners[0] : undefined;
      if (!owner) {
        out.set(claim, 'Unknown');
        continue;
      }
      const type = ownerType(pod, owner, replicaSetOnHost);
      const before = out.get(claim);
      if (before === undefined) out.set(claim, type);
      else if (before !== type) out.set(claim, 'Unknown');
    }
  }
  return out;
}

function ownerType(
  pod: OwnedPod,
  owner: OwnerRef,
  replicaSetOnHost: (namespace: string, name: string) => WorkloadFact | undefined,
): string {
  const { kind, apiVersion } = owner;
  if (kind === 'StatefulSet' && apiVersion === 'apps/v1') return 'StatefulSet';
  if (kind === 'ReplicaSet' && apiVersion === 'apps/v1') {
    const rs = owner.name ? replicaSetOnHost(pod.namespace, owner.name) : undefined;
    const rsOwner = rs?.owners.length === 1 ? rs.owners[0] : undefined;
    return rsOwner?.kind === 'Deployment' && rsOwner.apiVersion === 'apps/v1'
      ? 'Deployment'
      : 'ReplicaSet';
  }
  if (kind === 'Deployment' && apiVersion === 'apps/v1') return 'Deployment';
  if (kind === 'DaemonSet' && apiVersion === 'apps/v1') return 'DaemonSet';
  if (kind === 'Job' && apiVersion === 'batch/v1') return 'Job';
  if (kind === 'CronJob' && apiVersion === 'batch/v1') return 'CronJob';
  if (
    kind === 'VirtualMachineInstance' &&
    (apiVersion === 'kubevirt.io/v1' || apiVersion === 'kubevirt.io/v1alpha3')
  )
    return 'VirtualMachine';
  // Hotplug volume pods are owned by the virt-launcher pod and named hp-...
  if (kind === 'Pod' && pod.name.startsWith('hp-')) return 'VirtualMachine';
  return 'Unknown';
}

export interface ClaimOwners {
  /** Whether the workloads were read; without them nothing is guessed. */
  checked: boolean;
  hasReference: (claim: string) => boolean;
  ownerType: (claim: string) => string | undefined;
}

/** getClaims' view of a plan's source namespaces: template pods, then Running pods. */
export function claimOwners(
  source: ClusterFacts,
  namespaces: readonly string[],
  host: ClusterFacts | undefined,
): ClaimOwners {
  const checked = source.workloadsListed ?? source.workloads.length > 0;
  if (!checked || !host) {
    return { checked: false, hasReference: () => false, ownerType: () => undefined };
  }
  const pods: OwnedPod[] = [
    ...templatePods(namespaces.flatMap((ns) => inNamespace(source.workloads, ns))),
    ...namespaces
      .flatMap((ns) => inNamespace(source.pods, ns))
      .filter((p) => p.phase === 'Running'),
  ];
  const replicaSets = new Map(
    host.workloads
      .filter((w) => w.kind === 'ReplicaSet')
      .map((w) => [`${w.namespace}/${w.name}`, w]),
  );
  const types = claimOwnerTypes(pods, (ns, name) => replicaSets.get(`${ns}/${name}`));
  const referenced = new Set(pods.flatMap((p) => p.claimNames));
  return {
    checked: true,
    hasReference: (claim) => referenced.has(claim),
    ownerType: (claim) => types.get(claim),
  };
}
