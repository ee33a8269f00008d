// Schemas for every kind migplan emits, checked at render time (MP5002) so output is valid without
// ../shared; test/crd.test.ts cross-checks the same objects against the vendored upstream CRD schemas.
const s = { type: 'string', minLength: 1 };
const b = { type: 'boolean' };
const strs = { type: 'array', items: s };
const labels = { type: 'object', additionalProperties: { type: 'string' } };
const closed = (properties, required = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const ref = closed({ name: s, namespace: s }, ['name', 'namespace']);
const meta = (namespaced) =>
  closed(
    {
      name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$', maxLength: 253 },
      namespace: s,
      labels,
      annotations: labels,
    },
    namespaced ? ['name', 'namespace'] : ['name'],
  );
const kind = (apiVersion, k, namespaced, body, required) => ({
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', ...required],
  properties: {
    apiVersion: { const: apiVersion },
    kind: { const: k },
    metadata: meta(namespaced),
    ...body,
  },
});
const quantity = { type: 'string', pattern: '^[0-9.]+([KMGTPE]i?|[numk])?$' };
const mtc = 'migration.openshift.io/v1alpha1';

export const outputSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://migplan.dev/schemas/v1alpha1/output.schema.json',
  description: 'Objects migplan emits, by kind.',
  definitions: {
    MigCluster: kind(
      mtc,
      'MigCluster',
      true,
      {
        spec: closed(
          {
            isHostCluster: b,
            url: { type: 'string', pattern: '^https?://' },
            serviceAccountSecretRef: ref,
            exposedRegistryPath: s,
            insecure: b,
            caBundle: s,
          },
          ['isHostCluster', 'url', 'serviceAccountSecretRef'],
        ),
      },
      ['spec'],
    ),
    MigStorage: kind(
      mtc,
      'MigStorage',
      true,
      {
        spec: closed(
          {
            backupStorageProvider: { enum: ['aws', 'azure', 'gcp'] },
            volumeSnapshotProvider: { enum: ['aws', 'azure', 'gcp'] },
            backupStorageConfig: closed(
              {
                credsSecretRef: ref,
                awsBucketName: s,
                awsRegion: s,
                awsS3Url: s,
                awsPublicUrl: s,
                awsS3ForcePathStyle: b,
                awsKmsKeyId: s,
                awsSignatureVersion: { enum: ['1', '4'] },
                insecure: b,
                s3CustomCABundle: s,
                azureResourceGroup: s,
                azureStorageAccount: s,
                azureStorageContainer: s,
                gcpBucket: s,
              },
              ['credsSecretRef'],
            ),
            volumeSnapshotConfig: closed(
              { credsSecretRef: ref, awsRegion: s, azureResourceGroup: s, azureApiTimeout: s },
              ['credsSecretRef'],
            ),
          },
          ['backupStorageProvider', 'backupStorageConfig'],
        ),
      },
      ['spec'],
    ),
    MigPlan: kind(
      mtc,
      'MigPlan',
      true,
      {
        spec: closed(
          {
            srcMigClusterRef: ref,
            destMigClusterRef: ref,
            migStorageRef: ref,
            namespaces: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', pattern: '^[a-z0-9-]+(:[a-z0-9-]+)?$' },
            },
            indirectImageMigration: b,
            indirectVolumeMigration: b,
            // migplan_types.go MigPlanSpec.Closed: a wave emptied since the lock file recorded it.
            closed: b,
            hooks: {
              type: 'array',
              items: closed(
                {
                  reference: ref,
                  phase: { enum: ['PreBackup', 'PostBackup', 'PreRestore', 'PostRestore'] },
                  executionNamespace: s,
                  serviceAccount: s,
                },
                ['reference', 'phase', 'executionNamespace', 'serviceAccount'],
              ),
            },
            persistentVolumes: {
              type: 'array',
              items: closed(
                {
                  name: s,
                  capacity: quantity,
                  storageClass: { type: 'string' },
                  supported: closed(
                    {
                      actions: { type: 'array', items: { enum: ['skip', 'copy', 'move'] } },
                      copyMethods: {
                        type: 'array',
                        items: { enum: ['filesystem', 'block', 'snapshot'] },
                      },
                    },
                    ['actions', 'copyMethods'],
                  ),
                  selection: closed(
                    {
                      action: { enum: ['skip', 'copy', 'move'] },
                      copyMethod: { enum: ['filesystem', 'block', 'snapshot'] },
                      storageClass: { type: 'string' },
                      accessMode: {
                        enum: [
                          'ReadWriteOnce',
                          'ReadOnlyMany',
                          'ReadWriteMany',
                          'ReadWriteOncePod',
                          'auto',
                        ],
                      },
                      verify: b,
                    },
                    ['action'],
                  ),
                  pvc: closed(
                    {
                      namespace: s,
                      name: s,
                      accessModes: strs,
                      volumeMode: { enum: ['Filesystem', 'Block'] },
                      hasReference: b,
                      ownerType: s,
                    },
                    ['namespace', 'name'],
                  ),
                },
                ['name', 'supported', 'selection', 'pvc'],
              ),
            },
          },
          ['srcMigClusterRef', 'destMigClusterRef', 'namespaces'],
        ),
      },
      ['spec'],
    ),
    MigMigration: kind(
      mtc,
      'MigMigration',
      true,
      {
        spec: closed(
          {
            migPlanRef: ref,
            stage: b,
            migrateState: b,
            rollback: b,
            quiescePods: b,
            verify: b,
            keepAnnotations: b,
            runAsRoot: b,
          },
          ['migPlanRef', 'stage'],
        ),
      },
      ['spec'],
    ),
    MigHook: kind(
      mtc,
      'MigHook',
      true,
      {
        spec: closed(
          {
            custom: b,
            image: s,
            playbook: s,
            targetCluster: { enum: ['source', 'destination'] },
            activeDeadlineSeconds: { type: 'integer', minimum: 1 },
          },
          ['custom', 'image', 'targetCluster'],
        ),
      },
      ['spec'],
    ),
    MigrationController: kind(mtc, 'MigrationController', true, { spec: { type: 'object' } }, [
      'spec',
    ]),
    RoleBinding: kind(
      'rbac.authorization.k8s.io/v1',
      'RoleBinding',
      true,
      {
        roleRef: closed(
          {
            apiGroup: { const: 'rbac.authorization.k8s.io' },
            kind: { enum: ['Role', 'ClusterRole'] },
            name: s,
          },
          ['apiGroup', 'kind', 'name'],
        ),
        subjects: {
          type: 'array',
          minItems: 1,
          items: closed(
            {
              kind: { enum: ['ServiceAccount', 'User', 'Group'] },
              name: s,
              namespace: s,
              apiGroup: { type: 'string' },
            },
            ['kind', 'name'],
          ),
        },
      },
      ['roleRef', 'subjects'],
    ),
    ClusterRole: kind(
      'rbac.authorization.k8s.io/v1',
      'ClusterRole',
      false,
      {
        rules: {
          type: 'array',
          items: closed(
            {
              apiGroups: strs,
              resources: strs,
              resourceNames: strs,
              verbs: { ...strs, minItems: 1 },
            },
            ['verbs'],
          ),
        },
      },
      ['rules'],
    ),
    ServiceAccount: kind('v1', 'ServiceAccount', true, {}, []),
    Namespace: kind('v1', 'Namespace', false, {}, []),
    ConfigMap: kind(
      'v1',
      'ConfigMap',
      true,
      { data: { type: 'object', additionalProperties: { type: 'string' } } },
      ['data'],
    ),
    BackupStorageLocation: kind(
      'velero.io/v1',
      'BackupStorageLocation',
      true,
      {
        spec: closed(
          {
            provider: s,
            objectStorage: closed({ bucket: s, prefix: s, caCert: s }, ['bucket']),
            config: { type: 'object', additionalProperties: { type: 'string' } },
            credential: closed({ name: s, key: s }, ['name', 'key']),
            accessMode: { enum: ['ReadWrite', 'ReadOnly'] },
          },
          ['provider', 'objectStorage'],
        ),
      },
      ['spec'],
    ),
    VolumeSnapshotLocation: kind(
      'velero.io/v1',
      'VolumeSnapshotLocation',
      true,
      {
        spec: closed(
          { provider: s, config: { type: 'object', additionalProperties: { type: 'string' } } },
          ['provider'],
        ),
      },
      ['spec'],
    ),
    DataProtectionApplication: kind(
      'oadp.openshift.io/v1alpha1',
      'DataProtectionApplication',
      true,
      { spec: { type: 'object', required: ['configuration'] } },
      ['spec'],
    ),
    Backup: kind(
      'velero.io/v1',
      'Backup',
      true,
      {
        spec: closed(
          {
            includedNamespaces: strs,
            includedResources: strs,
            includeClusterResources: b,
            storageLocation: s,
            volumeSnapshotLocations: strs,
            snapshotVolumes: b,
            defaultVolumesToFsBackup: b,
            defaultVolumesToRestic: b,
            ttl: { type: 'string', pattern: '^([0-9]+(h|m|s))+$' },
          },
          ['includedNamespaces', 'storageLocation'],
        ),
      },
      ['spec'],
    ),
    Restore: kind(
      'velero.io/v1',
      'Restore',
      true,
      {
        spec: closed(
          {
            backupName: s,
            includedNamespaces: strs,
            namespaceMapping: { type: 'object', additionalProperties: s },
            includeClusterResources: b,
            restorePVs: b,
            existingResourcePolicy: { enum: ['none', 'update'] },
          },
          ['backupName'],
        ),
      },
      ['spec'],
    ),
    NetworkPolicy: kind(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      true,
      {
        spec: closed(
          {
            podSelector: { type: 'object' },
            policyTypes: { type: 'array', items: { enum: ['Ingress', 'Egress'] } },
            ingress: {
              type: 'array',
              items: closed({ from: { type: 'array' }, ports: { type: 'array' } }),
            },
            egress: {
              type: 'array',
              items: closed({ to: { type: 'array' }, ports: { type: 'array' } }),
            },
          },
          ['podSelector'],
        ),
      },
      ['spec'],
    ),
    EgressNetworkPolicy: {
      type: 'object',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: {
        apiVersion: { const: 'network.openshift.io/v1' },
        kind: { const: 'EgressNetworkPolicy' },
        metadata: meta(true),
        spec: closed(
          {
            egress: {
              type: 'array',
              maxItems: 1000,
              items: closed(
                { type: { enum: ['Allow', 'Deny'] }, to: closed({ cidrSelector: s, dnsName: s }) },
                ['type', 'to'],
              ),
            },
          },
          ['egress'],
        ),
      },
    },
    EgressFirewall: {
      type: 'object',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: {
        apiVersion: { const: 'k8s.ovn.org/v1' },
        kind: { const: 'EgressFirewall' },
        metadata: {
          ...meta(true),
          properties: { ...meta(true).properties, name: { const: 'default' } },
        },
        spec: closed(
          {
            egress: {
              type: 'array',
              maxItems: 8000,
              items: closed(
                {
                  type: { enum: ['Allow', 'Deny'] },
                  to: { type: 'object', minProperties: 1, maxProperties: 1 },
                  ports: { type: 'array' },
                },
                ['type', 'to'],
              ),
            },
          },
          ['egress'],
        ),
      },
    },
    SecurityContextConstraints: {
      type: 'object',
      required: [
        'apiVersion',
        'kind',
        'metadata',
        'allowHostDirVolumePlugin',
        'allowHostIPC',
        'allowHostNetwork',
        'allowHostPID',
        'allowHostPorts',
        'allowPrivilegedContainer',
        'readOnlyRootFilesystem',
      ],
      properties: {
        apiVersion: { const: 'security.openshift.io/v1' },
        kind: { const: 'SecurityContextConstraints' },
        metadata: meta(false),
        users: { type: 'array', maxItems: 0 },
        groups: { type: 'array', maxItems: 0 },
      },
    },
  },
};
