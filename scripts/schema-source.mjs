// The migration spec schema, written as a JS module so it can carry comments; `npm run gen:types`
// writes schemas/migration.schema.json and src/spec/types.generated.ts from it.
const dns1123Label = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const dns1123Subdomain = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

const str = (description, extra = {}) => ({ type: 'string', description, ...extra });
const bool = (description) => ({ type: 'boolean', description });
const obj = (description, properties, required = [], extra = {}) => ({
  type: 'object',
  description,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
  ...extra,
});

export const schemaWithTsHints = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://migplan.dev/schemas/v1alpha1/migration.schema.json',
  title: 'Migration',
  description:
    'A migplan migration spec: the clusters, the replication repository and the plans that migplan compiles into MTC or Velero manifests.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: str('Version of the spec language.', { const: 'migplan.dev/v1alpha1' }),
    kind: str('Kind of the document.', { const: 'Migration' }),
    metadata: obj(
      'Identity of this migration.',
      {
        name: str('Name of the migration; used in report titles and output provenance.', {
          pattern: dns1123Subdomain,
          maxLength: 253,
        }),
        description: str('Free text shown at the top of the report.'),
      },
      ['name'],
    ),
    spec: obj(
      'What to migrate and how.',
      {
        engine: str('Which engine moves the data: MTC (mig-controller) or plain Velero/OADP.', {
          enum: ['mtc', 'velero'],
          default: 'mtc',
        }),
        clusters: {
          type: 'object',
          description:
            'The clusters taking part, keyed by name. The key names the MigCluster unless migClusterName is set.',
          minProperties: 1,
          propertyNames: { pattern: dns1123Label, maxLength: 63 },
          additionalProperties: { $ref: '#/$defs/cluster' },
        },
        replicationRepository: {
          description:
            'Object storage that Velero moves resources (and indirect images and volumes) through.',
          $ref: '#/$defs/replicationRepository',
        },
        plans: {
          type: 'array',
          description:
            'Migration plans; each compiles to one MigPlan (or one Velero backup/restore pair).',
          minItems: 1,
          items: { $ref: '#/$defs/plan' },
        },
        network: obj('Network allowances migplan emits so rsync and registry traffic can flow.', {
          rsyncPolicies: str(
            'Emit NetworkPolicies for rsync pods: only where existing policies would block them (auto), always, or never.',
            { enum: ['auto', 'always', 'never'], default: 'auto' },
          ),
          clusterCIDRs: {
            type: 'object',
            description:
              "Where each cluster (keyed by cluster name) is reached from outside for rsync: the address range of its ingress routers (where Route hostnames resolve; rsync over a Route connects there) or, with controller.rsyncEndpointType NodePort, of its nodes. Not its pod or service network. For each plan, the source namespaces whose PVCs direct volume migration copies get an Allow for the destination's entry in their EgressNetworkPolicy/EgressFirewall, only where an existing Deny would catch part of that range; a ClusterIP endpoint needs none.",
            propertyNames: { pattern: dns1123Label },
            additionalProperties: str(
              "An IPv4 or IPv6 CIDR covering the cluster's router (or node) addresses, e.g. 192.0.2.10/32 for one ingress VIP.",
              {
                pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$',
              },
            ),
          },
        }),
        velero: obj('Settings for engine: velero (plain Velero or OADP on each cluster).', {
          install: str(
            'How Velero is installed: plain Velero, or OADP (emits a DataProtectionApplication).',
            {
              enum: ['velero', 'oadp'],
              default: 'velero',
            },
          ),
          namespace: str('Velero server namespace (default velero, or openshift-adp with OADP).', {
            pattern: dns1123Label,
            maxLength: 63,
          }),
          ttl: str('How long backups are kept, as a Go duration.', {
            pattern: '^([0-9]+(h|m|s))+$',
            default: '720h0m0s',
          }),
          existingResourcePolicy: str(
            'What a restore does with objects that already exist (Velero 1.9+).',
            {
              enum: ['none', 'update'],
              default: 'none',
            },
          ),
          credentialKey: str('Key of the credentials Secret in the Velero namespace.', {
            default: 'cloud',
          }),
        }),
        controller: obj(
          'MigrationController settings a plan depends on; emitted as a MigrationController carrying only these fields.',
          {
            namespaceLimit: {
              type: 'integer',
              minimum: 1,
              description: 'mig_namespace_limit: namespaces allowed per plan (MTC default 10).',
            },
            podLimit: {
              type: 'integer',
              minimum: 1,
              description: 'mig_pod_limit: pods per plan before MTC warns (default 100).',
            },
            pvLimit: {
              type: 'integer',
              minimum: 1,
              description: 'mig_pv_limit: PVs per plan before MTC warns (default 100).',
            },
            disableImageMigration: {
              type: 'boolean',
              description:
                'disable_image_migration: MTC migrates no ImageStreams on ANY plan of this MTC host. The only way to honour images: none on a full plan; the report says so.',
            },
            podSecurityLabels: {
              type: 'boolean',
              description:
                'For runAsRoot migrations: print the commands that label the source and destination namespaces pod-security.kubernetes.io/enforce=privileged before the step, and remove the labels after it.',
            },
            rsyncEndpointType: str('rsync_endpoint_type: how rsync reaches the target.', {
              enum: ['Route', 'ClusterIP', 'NodePort'],
            }),
            sourceSupplementalGroups: {
              type: 'array',
              description: 'src_supplemental_groups: supplemental GIDs for source rsync pods.',
              items: { type: 'integer', minimum: 0, description: 'A GID.' },
            },
            stunnelTcpProxy: obj(
              'stunnel_tcp_proxy: the HTTP proxy rsync tunnels through. Credentials never go in the spec or the output: give a URL without them, or name where the full URL lives and the report prints the oc patch that applies it.',
              {
                url: str('Proxy URL without credentials, e.g. http://proxy.example.com:3128.', {
                  pattern: '^https?://[^@/\\s]+(:[0-9]+)?/?$',
                }),
                fromEnv: str(
                  'Environment variable that holds the proxy URL when the patch is applied.',
                  {
                    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
                  },
                ),
                fromSecret: obj(
                  'Secret in openshift-config that holds the proxy URL.',
                  {
                    name: str('Secret name.', { pattern: dns1123Subdomain, maxLength: 253 }),
                    key: str('Key holding the URL.', { pattern: '^[-._a-zA-Z0-9]+$' }),
                  },
                  ['name', 'key'],
                ),
              },
            ),
            targetSupplementalGroups: {
              type: 'array',
              description: 'target_supplemental_groups: supplemental GIDs for target rsync pods.',
              items: { type: 'integer', minimum: 0, description: 'A GID.' },
            },
          },
        ),
        estimate: {
          description:
            'Transfer estimates for the report: per plan (and wave) the data to copy, the stage time and the cutover downtime, with a suggestion where the downtime exceeds maxDowntime (docs/waves.md).',
          $ref: '#/$defs/estimate',
        },
      },
      ['clusters', 'plans'],
    ),
  },
  $defs: {
    estimate: obj(
      'Transfer estimates for the report (docs/waves.md, Estimates).',
      {
        bandwidth: str(
          "Throughput one plan's transfer gets, in SI bits per second: bps, kbps, Mbps, Gbps or Tbps (each 1000 times the one before; 1Gbps = 125,000,000 bytes/s).",
          { pattern: '^[0-9]+(\\.[0-9]+)?(bps|kbps|Kbps|Mbps|Gbps|Tbps)$' },
        ),
        efficiency: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          default: 1,
          description:
            'The share of the bandwidth rsync achieves (protocol, checksums, small files), e.g. 0.7.',
        },
        changeRate: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          default: 0.1,
          description:
            'The share of the data that changes between the last stage migration and the cutover: what the cutover copies after a stage.',
        },
        quiesce: str(
          'Downtime besides the final copy (scale-down, restore of resources, start on the target), as a duration: 5m, 1h30m, 90s.',
          { pattern: '^([0-9]+(\\.[0-9]+)?[hms])+$', default: '5m' },
        ),
        maxDowntime: str(
          'The cutover window: a wave whose estimated downtime exceeds it gets a warning and a suggestion (a stage migration first, or smaller waves). A duration: 2h, 45m.',
          { pattern: '^([0-9]+(\\.[0-9]+)?[hms])+$' },
        ),
      },
      ['bandwidth'],
    ),
    // Titles name the generated TypeScript types.
    cluster: obj(
      'One cluster taking part in the migration.',
      {
        role: str(
          'Whether namespaces leave (source) or arrive (target); both for intra-cluster plans.',
          {
            enum: ['source', 'target', 'both'],
          },
        ),
        host: bool(
          'This is the MTC host cluster (the controller runs here; the operator created its MigCluster).',
        ),
        migClusterName: str(
          'MigCluster name. For the host cluster, the one the MTC operator created (default host); for remote clusters, default the cluster key.',
          { pattern: dns1123Label, maxLength: 63 },
        ),
        url: str(
          'API server URL of a remote cluster, e.g. https://api.ocp3.example.com:8443. No user:password@: it would be written to the output.',
          { pattern: '^https?://[^\\s/@]+(/.*)?$' },
        ),
        tokenSecret: str(
          'Name of the Secret in openshift-config whose saToken key holds the migration-controller service-account token of this remote cluster.',
          { pattern: dns1123Subdomain, maxLength: 253 },
        ),
        exposedRegistryPath: str(
          'Host of the exposed internal registry route, needed for direct image migration from a remote cluster.',
          { pattern: '^[^\\s]+$' },
        ),
        insecure: bool('Skip TLS verification of the remote API (not recommended).'),
        caBundle: str('Base64-encoded PEM CA bundle for the remote API.', {
          pattern: '^[A-Za-z0-9+/=\\s]+$',
        }),
        network: obj('Network facts about this cluster not readable from snapshots.', {
          type: str('Cluster network plugin, overriding discovery.', {
            enum: ['OpenShiftSDN', 'OVNKubernetes', 'Other'],
          }),
        }),
        veleroVersion: str(
          'Velero version on this cluster (engine: velero), e.g. 1.9 or 1.14; field names changed in 1.10.',
          {
            pattern: '^1\\.[0-9]+(\\.[0-9]+)?$',
          },
        ),
        oadpVersion: str(
          'OADP version on this cluster (velero.install: oadp), e.g. 1.4; implies the Velero version it bundles.',
          {
            pattern: '^1\\.[0-9]+(\\.[0-9]+)?$',
          },
        ),
        discovery: obj('How migplan learns the state of this cluster.', {
          context: str('kubeconfig context to read the live cluster from (--from live).'),
          kubeconfig: str(
            'kubeconfig file for this cluster, relative to the spec; default KUBECONFIG.',
          ),
          snapshot: str(
            'Directory of recorded cluster objects (oc get -o yaml output), relative to the spec.',
          ),
        }),
      },
      ['role'],
    ),
    replicationRepository: obj(
      'Object storage used by Velero (and indirect image/volume migration) to move resources.',
      {
        name: str('MigStorage / BackupStorageLocation name.', {
          pattern: dns1123Label,
          maxLength: 63,
        }),
        provider: str('Object storage provider; aws covers every S3-compatible store.', {
          enum: ['aws', 'azure', 'gcp'],
        }),
        bucket: str('Bucket (aws, gcp) or blob container (azure).', {
          minLength: 3,
          maxLength: 222,
        }),
        prefix: str('Prefix inside the bucket (Velero engine only; MTC always uses velero).'),
        region: str('Bucket region (aws).'),
        endpoint: str(
          'S3 endpoint URL for S3-compatible stores (MinIO, NooBaa, Ceph RGW), without user:password@ (the keys live in credentialsSecret).',
          { pattern: '^https?://[^\\s/@]+(/\\S*)?$' },
        ),
        publicUrl: str('Public S3 URL for signed download links, without user:password@.', {
          pattern: '^https?://[^\\s/@]+(/\\S*)?$',
        }),
        insecure: bool('Skip TLS verification of the S3 endpoint.'),
        caBundle: str('Base64-encoded CA bundle for the S3 endpoint.', {
          pattern: '^[A-Za-z0-9+/=\\s]+$',
        }),
        kmsKeyId: str('AWS KMS key id for server-side encryption.'),
        signatureVersion: str('AWS signature version.', { enum: ['1', '4'] }),
        resourceGroup: str('Azure resource group of the storage account.'),
        storageAccount: str('Azure storage account name.'),
        credentialsSecret: str(
          'Name of the Secret in openshift-config with the provider credentials (aws: aws-access-key-id and aws-secret-access-key; azure: azure-credentials; gcp: gcp-credentials).',
          { pattern: dns1123Subdomain, maxLength: 253 },
        ),
      },
      ['name', 'provider', 'bucket', 'credentialsSecret'],
    ),
    namespace: {
      description: 'A namespace to migrate: its name, or a from/to rename.',
      tsType: 'string | NamespaceMapping',
      if: { type: 'string' },
      then: str('Namespace name, kept on the target.', { pattern: dns1123Label, maxLength: 63 }),
      else: { $ref: '#/$defs/namespaceMapping' },
    },
    namespaceMapping: obj(
      'A namespace migrated under a new name (MTC src:dest).',
      {
        from: str('Namespace on the source cluster.', { pattern: dns1123Label, maxLength: 63 }),
        to: str('Namespace on the target cluster.'),
      },
      ['from', 'to'],
    ),
    pvcOverride: obj(
      'A decision for one PVC that overrides the plan-wide volume policy.',
      {
        pvc: str('The PVC as namespace/name (source namespace).', {
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$',
        }),
        action: str('What to do with this PV.', { enum: ['copy', 'move', 'skip'] }),
        copyMethod: str('How to copy it.', { enum: ['filesystem', 'block', 'snapshot'] }),
        storageClass: str('Target storage class for this PVC.'),
        accessMode: str('Access mode of the target PVC.', {
          enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
        }),
        verify: bool('Verify copied data (rsync --checksum / restic verify).'),
        renameTo: str(
          'New PVC name on the target (state migrations only; MTC refuses it otherwise).',
          {
            pattern: dns1123Subdomain,
            maxLength: 253,
          },
        ),
      },
      ['pvc'],
    ),
    volumes: obj('How persistent volumes move.', {
      transfer: str(
        'direct: rsync between clusters (DVM); indirect: through the replication repository.',
        {
          enum: ['direct', 'indirect'],
          default: 'direct',
        },
      ),
      action: str('Default action for every PV.', {
        enum: ['copy', 'move', 'skip'],
        default: 'copy',
      }),
      copyMethod: str('Default copy method (block is chosen for Block-mode volumes anyway).', {
        enum: ['filesystem', 'block', 'snapshot'],
        default: 'filesystem',
      }),
      verify: bool('Verify copied data by default.'),
      storageClassMap: {
        type: 'object',
        description:
          'Source storage class -> target storage class; wins over provisioner matching.',
        additionalProperties: str('Target storage class name.', { pattern: dns1123Subdomain }),
      },
      overrides: {
        type: 'array',
        description: 'Per-PVC decisions.',
        items: { $ref: '#/$defs/pvcOverride' },
      },
    }),
    hook: obj(
      'A migration hook: a container image or an Ansible playbook run as a Job.',
      {
        name: str('Hook name (the MigHook is named <plan>-<name>).', {
          pattern: dns1123Label,
          maxLength: 40,
        }),
        phase: str('When the hook runs (cutover migrations only).', {
          enum: ['PreBackup', 'PostBackup', 'PreRestore', 'PostRestore'],
        }),
        image: str('Container image of a custom hook, or of the Ansible runner for a playbook.', {
          pattern: '^[^\\s]+$',
        }),
        playbook: str(
          "Path to an Ansible playbook file, relative to the spec. It must stay inside the spec's folder (after symlinks; the working directory for a spec read from stdin) and be a UTF-8 text file of at most 256 KiB: the MigHook carries it, base64-encoded, inside the cluster object.",
        ),
        cluster: str('Where the hook runs.', { enum: ['source', 'destination'] }),
        executionNamespace: str('Namespace the hook Job runs in.', {
          pattern: dns1123Label,
          maxLength: 63,
        }),
        serviceAccount: str('Service account of the hook Job.', {
          pattern: dns1123Subdomain,
          maxLength: 253,
        }),
        activeDeadlineSeconds: {
          type: 'integer',
          minimum: 1,
          description: 'Seconds before the hook Job is stopped (MTC default 1800).',
        },
      },
      ['name', 'phase', 'cluster', 'executionNamespace', 'serviceAccount'],
    ),
    migration: obj(
      'One step of the migration sequence; each compiles to its own MigMigration file.',
      {
        name: str('Step name, unique within the plan (the MigMigration is <plan>-<name>).', {
          pattern: dns1123Label,
          maxLength: 40,
        }),
        type: str(
          'stage copies data only; cutover is the final migration; state moves PVCs only; rollback undoes a cutover.',
          {
            enum: ['stage', 'cutover', 'state', 'rollback'],
          },
        ),
        quiescePods: bool('Scale source workloads to zero before the final copy.'),
        verify: bool('After a cutover, check that pods on the target are healthy.'),
        keepAnnotations: bool('Keep migration annotations on migrated resources.'),
        runAsRoot: bool(
          'Run rsync as root (needs privileged pod-security labels on the namespace).',
        ),
      },
      ['name', 'type'],
    ),
    plan: obj(
      'One migration plan between a source and a target cluster.',
      {
        name: str('Plan name: a DNS-1123 name of 3 to 63 characters (the MigPlan name).'),
        source: str('Source cluster (a key of spec.clusters).'),
        target: str('Target cluster (a key of spec.clusters).'),
        storage: str('Replication repository name (defaults to spec.replicationRepository).'),
        type: str(
          'full migrates resources and data; state moves PVC data only; storage-class-conversion moves PVs to new classes in one cluster.',
          { enum: ['full', 'state', 'storage-class-conversion'], default: 'full' },
        ),
        namespaces: {
          type: 'array',
          description:
            'Namespaces to migrate, each a name or a from/to rename. With select, these are added to the selection (and may rename).',
          minItems: 1,
          items: { $ref: '#/$defs/namespace' },
        },
        select: {
          description:
            "Namespaces chosen from the source cluster's facts at compile time: those matching the label selector (Kubernetes matchLabels/matchExpressions semantics) and any of the name globs, minus the excludes, added to namespaces. System namespaces (openshift-*, kube-*, openshift, default, ...) are left out unless a names entry names them exactly. The resolved list is shown in the report.",
          $ref: '#/$defs/namespaceSelection',
        },
        split: {
          description:
            'Split the plan into waves <plan>-1, <plan>-2, ... (one MigPlan each) that stay within the limits in force, keeping dependent namespaces together or ordered (docs/waves.md).',
          $ref: '#/$defs/split',
        },
        images: str(
          'Image migration: direct (registry route to route), indirect (through the bucket) or none.',
          {
            enum: ['direct', 'indirect', 'none'],
            default: 'direct',
          },
        ),
        volumes: { description: 'How persistent volumes move.', $ref: '#/$defs/volumes' },
        hooks: {
          type: 'array',
          description: 'Hooks run during the cutover.',
          items: { $ref: '#/$defs/hook' },
        },
        migrations: {
          type: 'array',
          description: 'The migration sequence, in the order it is run.',
          items: { $ref: '#/$defs/migration' },
        },
      },
      ['name', 'source', 'target'],
    ),
    namespaceSelection: obj(
      "Namespaces chosen from the source cluster's facts at compile time: those matching the label selector (Kubernetes matchLabels/matchExpressions semantics) and any of the name globs, minus the excludes. System namespaces (openshift-*, kube-*, openshift, default, ...) are left out unless a names entry names them exactly. The resolved list is shown in the report.",
      {
        matchLabels: {
          type: 'object',
          description: 'Labels a namespace must carry with exactly these values (all of them).',
          additionalProperties: {
            type: 'string',
            description: 'The label value, keyed by label name.',
          },
        },
        matchExpressions: {
          type: 'array',
          description: 'Label requirements, all of which must hold (ANDed with matchLabels).',
          items: { $ref: '#/$defs/labelRequirement' },
        },
        names: {
          type: 'array',
          description:
            'Name globs (* any run of characters, ? one character); a namespace must match one. Without names, every name matches.',
          minItems: 1,
          items: str('A namespace name or glob.', { pattern: '^[a-z0-9*?]([-a-z0-9*?]*)$' }),
        },
        exclude: {
          type: 'array',
          description: 'Name globs of namespaces never selected.',
          items: str('A namespace name or glob.', { pattern: '^[a-z0-9*?]([-a-z0-9*?]*)$' }),
        },
      },
    ),
    labelRequirement: obj(
      'A label requirement: In and NotIn need values, Exists and DoesNotExist take none.',
      {
        key: str('Label key.', { minLength: 1, maxLength: 317 }),
        operator: str('How the label is compared.', {
          enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
        }),
        values: {
          type: 'array',
          description: 'Values for In and NotIn.',
          items: { type: 'string' },
        },
      },
      ['key', 'operator'],
    ),
    split: obj(
      'Split the plan into waves <plan>-1, <plan>-2, ... (one MigPlan each) that stay within the limits in force, keeping dependent namespaces together or ordered.',
      {
        mode: str('auto: migplan assigns namespaces to waves.', { enum: ['auto'] }),
        maxNamespaces: {
          type: 'integer',
          minimum: 1,
          description:
            'Namespaces per wave (default and ceiling: spec.controller.namespaceLimit, MTC 10).',
        },
        maxPods: {
          type: 'integer',
          minimum: 1,
          description:
            'Running pods per wave (default and ceiling: spec.controller.podLimit, MTC 100).',
        },
        maxPVs: {
          type: 'integer',
          minimum: 1,
          description: 'PVs per wave (default and ceiling: spec.controller.pvLimit, MTC 100).',
        },
        maxData: str(
          'Bound PV capacity per wave, as a Kubernetes quantity (e.g. 500Gi); no limit when absent.',
          {
            pattern: '^[0-9]+(\\.[0-9]+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$',
          },
        ),
        done: {
          type: 'array',
          description:
            'Numbers of waves that have run (their cutover is done): frozen as the lock file records them, never moved or closed, and nothing new lands in them (docs/waves.md).',
          uniqueItems: true,
          items: { type: 'integer', minimum: 1, description: 'A wave number (n of <plan>-n).' },
        },
      },
      ['mode'],
    ),
  },
};

const titles = {
  cluster: 'Cluster',
  replicationRepository: 'ReplicationRepository',
  namespace: 'NamespaceEntry',
  namespaceMapping: 'NamespaceMapping',
  pvcOverride: 'PvcOverride',
  volumes: 'Volumes',
  hook: 'Hook',
  migration: 'MigrationStep',
  plan: 'Plan',
  namespaceSelection: 'NamespaceSelection',
  labelRequirement: 'LabelRequirement',
  split: 'Split',
  estimate: 'Estimate',
};
for (const [key, title] of Object.entries(titles)) {
  schemaWithTsHints.$defs[key] = { title, ...schemaWithTsHints.$defs[key] };
}

/** The published schema: the same, without the tsType hints only the type generator reads. */
export const schema = JSON.parse(
  JSON.stringify(schemaWithTsHints, (key, value) => (key === 'tsType' ? undefined : value)),
);
