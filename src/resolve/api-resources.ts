import { cmp } from '../util/objects.js';

/**
 * The API resources the planner reads, as real clusters serve them. The live reader lists exactly these, the
 * snapshot writer records them, and the test fixture API server serves them.
 */
export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Listed with this label selector (server-side filtering of objects nobody reads). */
  labelSelector?: string;
}

export const plannerResources: readonly ApiResource[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
  },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'] },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
    shortNames: ['pvc'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    namespaced: false,
    shortNames: ['pv'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
    shortNames: ['sc'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
  },
  {
    group: 'security.openshift.io',
    version: 'v1',
    kind: 'SecurityContextConstraints',
    plural: 'securitycontextconstraints',
    namespaced: false,
    shortNames: ['scc'],
  },
  {
    group: 'network.openshift.io',
    version: 'v1',
    kind: 'EgressNetworkPolicy',
    plural: 'egressnetworkpolicies',
    namespaced: true,
  },
  {
    group: 'k8s.ovn.org',
    version: 'v1',
    kind: 'EgressFirewall',
    plural: 'egressfirewalls',
    namespaced: true,
  },
  {
    group: 'image.openshift.io',
    version: 'v1',
    kind: 'ImageStream',
    plural: 'imagestreams',
    namespaced: true,
    shortNames: ['is'],
  },
  { group: 'route.openshift.io', version: 'v1', kind: 'Route', plural: 'routes', namespaced: true },
  // Read for wave dependencies: Services of type ExternalName that name another namespace (plan/waves).
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'ClusterVersion',
    plural: 'clusterversions',
    namespaced: false,
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'Network',
    plural: 'networks',
    namespaced: false,
  },
  // OLM's objects: operators inside migrated namespaces, and which operator owns a CRD. The copies OLM
  // puts of a CSV into every namespace its OperatorGroup targets carry the label olm.copiedFrom
  // (operator-framework/api pkg/operators/v1alpha1 CopiedLabelKey); OLM's own CSV informers list with
  // `!olm.copiedFrom` (operator-lifecycle-manager pkg/controller/operators/olm/operator.go), and so do we.
  {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    kind: 'Subscription',
    plural: 'subscriptions',
    namespaced: true,
    shortNames: ['sub'],
  },
  {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    kind: 'ClusterServiceVersion',
    plural: 'clusterserviceversions',
    namespaced: true,
    shortNames: ['csv'],
    labelSelector: '!olm.copiedFrom',
  },
  {
    group: 'operators.coreos.com',
    version: 'v1',
    kind: 'OperatorGroup',
    plural: 'operatorgroups',
    namespaced: true,
    shortNames: ['og'],
  },
  // Workloads whose pod templates mig-controller reads for a PVC's hasReference and ownerType
  // (migtools/mig-controller pkg/pods/template.go ListTemplatePods).
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  {
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    plural: 'replicationcontrollers',
    namespaced: true,
  },
  {
    group: 'apps.openshift.io',
    version: 'v1',
    kind: 'DeploymentConfig',
    plural: 'deploymentconfigs',
    namespaced: true,
  },
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true },
  {
    group: 'kubevirt.io',
    version: 'v1',
    kind: 'VirtualMachine',
    plural: 'virtualmachines',
    namespaced: true,
  },
];

/** The groups of the wanted kinds (default: the planner's) a cluster does not serve; their kinds are not read. */
export function unservedGroups(
  served: ReadonlySet<string>,
  wanted: readonly ApiResource[] = plannerResources,
): string[] {
  return [
    ...new Set(wanted.filter((r) => r.group && !served.has(r.group)).map((r) => r.group)),
  ].sort(cmp);
}

/**
 * The kinds a NetworkMigration reads (OpenShift SDN -> OVN-Kubernetes): the live reader lists exactly these for
 * that kind, `migplan snapshot --kind NetworkMigration` records them, and the fixture API server serves them.
 */
export const networkMigrationResources: readonly ApiResource[] = [
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'Network',
    plural: 'networks',
    namespaced: false,
  },
  {
    group: 'operator.openshift.io',
    version: 'v1',
    kind: 'Network',
    plural: 'networks',
    namespaced: false,
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'ClusterVersion',
    plural: 'clusterversions',
    namespaced: false,
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'Infrastructure',
    plural: 'infrastructures',
    namespaced: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
  },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'] },
  {
    group: 'machineconfiguration.openshift.io',
    version: 'v1',
    kind: 'MachineConfigPool',
    plural: 'machineconfigpools',
    namespaced: false,
    shortNames: ['mcp'],
  },
  {
    group: 'network.openshift.io',
    version: 'v1',
    kind: 'ClusterNetwork',
    plural: 'clusternetworks',
    namespaced: false,
  },
  {
    group: 'network.openshift.io',
    version: 'v1',
    kind: 'HostSubnet',
    plural: 'hostsubnets',
    namespaced: false,
  },
  {
    group: 'network.openshift.io',
    version: 'v1',
    kind: 'NetNamespace',
    plural: 'netnamespaces',
    namespaced: false,
  },
  {
    group: 'network.openshift.io',
    version: 'v1',
    kind: 'EgressNetworkPolicy',
    plural: 'egressnetworkpolicies',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
  },
  {
    group: 'nmstate.io',
    version: 'v1',
    kind: 'NodeNetworkConfigurationPolicy',
    plural: 'nodenetworkconfigurationpolicies',
    namespaced: false,
    shortNames: ['nncp'],
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
  },
];

/** Kinds a NetworkMigration writes besides the ones it reads (converted SDN features). */
const networkMigrationEmitted: readonly ApiResource[] = [
  {
    group: 'k8s.ovn.org',
    version: 'v1',
    kind: 'EgressIP',
    plural: 'egressips',
    namespaced: false,
  },
];

export const apiPath = (r: ApiResource): string =>
  r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
export const apiVersionOf = (r: ApiResource): string =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** Kinds migplan emits, for reading them back (`diff --against live`). */
export const emittedResources: readonly ApiResource[] = [
  ...plannerResources,
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigCluster',
    plural: 'migclusters',
    namespaced: true,
  },
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigStorage',
    plural: 'migstorages',
    namespaced: true,
  },
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigPlan',
    plural: 'migplans',
    namespaced: true,
  },
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigMigration',
    plural: 'migmigrations',
    namespaced: true,
  },
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigHook',
    plural: 'mighooks',
    namespaced: true,
  },
  {
    group: 'migration.openshift.io',
    version: 'v1alpha1',
    kind: 'MigrationController',
    plural: 'migrationcontrollers',
    namespaced: true,
  },
  // The network migration's kinds that the planner does not read already.
  ...[...networkMigrationResources, ...networkMigrationEmitted].filter(
    (r) => !plannerResources.some((p) => p.group === r.group && p.plural === r.plural),
  ),
];

/** The REST path of one object. */
export function objectPath(r: ApiResource, namespace: string | undefined, name: string): string {
  return `${apiPath(r)}${r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}/${encodeURIComponent(name)}`;
}
