import type { CodeInfo } from './codes.js';

/**
 * Diagnostic codes of the HostedClusterMigration kind (issue 18): MP2700-MP2749 spec, MP3300-MP3349 resolve,
 * MP4300-MP4399 plan (pre-flight), MP7030-MP7039 verify. Spread into the one catalogue in codes.ts.
 */
export const hcpCodes = {
  MP2700: {
    severity: 'error',
    title: 'management cluster missing for the purpose',
    hint: 'restore and move need spec.clusters.target; backup reads only the source.',
  },
  MP2701: {
    severity: 'error',
    title: 'target given for a backup',
    hint: 'A backup touches only the source management cluster: remove spec.clusters.target, or use purpose: move.',
  },
  MP2702: {
    severity: 'error',
    title: 'storage settings do not fit the method',
    hint: 'method etcd-snapshot needs spec.storage (bucket, region, credentials.profile); method oadp writes to the BackupStorageLocation named in spec.oadp and takes no spec.storage.',
  },
  MP2703: {
    severity: 'error',
    title: 'source and target are the same management cluster',
    hint: 'A move goes to another management cluster: give the target its own context or snapshot. To restore in place, use purpose: restore with method oadp.',
  },
  MP2704: {
    severity: 'error',
    title: 'control-plane namespace name too long',
    hint: 'HyperShift names the control-plane namespace <namespace>-<name> (dots turned into -); it must be a DNS-1123 label of at most 63 characters.',
  },
  MP2705: {
    severity: 'error',
    title: 'restore from an etcd snapshot in place',
    hint: 'restoreSnapshotURL applies only when a HostedCluster is created with an empty etcd volume; restore onto another management cluster, or use method oadp for an in-place restore.',
  },
  MP3300: {
    severity: 'error',
    title: 'malformed HyperShift object',
    hint: 'The object lacks a field every HyperShift operator sets; record the snapshot again with migplan snapshot or oc get -o yaml.',
  },
  MP3301: {
    severity: 'warning',
    title: 'withdrawn HyperShift API version',
    hint: 'hypershift.openshift.io/v1alpha1 was removed upstream in 2024-10; migplan emits v1beta1. Record the snapshot again from a current operator.',
  },
  MP3302: {
    severity: 'warning',
    title: 'snapshot holds Secret values',
    hint: 'migplan reads Secrets as metadata only and dropped the values; record snapshots with migplan snapshot, which never reads them, and delete this copy.',
  },
  MP3303: {
    severity: 'error',
    title: 'duplicate object in the recording',
    hint: 'The same object appears twice with different content; keep one recording per cluster.',
  },
  MP4300: {
    severity: 'error',
    title: 'hosted cluster not found',
    hint: 'Check spec.hostedCluster against `oc get hostedclusters -A` on the source management cluster.',
  },
  MP4301: {
    severity: 'error',
    title: 'release not supported by the target HyperShift operator',
    hint: 'Upgrade the HyperShift operator on the target management cluster until its supported-versions ConfigMap lists this minor version, or upgrade the hosted cluster first.',
  },
  MP4302: {
    severity: 'warning',
    title: 'supported versions unknown',
    hint: 'Record ConfigMap hypershift/supported-versions (label hypershift.openshift.io/supported-versions=true) on the target, or check `oc get cm -n hypershift supported-versions -o yaml` by hand.',
  },
  MP4303: {
    severity: 'error',
    title: 'target HyperShift operator is older than the source',
    hint: 'Upgrade the target HyperShift operator to at least the source version: an older CRD prunes the fields a newer operator wrote.',
  },
  MP4304: {
    severity: 'error',
    title: 'platform or region mismatch',
    hint: 'The procedure is documented only within one platform and (AWS) region: choose a target management cluster in the hosted cluster region, or rebuild the hosted cluster there.',
  },
  MP4305: {
    severity: 'error',
    title: 'API server not published under a fixed hostname',
    hint: 'A move keeps the API URL only when spec.services publishes APIServer with a hostname (route.hostname or loadBalancer.hostname); nodes and certificates carry it. Recreate the hosted cluster with --external-dns-domain first.',
  },
  MP4306: {
    severity: 'error',
    title: 'external DNS missing on a management cluster',
    hint: 'Install the HyperShift operator with --external-dns-provider, --external-dns-credentials and --external-dns-domain-filter on both management clusters; without it the service hostnames are not moved.',
  },
  MP4307: {
    severity: 'error',
    title: 'etcd is not managed by HyperShift',
    hint: 'The etcd-snapshot method snapshots the managed etcd pod; an unmanaged etcd is backed up by whoever runs it. Use method oadp or back up the external etcd yourself.',
  },
  MP4308: {
    severity: 'error',
    title: 'referenced Secret missing',
    hint: 'Create the Secret the HostedCluster names, or fix the reference, before the backup: the restored cluster needs the same pull secret, SSH key and encryption key.',
  },
  MP4309: {
    severity: 'error',
    title: 'hosted cluster already present on the target',
    hint: 'The target already has this HostedCluster or its control-plane namespace; delete that copy first (the restore URL applies only at creation) or choose another target.',
  },
  MP4310: {
    severity: 'error',
    title: 'etcd StorageClass missing on the target',
    hint: 'storageClassName is immutable on a HostedCluster: create a StorageClass of that name on the target management cluster.',
  },
  MP4311: {
    severity: 'warning',
    title: 'KMS secret encryption',
    hint: 'The restored control plane must reach the same KMS key: check the key policy and the role ARNs from the target region before the restore.',
  },
  MP4312: {
    severity: 'error',
    title: 'OADP not ready for hosted control planes',
    hint: 'Configure a DataProtectionApplication with the hypershift plugin (defaultPlugins on OADP 1.5+, customPlugins before) and the BackupStorageLocation named in spec.oadp on each management cluster.',
  },
  MP4313: {
    severity: 'error',
    title: 'platform cannot be restored to another management cluster with OADP',
    hint: 'HyperShift documents OADP restores of KubeVirt and Azure hosted clusters on the same management cluster only.',
  },
  MP4314: {
    severity: 'error',
    title: 'release outside what the HyperShift operator can run',
    hint: 'HyperShift rejects releases below 4.8 and OpenShiftSDN above 4.10 (support/supportedversion/version.go); upgrade the hosted cluster on the source first.',
  },
  MP4315: {
    severity: 'warning',
    title: 'HyperShift operator version unknown',
    hint: 'Record Deployment hypershift/operator on both management clusters; the version check could not run.',
  },
  MP4316: {
    severity: 'warning',
    title: 'HC namespace holds other hosted clusters',
    hint: 'migplan never deletes the HC namespace; the teardown removes only this hosted cluster and its control-plane namespace.',
  },
  MP4317: {
    severity: 'warning',
    title: 'hosted cluster has no NodePools',
    hint: 'Nothing runs workloads after the restore until NodePools are created.',
  },
  MP4318: {
    severity: 'error',
    title: 'service hostname outside the external-dns domain',
    hint: 'external-dns publishes only names under its --domain-filter; set the service hostnames inside that domain or add the domain to the filter on both management clusters.',
  },
  MP7030: {
    severity: 'error',
    title: 'restore URL slot malformed',
    hint: 'A restored HostedCluster carries exactly one restoreSnapshotURL slot, unfilled; this is a migplan bug.',
  },
  MP7031: {
    severity: 'error',
    title: 'immutable field changed in the restored object',
    hint: 'The HostedCluster/NodePool on the target must carry the immutable fields of the backup unchanged; this is a migplan bug.',
  },
  MP7032: {
    severity: 'error',
    title: 'server-written field left in an emitted object',
    hint: 'status, uid, resourceVersion, managedFields, ownerReferences and pausedUntil must be stripped before apply; this is a migplan bug.',
  },
} as const satisfies Record<string, CodeInfo>;
