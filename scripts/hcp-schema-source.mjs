// The HostedClusterMigration spec schema (issue 18): backup, restore or move of a HyperShift hosted cluster
// between management clusters. `npm run gen:types` writes schemas/hosted-cluster-migration.schema.json,
// src/spec/hcp-types.generated.ts and the standalone validator from it.
const dns1123Label = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const dns1123Subdomain = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

const str = (description, extra = {}) => ({ type: 'string', description, ...extra });
const obj = (description, properties, required = [], extra = {}) => ({
  type: 'object',
  description,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
  ...extra,
});

const managementCluster = {
  title: 'ManagementCluster',
  ...obj(
    'A management cluster (where the HyperShift operator runs).',
    {
      discovery: obj(
        'How migplan learns the state of this management cluster.',
        {
          context: str(
            'kubeconfig context to read the live cluster from (--from live); also the --context of every command the report prints for this cluster.',
            { minLength: 1 },
          ),
          kubeconfig: str(
            'kubeconfig file for this cluster, relative to the spec; default KUBECONFIG.',
          ),
          snapshot: str(
            'Directory of recorded objects (migplan snapshot or oc get -o yaml output), relative to the spec. Secrets in it are read as metadata only.',
          ),
        },
        [],
        { minProperties: 1 },
      ),
    },
    ['discovery'],
  ),
};

export const hcpSchemaWithTsHints = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://migplan.dev/schemas/v1alpha1/hosted-cluster-migration.schema.json',
  title: 'HostedClusterMigration',
  description:
    'A migplan spec for backing up, restoring or moving a HyperShift hosted cluster between management clusters.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: str('Version of the spec language.', { const: 'migplan.dev/v1alpha1' }),
    kind: str('Kind of the document.', { const: 'HostedClusterMigration' }),
    metadata: obj(
      'Identity of this migration.',
      {
        name: str('Name of the migration; used in report titles and step file names.', {
          pattern: dns1123Subdomain,
          maxLength: 253,
        }),
        description: str('Free text shown at the top of the report.'),
      },
      ['name'],
    ),
    spec: obj(
      'What to back up, restore or move, and how.',
      {
        purpose: str(
          'backup: take the backup only; restore: recreate the hosted cluster on the target from a backup (disaster recovery, the source copy is gone); move: backup, restore, then tear down the source copy.',
          { enum: ['backup', 'restore', 'move'] },
        ),
        method: str(
          'etcd-snapshot: snapshot etcd and recreate the HostedCluster with restoreSnapshotURL (HyperShift etcd backup/restore and the AWS disaster-recovery procedure); oadp: a Velero Backup and Restore with the hypershift OADP plugin.',
          { enum: ['etcd-snapshot', 'oadp'] },
        ),
        hostedCluster: obj(
          'The hosted cluster, as its HostedCluster object is named on the source management cluster.',
          {
            namespace: str('Namespace of the HostedCluster (the HC namespace, e.g. clusters).', {
              pattern: dns1123Label,
              maxLength: 63,
            }),
            name: str('Name of the HostedCluster.', { pattern: dns1123Label, maxLength: 63 }),
            kubeconfig: str(
              "kubeconfig file of the hosted cluster itself, used only by the commands the report prints for steps inside the hosted cluster (the OVN pod reset, node checks); default: the file the report's command extracts.",
            ),
          },
          ['namespace', 'name'],
        ),
        clusters: obj(
          'The management clusters taking part.',
          {
            source: { $ref: '#/$defs/managementCluster' },
            target: { $ref: '#/$defs/managementCluster' },
          },
          ['source'],
        ),
        storage: obj(
          'Object storage for the etcd snapshot (method etcd-snapshot). Credentials are named, never given.',
          {
            provider: str('Object storage provider.', { enum: ['aws'], default: 'aws' }),
            bucket: str('Bucket name.', { pattern: '^[a-z0-9][-a-z0-9.]{1,61}[a-z0-9]$' }),
            region: str('Bucket region, e.g. us-east-1.', {
              pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$',
            }),
            prefix: str('Key prefix under which snapshots are stored.', {
              pattern: '^[A-Za-z0-9][-A-Za-z0-9_./]*$',
              default: 'hcp-backups',
            }),
            credentials: obj(
              'Where the AWS CLI finds the credentials when the printed commands run: a profile of the operator workstation. migplan never reads them.',
              {
                profile: str('AWS CLI profile name (aws --profile).', {
                  pattern: '^[A-Za-z0-9][-A-Za-z0-9_.]*$',
                }),
              },
              ['profile'],
            ),
          },
          ['bucket', 'region', 'credentials'],
        ),
        oadp: obj('Settings for method oadp.', {
          namespace: str('Namespace of OADP on both management clusters.', {
            pattern: dns1123Label,
            maxLength: 63,
            default: 'openshift-adp',
          }),
          backupStorageLocation: str(
            'Name of the BackupStorageLocation the Backup writes to; it must exist on both management clusters with the same bucket.',
            { pattern: dns1123Subdomain, maxLength: 253, default: 'default' },
          ),
          ttl: str('How long Velero keeps the backup.', {
            pattern: '^([0-9]+h)?([0-9]+m)?([0-9]+s)?$',
            default: '2h30m0s',
          }),
        }),
      },
      ['purpose', 'method', 'hostedCluster', 'clusters'],
    ),
  },
  $defs: { managementCluster },
};

/** The published schema: the same, without the tsType hints only the type generator reads. */
export const hcpSchema = JSON.parse(
  JSON.stringify(hcpSchemaWithTsHints, (key, value) => (key === 'tsType' ? undefined : value)),
);
