/**
 * Namespaced API versions Kubernetes removed, per release, as data. Source: the Kubernetes deprecated API
 * migration guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/), sections v1.16, v1.22,
 * v1.25, v1.26 and v1.27; only namespaced resources, the ones a namespace migration carries.
 */
export interface ApiLifecycle {
  group: string;
  version: string;
  plural: string;
  /** Kubernetes minor version (1.x) that no longer serves it; undefined when only deprecated. */
  removedIn?: number;
  /** Kubernetes minor version from which it is deprecated, or OpenShift version (see `openshift`). */
  deprecatedIn: number;
  /** The version (group/version) to use instead, or what replaces the kind. */
  replacement: string;
  /** deprecatedIn counts OpenShift 4.x minors, not Kubernetes minors. */
  openshift?: boolean;
  source: string;
}

const GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

export const apiLifecycle: readonly ApiLifecycle[] = [
  ...['deployments', 'daemonsets', 'replicasets'].map((plural) => ({
    group: 'extensions',
    version: 'v1beta1',
    plural,
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'apps/v1',
    source: `${GUIDE}#v1-16`,
  })),
  ...['deployments', 'statefulsets', 'daemonsets', 'replicasets'].flatMap((plural) =>
    ['v1beta1', 'v1beta2'].map((version) => ({
      group: 'apps',
      version,
      plural,
      deprecatedIn: 9,
      removedIn: 16,
      replacement: 'apps/v1',
      source: `${GUIDE}#v1-16`,
    })),
  ),
  {
    group: 'extensions',
    version: 'v1beta1',
    plural: 'networkpolicies',
    deprecatedIn: 9,
    removedIn: 16,
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#v1-16`,
  },
  {
    group: 'extensions',
    version: 'v1beta1',
    plural: 'ingresses',
    deprecatedIn: 14,
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#ingress-v122`,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1beta1',
    plural: 'ingresses',
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'networking.k8s.io/v1',
    source: `${GUIDE}#ingress-v122`,
  },
  ...['roles', 'rolebindings'].map((plural) => ({
    group: 'rbac.authorization.k8s.io',
    version: 'v1beta1',
    plural,
    deprecatedIn: 17,
    removedIn: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
    source: `${GUIDE}#rbac-resources-v122`,
  })),
  {
    group: 'coordination.k8s.io',
    version: 'v1beta1',
    plural: 'leases',
    deprecatedIn: 19,
    removedIn: 22,
    replacement: 'coordination.k8s.io/v1',
    source: `${GUIDE}#lease-v122`,
  },
  {
    group: 'batch',
    version: 'v1beta1',
    plural: 'cronjobs',
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'batch/v1',
    source: `${GUIDE}#cronjob-v125`,
  },
  {
    group: 'policy',
    version: 'v1beta1',
    plural: 'poddisruptionbudgets',
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'policy/v1',
    source: `${GUIDE}#poddisruptionbudget-v125`,
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1beta1',
    plural: 'endpointslices',
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'discovery.k8s.io/v1',
    source: `${GUIDE}#endpointslice-v125`,
  },
  {
    group: 'autoscaling',
    version: 'v2beta1',
    plural: 'horizontalpodautoscalers',
    deprecatedIn: 22,
    removedIn: 25,
    replacement: 'autoscaling/v2',
    source: `${GUIDE}#horizontalpodautoscaler-v125`,
  },
  {
    group: 'autoscaling',
    version: 'v2beta2',
    plural: 'horizontalpodautoscalers',
    deprecatedIn: 23,
    removedIn: 26,
    replacement: 'autoscaling/v2',
    source: `${GUIDE}#horizontalpodautoscaler-v126`,
  },
  {
    group: 'storage.k8s.io',
    version: 'v1beta1',
    plural: 'csistoragecapacities',
    deprecatedIn: 24,
    removedIn: 27,
    replacement: 'storage.k8s.io/v1',
    source: `${GUIDE}#csistoragecapacity-v127`,
  },
  {
    // OpenShift 4.14 release notes, "Deprecated and removed features": DeploymentConfig objects are
    // deprecated (still served and supported for security fixes); use Deployments.
    group: 'apps.openshift.io',
    version: 'v1',
    plural: 'deploymentconfigs',
    deprecatedIn: 14,
    openshift: true,
    replacement: 'apps/v1 Deployment',
    source:
      'https://docs.openshift.com/container-platform/4.14/release_notes/ocp-4-14-release-notes.html#ocp-4-14-deprecated-removed-features',
  },
];

/**
 * The Kubernetes minor version of an OpenShift version (release notes, "About this release"): 3.x is
 * Kubernetes 1.x; 4.1 is 1.13 and 4.2 is 1.14 (4.3 skipped 1.15); from 4.3 on, 4.x is 1.(x+13).
 */
export function kubernetesMinor(openshiftVersion: string | undefined): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(openshiftVersion ?? '');
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major === 3) return minor;
  if (major === 4) return minor <= 2 ? minor + 12 : minor + 13;
  return undefined;
}

/** The OpenShift 4 minor version, or undefined for 3.x and unknown versions. */
export function openshift4Minor(version: string | undefined): number | undefined {
  const m = /^v?4\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

export function lifecycleOf(r: {
  group: string;
  version: string;
  plural: string;
}): ApiLifecycle | undefined {
  return apiLifecycle.find(
    (l) => l.group === r.group && l.version === r.version && l.plural === r.plural,
  );
}
