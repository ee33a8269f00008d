import { hcpCodes } from './codes-hcp.js';

/**
 * The catalogue of every diagnostic migplan can report. Codes are stable and never reused:
 * 1xxx parse, 2xxx schema, 25xx semantic, 3xxx resolve, 4xxx plan, 5xxx render, 6xxx emit/diff,
 * 7xxx verify (the admission check: a condition the controllers would set on an emitted object), 9xxx internal.
 * `exit: 2` marks usage, I/O and cluster problems (exit code 2); everything else blocks with exit code 1.
 */
export const codes = {
  // parse
  MP1001: {
    severity: 'error',
    title: 'syntax error',
    hint: 'Fix the YAML/JSON syntax at the marked position.',
  },
  MP1002: {
    severity: 'error',
    title: 'duplicate key',
    hint: 'Remove or rename one of the duplicate keys.',
  },
  MP1003: {
    severity: 'error',
    title: 'tab indentation',
    hint: 'Indent YAML with spaces, never tabs.',
  },
  MP1004: {
    severity: 'error',
    title: 'empty spec',
    hint: 'Start from an example: examples/*/migration.yaml.',
  },
  MP1005: {
    severity: 'error',
    title: 'spec is not a mapping',
    hint: 'The spec is one mapping with apiVersion, kind, metadata and spec.',
  },
  MP1006: {
    severity: 'error',
    title: 'more than one document',
    hint: 'Put one Migration per file.',
  },
  MP1007: {
    severity: 'error',
    title: 'excessive aliases',
    hint: 'Write the values out instead of expanding many YAML aliases.',
  },
  MP1008: {
    severity: 'error',
    title: 'spec too large',
    hint: 'A migration spec is a few kilobytes; check that this is the right file.',
  },
  MP1009: {
    severity: 'error',
    title: 'not a text file',
    hint: 'The spec must be UTF-8 text (YAML or JSON).',
  },
  MP1010: {
    severity: 'error',
    title: 'cannot read spec',
    hint: 'Check the path; use - to read the spec from stdin.',
    exit: 2,
  },
  MP1011: {
    severity: 'error',
    title: 'wrong apiVersion',
    hint: 'Use apiVersion: migplan.dev/v1alpha1.',
  },
  MP1012: {
    severity: 'error',
    title: 'wrong kind',
    hint: 'Use kind: Migration (moving applications between clusters), kind: NetworkMigration (moving one cluster from OpenShift SDN to OVN-Kubernetes) or kind: HostedClusterMigration (backing up, restoring or moving a HyperShift hosted cluster).',
  },
  MP1013: {
    severity: 'error',
    title: 'spec is not a regular file',
    hint: 'Pass a spec file; to pipe a spec in (a FIFO, /dev/stdin, process substitution), use - for stdin.',
    exit: 2,
  },
  // schema
  MP2001: {
    severity: 'error',
    title: 'missing field',
    hint: 'Add the field; see the spec reference in the README.',
  },
  MP2002: {
    severity: 'error',
    title: 'unknown field',
    hint: 'Remove the field or fix its spelling.',
  },
  MP2003: {
    severity: 'error',
    title: 'wrong type',
    hint: 'Change the value to the expected type.',
  },
  MP2004: { severity: 'error', title: 'value not allowed', hint: 'Use one of the allowed values.' },
  MP2005: {
    severity: 'error',
    title: 'malformed value',
    hint: 'Change the value to match the expected format.',
  },
  MP2006: {
    severity: 'error',
    title: 'value out of range',
    hint: 'Change the value or the number of items.',
  },
  MP2007: {
    severity: 'error',
    title: 'schema violation',
    hint: 'See the spec reference in the README.',
  },
  // semantic
  MP2501: {
    severity: 'error',
    title: 'unknown cluster',
    hint: 'Name a cluster defined under spec.clusters.',
  },
  MP2502: {
    severity: 'error',
    title: 'cluster role mismatch',
    hint: "Set the cluster's role to source, target or both to match its use.",
  },
  MP2503: {
    severity: 'error',
    title: 'same source and target',
    hint: 'Inside one cluster, use type: storage-class-conversion (namespaces kept) or type: state with every namespace mapped to a different one (from/to); or pick a different target.',
  },
  MP2504: {
    severity: 'error',
    title: 'conversion across clusters',
    hint: 'A storage-class-conversion plan has the same source and target cluster.',
  },
  MP2505: {
    severity: 'error',
    title: 'duplicate source namespace',
    hint: 'List each source namespace once (MTC DuplicateNamespaceOnSourceCluster).',
  },
  MP2506: {
    severity: 'error',
    title: 'duplicate destination namespace',
    hint: 'Map each namespace to a distinct destination (MTC DuplicateNamespaceOnDestinationCluster).',
  },
  MP2507: {
    severity: 'error',
    title: 'plan conflict',
    hint: 'Move the namespace into one plan; MTC marks overlapping open plans PlanConflict.',
  },
  MP2508: {
    severity: 'error',
    title: 'destination namespace not DNS-1123',
    hint: 'Use lowercase letters, digits and -, at most 63 characters.',
  },
  MP2509: {
    severity: 'warning',
    title: 'destination namespace too long for rsync route',
    hint: 'Keep destination namespaces at 59 characters or fewer with direct volume migration.',
  },
  MP2510: {
    severity: 'error',
    title: 'hook phase used twice',
    hint: 'Use at most one hook per phase (MTC HookPhaseDuplicate).',
  },
  MP2511: {
    severity: 'warning',
    title: 'host cluster is not the target',
    hint: 'Run MTC on the target cluster (host: true on the target) as Red Hat recommends.',
  },
  MP2512: {
    severity: 'error',
    title: 'indirect volumes within one cluster',
    hint: 'Use volumes.transfer: direct for intra-cluster plans (MTC IntraClusterMigration).',
  },
  MP2513: {
    severity: 'error',
    title: 'PVC rename on stage or cutover',
    hint: 'Rename PVCs only in plans whose migrations are all state (or rollback).',
  },
  MP2514: {
    severity: 'error',
    title: 'system namespace',
    hint: 'MTC does not migrate platform namespaces; remove it from the plan.',
  },
  MP2515: {
    severity: 'error',
    title: 'invalid plan name',
    hint: 'Use a DNS-1123 name of 3 to 63 characters: lowercase letters, digits, - and .',
  },
  MP2516: {
    severity: 'error',
    title: 'unknown replication repository',
    hint: 'Name the repository defined in spec.replicationRepository.',
  },
  MP2517: {
    severity: 'error',
    title: 'replication repository missing',
    hint: 'Add spec.replicationRepository; Velero always moves resources through object storage.',
  },
  MP2518: {
    severity: 'error',
    title: 'more than one host cluster',
    hint: 'Mark exactly one cluster with host: true.',
  },
  MP2519: {
    severity: 'error',
    title: 'override outside the plan',
    hint: "Name a PVC in one of the plan's source namespaces.",
  },
  MP2520: {
    severity: 'error',
    title: 'duplicate name',
    hint: 'Give every plan, migration and hook a unique name.',
  },
  MP2521: {
    severity: 'error',
    title: 'migration sequence out of order',
    hint: 'Run stage migrations first, then one cutover; rollback only after the cutover.',
  },
  MP2522: {
    severity: 'error',
    title: 'migration type not allowed for plan',
    hint: 'state plans run state migrations; full and conversion plans run stage/cutover/rollback.',
  },
  MP2523: {
    severity: 'error',
    title: 'remote cluster incomplete',
    hint: 'A non-host cluster needs url and tokenSecret.',
  },
  MP2524: {
    severity: 'error',
    title: 'namespace limit exceeded',
    hint: 'Split the plan, or raise spec.controller.namespaceLimit (MTC NamespaceLimitExceeded).',
  },
  MP2525: {
    severity: 'error',
    title: 'provider fields missing',
    hint: 'azure needs resourceGroup and storageAccount; aws endpoints need region.',
  },
  MP2526: {
    severity: 'error',
    title: 'hook needs an image or a playbook',
    hint: 'Set image for a custom hook, playbook for an Ansible hook.',
  },
  MP2527: {
    severity: 'warning',
    title: 'override repeats a PVC',
    hint: 'Keep one override per PVC; the last one wins.',
  },
  MP2528: {
    severity: 'error',
    title: 'not possible with the Velero engine',
    hint: 'Use engine: mtc for storage-class conversion and rollback.',
  },
  MP2529: {
    severity: 'error',
    title: 'Velero version unknown',
    hint: 'Set veleroVersion (plain Velero) or oadpVersion (OADP 1.0-1.5) on the cluster.',
  },
  MP2530: {
    severity: 'error',
    title: 'field not supported by this Velero version',
    hint: 'Upgrade Velero on that cluster or drop the setting.',
  },
  MP2531: {
    severity: 'error',
    title: 'proxy given more than one way',
    hint: 'Set exactly one of url, fromEnv or fromSecret.',
  },
  MP2532: {
    severity: 'warning',
    title: 'no host cluster',
    hint: 'Mark the cluster MTC runs on with host: true; its MigCluster is the one the operator created.',
  },
  MP2533: {
    severity: 'error',
    title: 'credentials in the spec',
    hint: 'Remove user:password@ and credential parameters (token=, sig=, X-Amz-Signature=, ...): the spec is copied into the output. Clusters take tokenSecret, the repository credentialsSecret, the proxy fromSecret.',
  },
  MP2534: {
    severity: 'error',
    title: "hook playbook outside the spec's folder",
    hint: "Copy the playbook into the spec's folder (or a folder below it) and give its relative path; migplan reads no file outside that folder.",
  },
  MP2535: {
    severity: 'error',
    title: 'hook playbook is not a regular file',
    hint: 'Point playbook at an Ansible YAML file, not a directory, FIFO, socket or device.',
  },
  MP2536: {
    severity: 'error',
    title: 'hook playbook is not text',
    hint: 'A playbook is UTF-8 YAML text without NUL bytes; check that the path names the playbook.',
  },
  MP2537: {
    severity: 'error',
    title: 'hook playbook too large',
    hint: 'The MigHook carries the playbook inside the cluster object (etcd refuses objects over ~1.5 MiB), so playbooks are limited to 256 KiB; move data into a role or the hook image.',
  },
  MP2550: {
    severity: 'error',
    title: 'plan without namespaces',
    hint: 'Give the plan namespaces, a select, or both.',
  },
  MP2551: {
    severity: 'error',
    title: 'malformed label requirement',
    hint: 'In and NotIn need values; Exists and DoesNotExist take none (Kubernetes label selector rules).',
  },
  MP2552: {
    severity: 'error',
    title: 'split limit above the controller limit',
    hint: 'A wave cannot hold more than spec.controller allows (MTC defaults: 10 namespaces, 100 pods, 100 PVs): lower the split limit or raise the controller setting.',
  },
  // resolve
  MP2580: {
    severity: 'error',
    title: 'unknown field path',
    hint: 'Run migplan explain with a shorter path (e.g. spec, spec.plans) to list the fields there.',
    exit: 2,
  },
  MP2581: {
    severity: 'warning',
    title: 'placeholder not filled in',
    hint: 'Replace the value migplan init left as a placeholder (replace-me) with the real one.',
  },
  MP3001: {
    severity: 'error',
    title: 'cannot read snapshot',
    hint: 'Check discovery.snapshot; record one with `oc get ... -A -o yaml`.',
    exit: 2,
  },
  MP3002: {
    severity: 'error',
    title: 'malformed snapshot file',
    hint: 'Fix or remove the file; snapshots hold Kubernetes objects or Lists.',
  },
  MP3003: {
    severity: 'error',
    title: 'no discovery source',
    hint: 'Set discovery.snapshot (offline) or discovery.context with --from live.',
    exit: 2,
  },
  MP3004: {
    severity: 'info',
    title: 'cluster version unknown',
    hint: 'Add the ClusterVersion object to the snapshot.',
  },
  MP3005: {
    severity: 'error',
    title: 'cannot read hook playbook',
    hint: 'Put the playbook file next to the spec and give its relative path.',
  },
  MP3006: {
    severity: 'info',
    title: 'API group not served',
    hint: 'Nothing to do on vanilla Kubernetes; the checks that need it are skipped.',
  },
  MP3007: {
    severity: 'warning',
    title: 'kind not readable',
    hint: 'Grant the identity list on the named resource, or use a snapshot recorded by an admin.',
  },
  MP3008: {
    severity: 'error',
    title: 'required kind not readable',
    hint: 'Use an identity that can list this resource cluster-wide (e.g. cluster-reader).',
    exit: 2,
  },
  MP3009: {
    severity: 'error',
    title: 'credentials rejected',
    hint: 'Log in again (oc login) or refresh the token of this kubeconfig context.',
    exit: 2,
  },
  MP3010: {
    severity: 'error',
    title: 'kubeconfig problem',
    hint: 'Check --kubeconfig, KUBECONFIG and discovery.context.',
    exit: 2,
  },
  MP3011: {
    severity: 'error',
    title: 'credential plugin failed',
    hint: 'Run the exec plugin of this context by hand to see why it fails.',
    exit: 2,
  },
  MP3012: {
    severity: 'error',
    title: 'TLS verification failed',
    hint: "Fix the context's certificate-authority; migplan never skips verification unless the kubeconfig says insecure-skip-tls-verify.",
    exit: 2,
  },
  MP3013: {
    severity: 'error',
    title: 'API server unreachable',
    hint: 'Check the server URL, VPN, proxy and firewall for this context.',
    exit: 2,
  },
  MP3014: {
    severity: 'error',
    title: 'API server keeps failing',
    hint: 'The server answered 429/5xx after every retry; try again later.',
    exit: 2,
  },
  MP3015: {
    severity: 'error',
    title: 'list could not be completed',
    hint: 'The continue token of a paged list kept expiring (410 Gone), so no consistent list was read; nothing partial is used. Retry when the cluster is less busy, or record a snapshot.',
    exit: 2,
  },
  MP3016: {
    severity: 'error',
    title: 'malformed response from API server',
    hint: 'The body was cut off, not JSON or not the expected object, even after retries; a proxy or load balancer in front of the API server often answers with an HTML page. Check the server URL and proxy settings of the context.',
    exit: 2,
  },
  MP3017: {
    severity: 'error',
    title: 'API server did not answer in time',
    hint: 'The server accepted the connection but stopped answering. Check the server URL and network path; raise --request-timeout only for a slow but working server.',
    exit: 2,
  },
  MP3018: {
    severity: 'error',
    title: 'cluster read exceeded --timeout',
    hint: 'Reading the cluster (every list, retry and wait) took longer than --timeout allows; raise --timeout for a very large cluster.',
    exit: 2,
  },
  MP3019: {
    severity: 'error',
    title: 'credentials over plain HTTP refused',
    hint: 'Use the https:// URL of the API server; plain http:// is only for contexts without credentials (e.g. through `kubectl proxy`).',
    exit: 2,
  },
  MP3020: {
    severity: 'error',
    title: 'invalid certificate authority',
    hint: 'Set certificate-authority-data to the base64 of a PEM certificate (-----BEGIN CERTIFICATE-----), or certificate-authority to a readable PEM file.',
    exit: 2,
  },
  MP3050: {
    severity: 'error',
    title: 'unreadable file in the compared directory',
    hint: 'Fix or remove the file, or write the directory again with compile --out; diff never treats a file it cannot read as absent.',
    exit: 2,
  },
  MP3030: {
    severity: 'info',
    title: 'duplicate object read once',
    hint: 'The snapshot holds the same object twice (a copied file?); remove one copy to silence this.',
  },
  MP3031: {
    severity: 'error',
    title: 'conflicting duplicate object',
    hint: 'Two copies of one object (same API group, kind, namespace and name) say different things, e.g. recorded at different times; keep the copy that is current and delete the other.',
  },
  MP3032: {
    severity: 'error',
    title: 'unreadable object in snapshot',
    hint: 'Every item must be a Kubernetes object with kind and metadata.name (and metadata.namespace when namespaced); a PVC, PV or Namespace that cannot be read would be left out of the plan. Fix the item or record the snapshot again.',
  },
  MP3033: {
    severity: 'warning',
    title: 'malformed object ignored',
    hint: 'Fix or remove the object; it is ignored, so the checks that use it may be incomplete.',
  },
  MP3034: {
    severity: 'error',
    title: 'snapshot file too large',
    hint: 'Each snapshot file is limited to 500 MiB; split it (one file per kind or per namespace).',
    exit: 2,
  },
  MP3035: {
    severity: 'error',
    title: 'snapshot entry is not a regular file',
    hint: 'A snapshot holds regular files and directories; remove the FIFO, device or socket (or the link to it).',
    exit: 2,
  },
  MP3036: {
    severity: 'error',
    title: 'too many YAML aliases in snapshot',
    hint: 'kubectl never writes aliases; write the objects out, or record the snapshot again with oc get -o yaml.',
  },
  MP3037: {
    severity: 'error',
    title: 'snapshot link leads outside',
    hint: "Copy the file into the snapshot, or link only to files inside the snapshot directory or the spec's folder.",
    exit: 2,
  },
  // plan
  MP4001: {
    severity: 'error',
    title: 'namespace not on source',
    hint: 'Fix the namespace name, or refresh the snapshot.',
  },
  MP4002: {
    severity: 'info',
    title: 'destination namespace exists',
    hint: 'MTC keeps the existing namespace and restores into it.',
  },
  MP4003: {
    severity: 'warning',
    title: 'conflicting namespace UID ranges',
    hint: 'Align the openshift.io/sa.scc.* annotations or let MTC create the namespace.',
  },
  MP4004: {
    severity: 'warning',
    title: 'node selectors cleared on restore',
    hint: 'Label target nodes and re-add the selectors after cutover.',
  },
  MP4005: {
    severity: 'info',
    title: 'PVC not migrated',
    hint: 'Only PVCs bound to a Bound PV are migrated.',
  },
  MP4006: {
    severity: 'error',
    title: 'no target storage class',
    hint: 'Map the source class in volumes.storageClassMap to one of the listed classes.',
  },
  MP4007: {
    severity: 'error',
    title: 'access mode unsupported',
    hint: 'Choose a target class that supports the access mode, or override accessMode.',
  },
  MP4008: {
    severity: 'error',
    title: 'action unsupported for PV',
    hint: 'Use one of the supported actions for this volume.',
  },
  MP4009: {
    severity: 'error',
    title: 'override names unknown PVC',
    hint: "Name a PVC that exists in the plan's source namespace.",
  },
  MP4010: {
    severity: 'error',
    title: 'mapped storage class missing',
    hint: 'Map to a storage class that exists on the target.',
  },
  MP4011: {
    severity: 'error',
    title: 'no registry path',
    hint: 'Set exposedRegistryPath on the source cluster, or images: indirect.',
  },
  MP4012: {
    severity: 'warning',
    title: 'pod limit exceeded',
    hint: 'Split the plan or raise spec.controller.podLimit.',
  },
  MP4013: {
    severity: 'warning',
    title: 'PV limit exceeded',
    hint: 'Split the plan or raise spec.controller.pvLimit.',
  },
  MP4014: {
    severity: 'warning',
    title: 'hostPath volume skipped',
    hint: 'Copy hostPath data by hand; MTC can only skip it.',
  },
  MP4015: {
    severity: 'warning',
    title: 'unhealthy source pods',
    hint: 'Fix or scale down failing pods before migrating (MTC SourcePodsNotHealthy).',
  },
  MP4016: {
    severity: 'warning',
    title: 'internal images not migrated',
    hint: 'Use images: direct or indirect to move images from the internal registry.',
  },
  MP4017: {
    severity: 'warning',
    title: 'gluster volume falls back to default class',
    hint: 'Install Ceph (ODF) on the target or map the class explicitly.',
  },
  MP4018: {
    severity: 'info',
    title: 'SCC granted on target',
    hint: 'Review the RoleBindings in the access file.',
  },
  MP4019: {
    severity: 'warning',
    title: 'custom SCC missing on target',
    hint: 'migplan emits it without users; review its privileges.',
  },
  MP4020: {
    severity: 'error',
    title: 'conversion to the same class',
    hint: 'Map every PV of a storage-class-conversion plan to a different class.',
  },
  MP4021: {
    severity: 'error',
    title: 'snapshot copy across providers',
    hint: 'Use filesystem copy; snapshots only work within one provider and region.',
  },
  MP4022: {
    severity: 'error',
    title: 'hook namespace missing',
    hint: 'Run the hook in a migrated namespace or one that exists on that cluster.',
  },
  MP4023: {
    severity: 'warning',
    title: 'SCCs not readable',
    hint: 'Use a snapshot or identity that can list securitycontextconstraints.',
  },
  MP4024: {
    severity: 'error',
    title: 'egress allowance impossible',
    hint: 'Shorten the egress rule list or allow the CIDR by hand; see the message for the limit.',
  },
  MP4025: {
    severity: 'warning',
    title: 'cluster CIDR unknown',
    hint: 'Set spec.network.clusterCIDRs for the other cluster so migplan can allow it.',
  },
  MP4026: {
    severity: 'warning',
    title: 'rsync blocked by NetworkPolicy',
    hint: 'Set network.rsyncPolicies: auto, or allow the rsync pods yourself.',
  },
  MP4027: {
    severity: 'warning',
    title: 'egress policy converted for OVN',
    hint: 'Review the EgressFirewall: EgressNetworkPolicy does nothing on OVN-Kubernetes.',
  },
  MP4028: {
    severity: 'info',
    title: 'network allowance emitted',
    hint: 'Review the NetworkPolicy and egress files for each cluster.',
  },
  MP4029: {
    severity: 'error',
    title: 'storage class decisions differ within a class',
    hint: 'Velero maps storage classes per class: map the class once in volumes.storageClassMap.',
  },
  MP4030: {
    severity: 'warning',
    title: 'hook not mapped to Velero',
    hint: 'Velero backup hooks are exec commands in pods; run image and Ansible hooks yourself.',
  },
  MP4031: {
    severity: 'warning',
    title: 'NetworkPolicy names a renamed namespace',
    hint: 'Neither MTC nor Velero rewrites namespaceSelectors: update the policy after cutover.',
  },
  MP4032: {
    severity: 'warning',
    title: 'egress rule behaves differently on OVN',
    hint: 'On OVN-Kubernetes use cidrSelector rules; see the message.',
  },
  MP4033: {
    severity: 'error',
    title: 'images: none cannot be honoured',
    hint: 'MTC migrates ImageStreams on every full plan. Use images: indirect or direct, or set controller.disableImageMigration: true (it applies to every plan on the MTC host).',
  },
  MP4034: {
    severity: 'error',
    title: 'block volume in a file-system copy',
    hint: 'Restic/Kopia file-system backup copies only Filesystem volumes: use volumes.transfer: direct (rsync block copy) or copyMethod: snapshot for this PVC.',
  },
  MP4035: {
    severity: 'warning',
    title: 'runAsRoot needs privileged pod-security labels',
    hint: 'Label the namespaces named in the message pod-security.kubernetes.io/enforce=privileged (REPORT.md has the commands and the ones that remove the labels again), or set controller.podSecurityLabels: true.',
  },
  MP4036: {
    severity: 'warning',
    title: 'internal images need the OpenShift Velero plugin',
    hint: 'Install Velero with the openshift plugin and its registry settings (OADP does this), or move the images yourself.',
  },
  MP4037: {
    severity: 'error',
    title: 'state migration cannot use indirect transfer',
    hint: 'State migrations and storage-class conversions copy volumes with rsync only (DVM): remove volumes.transfer: indirect.',
  },
  MP4038: {
    severity: 'error',
    title: 'storage-class conversion with nothing to convert',
    hint: 'Every PV of the plan is skipped; MTC refuses such a plan (StorageClassConversionUnavailable). Map at least one class or drop the plan.',
  },
  MP4039: {
    severity: 'error',
    title: 'PVC claimed by two mappings',
    hint: 'Each destination PVC must come from exactly one source PVC, and no mapping may write a PVC another one migrates (MTC ConflictingPVCMappings); change the namespace mapping or the renameTo.',
  },
  MP4040: {
    severity: 'error',
    title: 'MigCluster name already taken',
    hint: 'Every cluster gets its own MigCluster; the MTC operator already owns "host" on the host cluster. Rename the cluster key or set a distinct migClusterName.',
  },
  MP4041: {
    severity: 'error',
    title: 'not a CIDR',
    hint: 'Write an address and prefix length, e.g. 192.0.2.10/32 or 2001:db8::/64 (octets 0-255, prefix at most 32 for IPv4 and 128 for IPv6).',
  },
  MP4042: {
    severity: 'info',
    title: 'owner not checked',
    hint: 'Record the workload kinds too (migplan snapshot does; see the oc get recipe in the README) so migplan writes ownerType and hasReference exactly as mig-controller will; until then argocd/ignore-differences.yaml covers them.',
  },
  MP4100: {
    severity: 'error',
    title: 'empty namespace selection',
    hint: "Check the selector against the source's namespace labels (oc get namespaces --show-labels); system namespaces are selected only when select.names names them exactly.",
  },
  MP4101: {
    severity: 'error',
    title: 'dependent namespaces exceed a wave',
    hint: 'These namespaces depend on each other and must move in one wave: raise the split limits (within spec.controller), or remove the dependency (the RoleBinding, NetworkPolicy, image or Service named) before migrating.',
  },
  MP4102: {
    severity: 'warning',
    title: 'namespace exceeds a wave limit alone',
    hint: 'A namespace cannot be split across plans: it gets a wave of its own, and MTC warns about it (PodLimitExceeded, PvLimitExceeded) or it exceeds maxData.',
  },
  MP4103: {
    severity: 'info',
    title: 'dependency rule not checked',
    hint: 'The facts do not hold the kind this rule reads, so dependencies of that kind are unknown (not absent): record it in the snapshot (e.g. oc get services -A -o yaml) to have waves respect them.',
  },
  MP4104: {
    severity: 'error',
    title: 'namespace selected by two plans',
    hint: 'Narrow one selection (exclude, labels) or name the namespace explicitly in the plan that should migrate it.',
  },
  MP4105: {
    severity: 'error',
    title: 'wave name too long',
    hint: 'Wave MigPlans are named <plan>-<n>: shorten the plan name.',
  },
  MP4106: {
    severity: 'error',
    title: 'done wave not in the lock file',
    hint: 'split.done names waves by the numbers the lock file (<spec>.lock.yaml) records: restore the committed lock file, or remove the number from split.done.',
  },
  MP4107: {
    severity: 'warning',
    title: 'dependency across a done wave',
    hint: 'A namespace that should move with (or before) one in a done wave was not in it: migrate it soon, or remove the dependency (the object named); the done wave is never changed.',
  },
  MP4108: {
    severity: 'info',
    title: 'wave closed',
    hint: 'The lock file recorded this wave but no namespace is in it now: its MigPlan is emitted with spec.closed (mig-controller cleans up its resources) and its number is never reused.',
  },
  MP4109: {
    severity: 'warning',
    title: 'cutover longer than maxDowntime',
    hint: 'Add a stage migration before the cutover (the cutover then copies only what changed since), run another stage right before it, or lower split.maxData so each wave holds less data; the report shows the estimate per wave.',
  },
  MP4110: {
    severity: 'warning',
    title: 'split plan left the spec',
    hint: 'Close each listed MigPlan that exists (oc patch migplan <name> -n openshift-migration --type merge -p \'{"spec":{"closed":true}}\') or delete it once its migrations are done; an open plan conflicts with any other plan of its namespaces.',
  },
  MP4150: {
    severity: 'info',
    title: 'target compatibility not checked',
    hint: "Record both clusters' API discovery (migplan snapshot does; docs/compatibility.md has the oc commands), or grant the identity list on the kinds named; until then nothing is known about what the target refuses.",
  },
  MP4151: {
    severity: 'error',
    title: 'kind not served on the target',
    hint: "Velero restores each object at the version it backed up (the source group's preferred version): convert the objects to a version the target serves (named in the message) and re-create them after cutover, or exclude the kind from the plan.",
  },
  MP4152: {
    severity: 'error',
    title: 'CRD missing on the target',
    hint: 'Install the operator that owns the CRD on the target (OperatorHub), or create the CRD there, before the migration.',
  },
  MP4153: {
    severity: 'warning',
    title: 'OLM operator in a migrated namespace',
    hint: "Operators are installed on the target, not migrated: install the named package from the target's catalog first; the restored Subscription/CSV/OperatorGroup objects would fight the target's OLM.",
  },
  MP4154: {
    severity: 'warning',
    title: 'API deprecated on the target',
    hint: 'The objects restore, but the target release deprecates their API: move them to the replacement named in the message.',
  },
  MP4155: {
    severity: 'warning',
    title: 'cluster versions outside the support matrix',
    hint: 'Migrate to the same or a newer release, with the same MTC version on both clusters: MTC 1.7.x for OpenShift 3 and 4.9- sources (the legacy operator on OpenShift 3), 1.8.x between 4.10+ clusters.',
  },
  MP4156: {
    severity: 'error',
    title: 'pods refused by PodSecurity admission on the target',
    hint: 'OpenShift 4.11+ enforces a PodSecurity level per namespace, set by the label syncer from the SCCs the namespace\'s service accounts may use. Label the source namespace pod-security.kubernetes.io/enforce with the level named and security.openshift.io/scc.podSecurityLabelSync: "false" before migrating, or grant the service accounts the SCC their pods run under.',
  },
  // render / emit
  MP5001: {
    severity: 'error',
    title: 'template produced invalid YAML',
    hint: 'This is a migplan bug; please report it with the spec.',
  },
  MP5002: {
    severity: 'error',
    title: 'rendered object failed its schema',
    hint: 'This is a migplan bug; please report it with the spec.',
  },
  MP6001: {
    severity: 'error',
    title: 'cannot write output',
    hint: 'Check that the parent directory exists and is writable.',
    exit: 2,
  },
  MP6002: {
    severity: 'error',
    title: 'unknown migration',
    hint: 'Use a name listed in the report (plan-migration).',
    exit: 2,
  },
  MP6004: {
    severity: 'error',
    title: 'nothing to diff against',
    hint: 'Pass the directory written by compile --out.',
    exit: 2,
  },
  MP6003: {
    severity: 'error',
    title: 'output is stale',
    hint: 'Run migplan compile --out again and commit the result.',
  },
  MP6005: {
    severity: 'error',
    title: 'output directory not written by migplan',
    hint: 'migplan only replaces a directory it wrote itself (its manifest.json says so). Pass a new or empty directory, e.g. --out plan, or move the files away yourself.',
    exit: 2,
  },
  MP6006: {
    severity: 'error',
    title: 'output directory would overwrite inputs',
    hint: "Write the output to its own folder beside the spec, e.g. --out plan; never to the spec's folder, a snapshot folder or a folder that holds them.",
    exit: 2,
  },
  MP6007: {
    severity: 'error',
    title: 'output path is not a directory',
    hint: 'Pass a directory path for --out (a new one is created); migplan never replaces a file with a directory.',
    exit: 2,
  },
  MP6008: {
    severity: 'error',
    title: 'file in the way',
    hint: 'A file migplan did not write sits where the output goes; move or rename it, then compile again.',
    exit: 2,
  },
  MP6009: {
    severity: 'error',
    title: 'half-written output',
    hint: 'An earlier write was interrupted. Run the same compile --out (or snapshot --out) again: it finishes the write.',
    exit: 2,
  },
  MP6010: {
    severity: 'error',
    title: 'conflicting or ignored options',
    hint: 'Run migplan <command> --help for the options that go together.',
    exit: 2,
  },
  MP6011: {
    severity: 'error',
    title: 'output file cannot be read',
    hint: 'The output tree holds a file migplan cannot read as one it wrote; recompile with --out to restore it.',
    exit: 2,
  },
  MP6012: {
    severity: 'warning',
    title: 'output file edited since compile',
    hint: 'The file no longer matches the SHA-256 in manifest.json; compile --out overwrites it with the compiled content.',
  },
  MP6013: {
    severity: 'info',
    title: 'relative paths of a spec read from stdin',
    hint: 'Relative paths in a spec read from stdin resolve against the working directory; pass the spec by path to resolve them against its folder.',
  },
  MP6014: {
    severity: 'error',
    title: 'unknown cluster',
    hint: 'Use a cluster name defined under spec.clusters.',
    exit: 2,
  },
  MP6015: {
    severity: 'info',
    title: 'files kept in the output directory',
    hint: 'migplan never deletes or overwrites files it did not write; remove them yourself if they are stale.',
  },
  MP6016: {
    severity: 'info',
    title: 'interrupted write finished',
    hint: 'An earlier write to this directory was interrupted; this run finished it.',
  },
  MP6030: {
    severity: 'error',
    title: 'diagnostics file refused',
    hint: 'Point --diagnostics-file at a new path or at a file an earlier migplan run wrote (e.g. migplan.sarif); migplan never replaces other files.',
    exit: 2,
  },
  MP6031: {
    severity: 'error',
    title: 'cannot write file',
    hint: 'Check that the directory exists and is writable.',
    exit: 2,
  },
  MP6032: {
    severity: 'error',
    title: 'file exists',
    hint: 'migplan init writes a new file only; pass another --out, or move the existing file away first.',
    exit: 2,
  },
  MP6034: {
    severity: 'warning',
    title: 'namespace left out by init',
    hint: 'Compiling a plan with this namespace failed for the reason shown; fix it (e.g. map a storage class) and add the namespace to a plan.',
  },
  MP6040: {
    severity: 'error',
    title: 'lock file not written by migplan',
    hint: 'The file where migplan keeps the wave lock (<spec>.lock.yaml beside the spec) does not start with the lock header: move it away; migplan never reads or replaces a file it did not write.',
    exit: 2,
  },
  MP6041: {
    severity: 'error',
    title: 'lock file malformed',
    hint: 'The wave lock was edited or merged badly (a conflict?): restore it from version control, or delete it and compile (waves are then assigned afresh, so check split.done).',
    exit: 2,
  },
  MP6042: {
    severity: 'error',
    title: 'lock file is stale',
    hint: 'Run migplan compile (without --check) and commit the lock file with the output.',
  },
  MP6043: {
    severity: 'error',
    title: 'cannot read or write the lock file',
    hint: 'Check the permissions of the spec folder; the lock file is written beside the spec, through a temporary file and a rename.',
    exit: 2,
  },
  MP6044: {
    severity: 'info',
    title: 'no lock file for a spec read from stdin',
    hint: 'A spec from stdin has no folder to keep a lock file in, so its waves are assigned afresh and nothing is written; pass the spec by path to keep waves between compiles.',
  },
  // verify: the admission check (src/verify), one code per controller
  MP7001: {
    severity: 'error',
    title: 'MigCluster would not become Ready',
    hint: 'mig-controller would set the named Critical condition on this MigCluster; fix the cluster entry in the spec.',
  },
  MP7002: {
    severity: 'error',
    title: 'MigStorage would not become Ready',
    hint: 'mig-controller would set the named Critical condition on the MigStorage; fix replicationRepository.',
  },
  MP7003: {
    severity: 'error',
    title: 'MigPlan would not become Ready',
    hint: 'mig-controller would set the named condition and never run the plan; the message names the field and the upstream rule.',
  },
  MP7004: {
    severity: 'error',
    title: 'MigMigration would be refused',
    hint: 'mig-controller would refuse or fail this migration step; change the step type or the plan.',
  },
  MP7005: {
    severity: 'error',
    title: 'MigHook would not become Ready',
    hint: 'mig-controller would set the named Critical condition on the hook; fix the hook in the spec.',
  },
  MP7006: {
    severity: 'error',
    title: 'Velero storage location unavailable',
    hint: 'Velero would mark this location Unavailable; fix replicationRepository.',
  },
  MP7007: {
    severity: 'error',
    title: 'Velero would fail the backup or restore validation',
    hint: 'Velero would set phase FailedValidation with the message shown; this is a migplan bug or a spec conflict.',
  },
  MP7008: {
    severity: 'error',
    title: 'OADP would refuse the DataProtectionApplication',
    hint: 'The OADP operator would report the reconcile error shown and install nothing.',
  },
  // NetworkMigration (OpenShift SDN -> OVN-Kubernetes): spec
  MP2600: {
    severity: 'error',
    title: 'unusable internal subnet',
    hint: 'Give each internalSubnets entry as an IPv4 CIDR such as 100.63.0.0/16 (masquerade: a /29 or larger).',
  },
  MP2601: {
    severity: 'error',
    title: 'internal subnets overlap each other',
    hint: 'OVN-Kubernetes needs its join, transit switch and masquerade ranges apart; move one of them.',
  },
  MP2602: {
    severity: 'error',
    title: 'setting not allowed with a live migration',
    hint: 'Remove the field, or use mode: offline; during a live migration the operator sets spec.migration and the MTU itself.',
  },
  // NetworkMigration: cluster facts
  MP3200: {
    severity: 'warning',
    title: 'malformed network object',
    hint: 'The object is skipped; re-record the snapshot with migplan snapshot --kind NetworkMigration.',
  },
  MP3201: {
    severity: 'error',
    title: 'network facts missing',
    hint: 'Record the cluster with `migplan snapshot --kind NetworkMigration` (it lists every kind the migration needs), or add the missing object to the snapshot.',
  },
  MP3202: {
    severity: 'warning',
    title: 'network kind unreadable',
    hint: 'Grant list on the kind (cluster-admin runs the migration anyway) and read again; until then the checks that need it are not made.',
  },
  // NetworkMigration: pre-flight
  MP4200: {
    severity: 'error',
    title: 'cluster is not on OpenShift SDN',
    hint: 'Only an OpenShiftSDN cluster migrates to OVN-Kubernetes; point spec.cluster at the right cluster.',
  },
  MP4201: {
    severity: 'error',
    title: 'SDN isolation mode cannot be migrated',
    hint: 'Switch openshiftSDNConfig.mode to NetworkPolicy first and express the isolation as NetworkPolicies (one allow-same-namespace policy per project reproduces Multitenant).',
  },
  MP4202: {
    severity: 'error',
    title: 'cluster network overlaps an OVN-Kubernetes reserved range',
    hint: 'Move the reserved range with spec.internalSubnets (the message names the field and a free range).',
  },
  MP4203: {
    severity: 'error',
    title: 'version outside what the migration supports',
    hint: 'Offline migration needs OpenShift 4.4 to 4.16; live migration needs 4.15.31+ or 4.16. Upgrade to the latest z-stream of a supported minor, or choose the other mode.',
  },
  MP4204: {
    severity: 'error',
    title: 'cluster topology cannot be migrated this way',
    hint: 'Hosted control planes reject the live migration; use the procedure of the hosting platform.',
  },
  MP4205: {
    severity: 'error',
    title: 'internal subnet too small for the cluster',
    hint: 'OVN-Kubernetes needs one join and one transit address per possible node; give a larger range in spec.internalSubnets.',
  },
  MP4206: {
    severity: 'error',
    title: 'feature in use that the migration does not support',
    hint: 'Remove the feature (the message names the objects) before the migration, or use the mode the message names.',
  },
  MP4207: {
    severity: 'warning',
    title: 'object to remove before the migration',
    hint: 'The steps list the command; an operator signs off before it runs.',
  },
  MP4208: {
    severity: 'warning',
    title: 'MTU changes with the overlay',
    hint: 'Geneve takes 100 bytes per packet, VXLAN 50: check the value the report gives against the lowest NIC MTU of the nodes.',
  },
  MP4209: {
    severity: 'warning',
    title: 'machine config pool not ready',
    hint: 'Unpause the pool and fix what degrades it before the window: the migration rolls every pool.',
  },
  MP4210: {
    severity: 'warning',
    title: 'egress rule whose meaning changes on OVN',
    hint: 'Review the rule: EgressFirewall resolves dnsName rules itself and is named default; the report lists each rule.',
  },
  MP4211: {
    severity: 'warning',
    title: 'egress IP setup that does not carry over',
    hint: 'Read the report: manual egress IP pinning to nodes is lost; label the nodes that should host egress IPs.',
  },
  MP4212: {
    severity: 'warning',
    title: 'large cluster',
    hint: 'Red Hat asks clusters of more than 150 nodes to open a support case before migrating.',
  },
  MP4213: {
    severity: 'error',
    title: 'setting conflicts with the cluster',
    hint: 'Change the spec field the message names.',
  },
  MP4214: {
    severity: 'error',
    title: 'a CNI migration is already under way',
    hint: 'Finish or roll back the migration in progress (see its conditions on network.config cluster) before compiling a new one.',
  },
  MP4215: {
    severity: 'warning',
    title: 'platform not listed for the migration',
    hint: 'The OpenShift documentation does not list this platform for the migration: confirm support before the window.',
  },
  MP4216: {
    severity: 'warning',
    title: 'application migration targets a cluster moving its CNI',
    hint: 'Finish the CNI migration first (or move the applications first and migrate the CNI after); see docs/network-migration.md.',
  },
  MP7020: {
    severity: 'error',
    title: 'OVN-Kubernetes would reject the EgressFirewall',
    hint: 'This is a migplan bug or an EgressNetworkPolicy OVN cannot take; the message names the rule.',
  },
  MP7021: {
    severity: 'error',
    title: 'OVN-Kubernetes would reject the EgressIP',
    hint: 'Fix the NetNamespace egressIPs the EgressIP is converted from.',
  },
  MP7022: {
    severity: 'error',
    title: 'the network operator would refuse the step order',
    hint: 'This is a migplan bug: spec.migration must be set before networkType changes.',
  },
  ...hcpCodes,
  MP9000: {
    severity: 'error',
    title: 'internal error',
    hint: 'This is a migplan bug; rerun with --debug and report it.',
    exit: 2,
  },
} as const satisfies Record<string, CodeInfo>;

export interface CodeInfo {
  severity: 'error' | 'warning' | 'info';
  title: string;
  hint: string;
  exit?: 2;
}

export type DiagnosticCode = keyof typeof codes;
