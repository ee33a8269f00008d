import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseCidr } from '../../spec/cidr.js';
import { migClusterName, OPERATOR_HOST_MIGCLUSTER, type Spec } from '../../spec/spec.js';
import { closest } from '../suggest.js';
import { byKey } from '../../util/objects.js';

const didYouMean = (name: string, names: readonly string[]) => {
  const guess = closest(name, names);
  return guess ? ` (did you mean "${guess}"?)` : '';
};

/** Every cluster name a plan or the network section uses must exist; roles must match the use. */
export function checkClusterReferences(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = Object.keys(spec.spec.clusters).sort();
  const known = (n: string) => Object.hasOwn(spec.spec.clusters, n);
  spec.spec.plans.forEach((plan, i) => {
    for (const side of ['source', 'target'] as const) {
      const name = plan[side];
      const path = ['spec', 'plans', i, side];
      if (!known(name)) {
        out.push(
          diag(
            'MP2501',
            `plan "${plan.name}": ${side} cluster "${name}" is not defined${didYouMean(name, names)}; defined clusters: ${names.join(', ')}`,
            { path },
          ),
        );
        continue;
      }
      const role = spec.spec.clusters[name]?.role;
      if (role !== side && role !== 'both') {
        out.push(
          diag(
            'MP2502',
            `plan "${plan.name}" uses cluster "${name}" as its ${side}, but its role is ${role}`,
            { path },
          ),
        );
      }
    }
  });
  for (const [name, cidr] of Object.entries(spec.spec.network?.clusterCIDRs ?? {})) {
    if (parseCidr(cidr ?? '') === undefined) {
      out.push(
        diag('MP4041', `network.clusterCIDRs.${name} "${cidr}" is not an IPv4 or IPv6 CIDR`, {
          path: ['spec', 'network', 'clusterCIDRs', name],
        }),
      );
    }
    if (!known(name)) {
      out.push(
        diag(
          'MP2501',
          `network.clusterCIDRs names cluster "${name}", which is not defined${didYouMean(name, names)}; defined clusters: ${names.join(', ')}`,
          {
            path: ['spec', 'network', 'clusterCIDRs', name],
          },
        ),
      );
    }
  }
  return out;
}

/** At most one host; MTC should run on the target; remote clusters need an API URL and a token Secret. */
export function checkHostAndRemotes(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (spec.spec.engine === 'velero') return out; // Velero has no host/remote distinction
  const entries = Object.entries(spec.spec.clusters).sort(byKey);
  const hosts = entries.filter(([, c]) => c?.host === true);
  if (hosts.length === 0) {
    out.push(
      diag(
        'MP2532',
        "no cluster is marked host: true; every cluster gets a MigCluster of its own and none is the controller's",
        { path: ['spec', 'clusters'] },
      ),
    );
  }
  if (hosts.length > 1) {
    for (const [name] of hosts.slice(1)) {
      out.push(
        diag(
          'MP2518',
          `clusters ${hosts.map(([n]) => `"${n}"`).join(' and ')} are all marked host: true`,
          {
            path: ['spec', 'clusters', name, 'host'],
          },
        ),
      );
    }
  }
  for (const [name, c] of entries) {
    if (!c) continue;
    if (c.host === true && c.role === 'source') {
      out.push(
        diag(
          'MP2511',
          `host cluster "${name}" is a source; MTC is meant to run on the target cluster`,
          {
            path: ['spec', 'clusters', name, 'host'],
          },
        ),
      );
    }
    if (c.host !== true) {
      const missing = (['url', 'tokenSecret'] as const).filter((f) => c[f] === undefined);
      if (missing.length > 0) {
        out.push(
          diag(
            'MP2523',
            `remote cluster "${name}" needs ${missing.join(' and ')} (MTC InvalidURL / InvalidSaSecretRef)`,
            {
              path: ['spec', 'clusters', name],
            },
          ),
        );
      }
    }
  }
  return out;
}

/** Provider fields the schema cannot make conditional without muddying the generated types. */
export function checkReplicationRepository(spec: Spec): Diagnostic[] {
  const repo = spec.spec.replicationRepository;
  const out: Diagnostic[] = [];
  if (repo === undefined) {
    const needsOne = spec.spec.plans.some((p) => (p.type ?? 'full') !== 'storage-class-conversion');
    if (needsOne) {
      out.push(
        diag(
          'MP2517',
          'spec.replicationRepository is missing; every plan except storage-class-conversion needs object storage',
          { path: ['spec'] },
        ),
      );
    }
  } else {
    if (repo.provider === 'azure') {
      const missing = (['resourceGroup', 'storageAccount'] as const).filter(
        (f) => repo[f] === undefined,
      );
      if (missing.length) {
        out.push(
          diag('MP2525', `azure replication repository needs ${missing.join(' and ')}`, {
            path: ['spec', 'replicationRepository'],
          }),
        );
      }
    }
    if (repo.provider === 'aws' && repo.endpoint !== undefined && repo.region === undefined) {
      out.push(
        diag(
          'MP2525',
          'an S3-compatible endpoint needs region (OADP and the aws plugin require it with path-style addressing)',
          {
            path: ['spec', 'replicationRepository', 'endpoint'],
          },
        ),
      );
    }
  }
  spec.spec.plans.forEach((plan, i) => {
    if (plan.storage !== undefined && plan.storage !== repo?.name) {
      out.push(
        diag(
          'MP2516',
          `plan "${plan.name}" names replication repository "${plan.storage}", but the spec defines ${repo ? `"${repo.name}"` : 'none'}`,
          {
            path: ['spec', 'plans', i, 'storage'],
          },
        ),
      );
    }
  });
  return out;
}

/** The stunnel proxy comes from exactly one place. */
export function checkProxy(spec: Spec): Diagnostic[] {
  const proxy = spec.spec.controller?.stunnelTcpProxy;
  if (!proxy) return [];
  const given = (['url', 'fromEnv', 'fromSecret'] as const).filter((k) => proxy[k] !== undefined);
  if (given.length === 1) return [];
  return [
    diag(
      'MP2531',
      `stunnelTcpProxy sets ${given.length ? given.join(' and ') : 'nothing'}; set exactly one of url, fromEnv, fromSecret`,
      { path: ['spec', 'controller', 'stunnelTcpProxy'] },
    ),
  ];
}

/**
 * One MigCluster per cluster, each with its own name. The MTC operator creates the host cluster's
 * MigCluster itself (migtools/mig-operator roles/migrationcontroller templates/mig_host_cluster.yml.j2:
 * name `{{ cluster_name }}`, `host` by default, isHostCluster: true), whether or not the spec marks a host;
 * a remote cluster whose MigCluster would get that name, or a name another cluster already has, would
 * overwrite that MigCluster when applied.
 */
export function checkMigClusterNames(spec: Spec): Diagnostic[] {
  if (spec.spec.engine === 'velero') return [];
  const out: Diagnostic[] = [];
  const keys = Object.keys(spec.spec.clusters).sort();
  const hostKey = keys.find((k) => spec.spec.clusters[k]?.host === true);
  // The name the operator's own MigCluster has: the declared host's, else the operator's default.
  const owner = new Map<string, string>([
    [
      hostKey === undefined ? OPERATOR_HOST_MIGCLUSTER : migClusterName(spec, hostKey),
      hostKey ?? '',
    ],
  ]);
  for (const key of keys) {
    // More than one host is MP2518; only remotes get a MigCluster from us.
    if (spec.spec.clusters[key]?.host === true) continue;
    const name = migClusterName(spec, key);
    const path = ['spec', 'clusters', key];
    if (spec.spec.clusters[key]?.migClusterName !== undefined) path.push('migClusterName');
    const taken = owner.get(name);
    if (taken === undefined) {
      owner.set(name, key);
      continue;
    }
    const whose =
      taken === ''
        ? 'the name of the MigCluster the MTC operator creates for its own cluster'
        : taken === hostKey
          ? `the name of host cluster "${taken}"'s MigCluster, which the MTC operator creates`
          : `the MigCluster name of cluster "${taken}"`;
    out.push(
      diag(
        'MP4040',
        `cluster "${key}" would get MigCluster name "${name}", which is already ${whose}; applying it would overwrite that MigCluster`,
        { path },
      ),
    );
  }
  return out;
}
