/**
 * What migplan knows about one cluster: the few fields of each object the planner reads, sorted by
 * namespace/name so planning never depends on the order a snapshot or API server returned them in.
 */
export interface ClusterFacts {
  cluster: string;
  /** OpenShift version from ClusterVersion (e.g. "4.10.3") or a 3.x version; undefined when unknown. */
  version?: string;
  /** Cluster network type from config.openshift.io Network (OpenShiftSDN, OVNKubernetes). */
  networkType?: string;
  /** Set while the cluster's default CNI is being migrated (config Network): what shows it, for warnings. */
  cniMigration?: string;
  /** API groups served; undefined when unknown (snapshots). */
  apiGroups?: readonly string[];
  /** Kinds that could not be read (e.g. 403), so rules can say what they could not check. */
  unreadable: string[];
  namespaces: NamespaceFact[];
  pods: PodFact[];
  pvcs: PvcFact[];
  pvs: PvFact[];
  storageClasses: StorageClassFact[];
  serviceAccounts: ObjectKey[];
  sccs: SccFact[];
  roles: RoleFact[];
  bindings: BindingFact[];
  networkPolicies: NetworkPolicyFact[];
  egressNetworkPolicies: EgressFact[];
  egressFirewalls: EgressFact[];
  imageStreams: ImageStreamFact[];
  workloads: WorkloadFact[];
  /**
   * Services, only when the input held at least one (an `oc get` recording without any says nothing about
   * them, so rules that need them report "not checked" unless workloadsListed says every kind was listed).
   */
  services?: ServiceFact[];
  /**
   * Whether every workload kind was listed: true from a live read or a `migplan snapshot` recording that
   * listed them all, false when one could not be; undefined for an `oc get` recording, which says nothing
   * about kinds it holds no object of.
   */
  workloadsListed?: boolean;
  /** Host of the exposed internal registry route, when the snapshot has it. */
  registryRoute?: string;
  /**
   * What the API server serves (its discovery documents); undefined when not read or not recorded, in which
   * case target compatibility is "not checked", never "compatible".
   */
  apis?: ServedApis;
  /** Names of the CustomResourceDefinitions (plural.group); undefined when not read or not recorded. */
  crds?: string[];
  /** OLM Subscriptions, ClusterServiceVersions (not the copies OLM makes) and OperatorGroups. */
  olm: OlmFact[];
  /**
   * The objects of kinds found incompatible with a plan's target, by metadata-only LIST (or a snapshot's
   * objects), in the plans' namespaces. Set by the second resolve pass; undefined before it.
   */
  inventory?: InventoryList[];
}

/** One served resource at one group/version (subresources left out). */
export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

export interface ServedGroup {
  /** '' for the core group. */
  name: string;
  versions: string[];
  preferredVersion: string;
}

export interface ServedApis {
  groups: ServedGroup[];
  resources: ServedResource[];
  /** Group/versions the group list names but whose resource list could not be read: unknown, not empty. */
  unread: string[];
}

export interface OlmFact extends ObjectKey {
  kind: 'Subscription' | 'ClusterServiceVersion' | 'OperatorGroup';
  /** Subscription: spec.name (the package), spec.channel, spec.source (CatalogSource), status.installedCSV. */
  packageName?: string;
  channel?: string;
  catalogSource?: string;
  installedCsv?: string;
  /** ClusterServiceVersion: spec.customresourcedefinitions.owned[].name. */
  ownedCrds: string[];
}

/** The metadata-only list of one resource, restricted to the namespaces asked for. */
export interface InventoryList {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** Objects by namespace/name; undefined when the list could not be read (then: not checked). */
  objects?: ObjectKey[];
  /** Why the list could not be read. */
  unreadable?: string;
}

export interface ObjectKey {
  namespace: string;
  name: string;
}

export interface NamespaceFact {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodFact extends ObjectKey {
  phase: string;
  ready: boolean;
  serviceAccountName: string;
  // Read-only: the reader gives every pod without them one shared empty list or mapping.
  nodeSelector: Readonly<Record<string, string>>;
  claimNames: readonly string[];
  hostPathVolumes: readonly string[];
  /** Images of the pod's containers and init containers, in the object's order. */
  images: readonly string[];
  /** Every ownerReference (kind, name), in the object's order. */
  owners: readonly OwnerRef[];
  ownerKind?: string;
  /** The SCC that admitted the pod (annotation `openshift.io/scc`, set by SCC admission); absent off OpenShift. */
  scc?: string;
}

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** The workload kinds whose pod templates mig-controller reads (migtools/mig-controller pkg/pods/template.go). */
export const workloadKinds = [
  'Deployment',
  'DeploymentConfig',
  'ReplicationController',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'VirtualMachine',
] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

/** A workload and the claims of its pod template (a VirtualMachine's PVC and DataVolume volumes). */
export interface WorkloadFact extends ObjectKey {
  kind: WorkloadKind;
  apiVersion: string;
  /** False for a DeploymentConfig or ReplicationController without a template, which template.go skips. */
  hasTemplate: boolean;
  claimNames: readonly string[];
  owners: readonly OwnerRef[];
}

export interface PvcFact extends ObjectKey {
  phase: string;
  volumeName?: string;
  storageClassName?: string;
  accessModes: string[];
  volumeMode: string;
  requested?: string;
  /** Controller owner is another PVC (MTC skips those). */
  ownedByPvc: boolean;
}

export type PvSourceType =
  'hostPath' | 'nfs' | 'awsElasticBlockStore' | 'csi' | 'glusterfs' | 'local' | 'other';

export interface PvFact {
  name: string;
  phase: string;
  capacity?: string;
  storageClassName?: string;
  claimRef?: ObjectKey;
  sourceType: PvSourceType;
  csiDriver?: string;
  volumeMode: string;
  accessModes: string[];
}

export interface StorageClassFact {
  name: string;
  provisioner: string;
  isDefault: boolean;
}

// Lists of strings read from an object may be the parsed object's own arrays (facts-from-objects `strs`): the
// types keep them read-only.
export interface SccFact {
  name: string;
  users: readonly string[];
  groups: readonly string[];
  /** The object as read, without server-set metadata, for re-emitting a custom SCC. */
  object: Record<string, unknown>;
}

export interface PolicyRule {
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
  resourceNames: readonly string[];
}

export interface RoleFact {
  kind: 'Role' | 'ClusterRole';
  namespace?: string;
  name: string;
  rules: PolicyRule[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface BindingFact {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  namespace?: string;
  name: string;
  roleRef: { kind: string; name: string };
  subjects: Subject[];
}

export interface NetworkPolicyFact extends ObjectKey {
  spec: Record<string, unknown>;
}

export interface EgressFact extends ObjectKey {
  kind: 'EgressNetworkPolicy' | 'EgressFirewall';
  object: Record<string, unknown>;
}

export interface ServiceFact extends ObjectKey {
  type: string;
  /** spec.externalName of a Service of type ExternalName. */
  externalName?: string;
}

export interface ImageStreamFact extends ObjectKey {
  /** Tags whose images live in this cluster's internal registry. */
  internalTags: string[];
}

export function emptyFacts(cluster: string): ClusterFacts {
  return {
    cluster,
    unreadable: [],
    namespaces: [],
    pods: [],
    pvcs: [],
    pvs: [],
    storageClasses: [],
    serviceAccounts: [],
    sccs: [],
    roles: [],
    bindings: [],
    networkPolicies: [],
    egressNetworkPolicies: [],
    egressFirewalls: [],
    imageStreams: [],
    workloads: [],
    olm: [],
  };
}
