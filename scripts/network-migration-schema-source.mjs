// The NetworkMigration spec schema (issue 17: OpenShift SDN -> OVN-Kubernetes in place), a sibling of
// schema-source.mjs. `npm run gen:types` writes schemas/network-migration.schema.json, its TypeScript types
// and its standalone validator from it.
const dns1123Label = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const dns1123Subdomain = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const cidr = '^[0-9a-fA-F:.]+/[0-9]{1,3}$';

const str = (description, extra = {}) => ({ type: 'string', description, ...extra });
const bool = (description) => ({ type: 'boolean', description });
const int = (description, extra = {}) => ({ type: 'integer', description, ...extra });
const obj = (description, properties, required = [], extra = {}) => ({
  type: 'object',
  description,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
  ...extra,
});

export const networkMigrationSchemaWithTsHints = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://migplan.dev/schemas/v1alpha1/network-migration.schema.json',
  title: 'NetworkMigration',
  description:
    "A migplan network migration spec: one cluster's default CNI moved from OpenShift SDN to OVN-Kubernetes in place, compiled into ordered server-side-apply steps, report commands and a rollback.",
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: str('Version of the spec language.', { const: 'migplan.dev/v1alpha1' }),
    kind: str('Kind of the document.', { const: 'NetworkMigration' }),
    metadata: obj(
      'Identity of this network migration.',
      {
        name: str('Name of the network migration; used in report titles and output provenance.', {
          pattern: dns1123Subdomain,
          maxLength: 253,
        }),
        description: str('Free text shown at the top of the report.'),
      },
      ['name'],
    ),
    spec: obj(
      'Which cluster moves to which CNI, and how.',
      {
        cluster: obj(
          'The cluster whose default network is migrated.',
          {
            name: str('Name of the cluster in messages and the report.', {
              pattern: dns1123Label,
              maxLength: 63,
            }),
            discovery: obj(
              'How migplan learns the state of this cluster.',
              {
                context: str('kubeconfig context to read the live cluster from (--from live).'),
                kubeconfig: str(
                  'kubeconfig file for this cluster, relative to the spec; default KUBECONFIG.',
                ),
                snapshot: str(
                  'Directory written by `migplan snapshot --kind NetworkMigration` (or oc get -o yaml output), relative to the spec.',
                ),
              },
              [],
              { minProperties: 1 },
            ),
          },
          ['name', 'discovery'],
        ),
        targetNetworkType: str('The CNI to migrate to. OVN-Kubernetes is the only target.', {
          const: 'OVNKubernetes',
        }),
        mode: str(
          'offline: the two-phase procedure with a cluster-wide outage (every supported version); live: the limited live migration of OpenShift 4.15.31+ and 4.16, with rolling reboots and no outage of the cluster network.',
          { enum: ['offline', 'live'], default: 'offline' },
        ),
        mtu: int(
          'MTU of the OVN-Kubernetes overlay (ovnKubernetesConfig.mtu), offline mode only: at most the lowest node NIC MTU minus 100 (Geneve). Leave it out to let the operator detect it.',
          { minimum: 576, maximum: 9000 },
        ),
        genevePort: int(
          'UDP port of the Geneve overlay (ovnKubernetesConfig.genevePort); default 6081.',
          {
            minimum: 1,
            maximum: 65535,
          },
        ),
        internalSubnets: obj(
          "OVN-Kubernetes' reserved IPv4 ranges, moved when the cluster or service network overlaps them.",
          {
            join: str('Join switch subnet (default 100.64.0.0/16).', { pattern: cidr }),
            transitSwitch: str('Transit switch subnet (default 100.88.0.0/16; OpenShift 4.14+).', {
              pattern: cidr,
            }),
            masquerade: str('Gateway masquerade subnet (default 169.254.169.0/29).', {
              pattern: cidr,
            }),
          },
          [],
          { minProperties: 1 },
        ),
        features: obj(
          'Which SDN features are converted (spec.migration.features). From 4.12 the operator converts each one that is true; below 4.12, or with false, migplan emits the converted objects itself.',
          {
            egressIP: bool('Convert egress IPs (HostSubnets, NetNamespaces) to EgressIP objects.'),
            egressFirewall: bool('Convert each EgressNetworkPolicy to an EgressFirewall.'),
            multicast: bool('Move the NetNamespace multicast annotation to the Namespace.'),
          },
        ),
      },
      ['cluster', 'targetNetworkType'],
    ),
  },
};

/** The published schema: the same, without the tsType hints only the type generator reads. */
export const networkMigrationSchema = JSON.parse(
  JSON.stringify(networkMigrationSchemaWithTsHints, (key, value) =>
    key === 'tsType' ? undefined : value,
  ),
);
