// Vendors the structural schemas of the upstream CRDs into test/schemas/upstream/, so the CRD test runs
// on a fresh clone. Run by a maintainer when an upstream pin moves:
//
//   node scripts/vendor-crd-schemas.mjs [path/to/reference/crds]   (default: ../shared/reference/crds)
//
// For every CRD file and every served version with a schema it writes one compact JSON file
// `{ group, version, kind, schema }`, where `schema` is the version's openAPIV3Schema with every
// `description` removed (structure only, as kubeconform's schema catalogues do). It also writes SOURCE.md,
// naming each file's upstream repository, commit, path and licence from PROVENANCE below; a CRD file
// without a PROVENANCE entry is an error, so a new upstream file cannot be vendored without its source.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'test', 'schemas', 'upstream');

const apache = 'Apache-2.0';
const mtc = {
  repo: 'github.com/migtools/mig-controller',
  commit: '3acf3578b1fe8e9b43938193573dd2e4d616aeca',
};
const migOperator = {
  repo: 'github.com/migtools/mig-operator',
  commit: 'd24b52ac6bf9ef1190ded119212baf72add8d065',
};
const velero = {
  repo: 'github.com/vmware-tanzu/velero',
  commit: 'd30d389b56068eebd675d9953492183cb7b58a78',
};
const oadp = {
  repo: 'github.com/openshift/oadp-operator',
  commit: 'b3e7f02d6fdc841494e41603ca57341c673a76f1',
};
const api = {
  repo: 'github.com/openshift/api',
  commit: '2a3d73913b5a7caec4c57d5c3d04f51106ec4da3',
};
const api416 = {
  repo: 'github.com/openshift/api (branch release-4.16)',
  commit: '0677a8879a4608a5b6ecafd490fbbeb0ff77c6ef',
};
const ovn = {
  repo: 'github.com/ovn-org/ovn-kubernetes',
  commit: '6c366bb49d6fa57c80d6b39834952ce1d4d9dbb6',
};
const hypershift = {
  repo: 'github.com/openshift/hypershift',
  commit: '3ee9615567acffaf3e3ee25c2ca2942d650565cf',
};
const hcpCrds = 'cmd/install/assets/crds/hypershift-operator/zz_generated.crd-manifests';

/**
 * Where each reference file came from, keyed by its path under the reference folder. Transcribed from the
 * SOURCE.md files beside the reference copies (../shared/reference/crds/<provider>/SOURCE.md); update both
 * together when a pin moves.
 */
const PROVENANCE = {
  ...Object.fromEntries(
    [
      'migclusters',
      'migstorages',
      'migplans',
      'migmigrations',
      'mighooks',
      'directvolumemigrations',
      'directvolumemigrationprogresses',
      'directimagemigrations',
      'directimagestreammigrations',
      'miganalytics',
    ].map((n) => [
      `mtc/migration.openshift.io_${n}.yaml`,
      { ...mtc, path: `config/crds/migration.openshift.io_${n}.yaml`, licence: apache },
    ]),
  ),
  'mtc/migrationcontroller.crd.yaml': {
    ...migOperator,
    path: 'deploy/olm-catalog/bundle/manifests/migrationcontroller.crd.yaml',
    licence: apache,
  },
  ...Object.fromEntries(
    ['backups', 'restores', 'backupstoragelocations', 'volumesnapshotlocations', 'schedules'].map(
      (n) => [
        `velero/velero.io_${n}.yaml`,
        { ...velero, path: `config/crd/v1/bases/velero.io_${n}.yaml`, licence: apache },
      ],
    ),
  ),
  'oadp/oadp.openshift.io_dataprotectionapplications.yaml': {
    ...oadp,
    path: 'config/crd/bases/oadp.openshift.io_dataprotectionapplications.yaml',
    licence: apache,
  },
  'openshift/0000_03_config-operator_01_securitycontextconstraints.crd.yaml': {
    ...api,
    path: 'security/v1/zz_generated.crd-manifests/0000_03_config-operator_01_securitycontextconstraints.crd.yaml',
    licence: apache,
  },
  'openshift/004_egressnetworkpolicies.crd.yaml': {
    ...api,
    path: 'network/v1/zz_generated.crd-manifests/004_egressnetworkpolicies.crd.yaml',
    licence: apache,
  },
  'openshift/routes.crd.yaml': {
    ...api,
    path: 'route/v1/zz_generated.crd-manifests/routes.crd.yaml',
    licence: apache,
  },
  'openshift/0000_70_network_01_networks-Default.crd.yaml': {
    ...api,
    path: 'operator/v1/zz_generated.crd-manifests/0000_70_network_01_networks-Default.crd.yaml',
    licence: apache,
  },
  'openshift/0000_10_config-operator_01_networks-Default.crd.yaml': {
    ...api,
    path: 'config/v1/zz_generated.crd-manifests/0000_10_config-operator_01_networks-Default.crd.yaml',
    licence: apache,
  },
  'openshift/0000_80_machine-config_01_machineconfigpools.crd.yaml': {
    ...api,
    path: 'machineconfiguration/v1/zz_generated.crd-manifests/0000_80_machine-config_01_machineconfigpools.crd.yaml',
    licence: apache,
  },
  'openshift/002_hostsubnets.crd.yaml': {
    ...api,
    path: 'network/v1/zz_generated.crd-manifests/002_hostsubnets.crd.yaml',
    licence: apache,
  },
  'openshift/003_netnamespaces.crd.yaml': {
    ...api,
    path: 'network/v1/zz_generated.crd-manifests/003_netnamespaces.crd.yaml',
    licence: apache,
  },
  'openshift/release-4.16/0000_70_network_01_networks.crd.yaml': {
    ...api416,
    path: 'operator/v1/zz_generated.crd-manifests/0000_70_network_01_networks.crd.yaml',
    licence: apache,
  },
  'openshift/release-4.16/0000_10_config-operator_01_networks.crd.yaml': {
    ...api416,
    path: 'config/v1/zz_generated.crd-manifests/0000_10_config-operator_01_networks.crd.yaml',
    licence: apache,
  },
  'openshift/k8s.ovn.org_egressfirewalls.yaml': {
    ...ovn,
    path: 'dist/templates/k8s.ovn.org_egressfirewalls.yaml.j2 (plain YAML: the template has no Jinja markup)',
    licence: apache,
  },
  'openshift/k8s.ovn.org_egressips.yaml': {
    ...ovn,
    path: 'dist/templates/k8s.ovn.org_egressips.yaml.j2 (plain YAML: the template has no Jinja markup)',
    licence: apache,
  },
  'hypershift/hostedclusters-Hypershift-Default.crd.yaml': {
    ...hypershift,
    path: `${hcpCrds}/hostedclusters-Hypershift-Default.crd.yaml`,
    licence: apache,
  },
  'hypershift/nodepools-Default.crd.yaml': {
    ...hypershift,
    path: `${hcpCrds}/nodepools-Default.crd.yaml`,
    licence: apache,
  },
};

/** Keywords whose value is a map from names to schemas (the names themselves are data, never stripped). */
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
]);

/** Removes `description` from every schema node, keeping properties that happen to be named "description". */
export function stripDescriptions(node) {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'default' || key === 'enum' || key === 'example') out[key] = value;
    else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, stripDescriptions(v)]),
      );
    else out[key] = stripDescriptions(value);
  }
  return out;
}

function yamlFilesUnder(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) return yamlFilesUnder(p);
      return /\.ya?ml$/.test(e) ? [p] : [];
    });
}

function main() {
  const refRoot = process.argv[2] ?? join(repoRoot, '..', 'shared', 'reference', 'crds');
  const rows = [];
  rmSync(outDir, { recursive: true, force: true });
  for (const file of yamlFilesUnder(refRoot)) {
    const ref = relative(refRoot, file).split('\\').join('/');
    const source = PROVENANCE[ref];
    if (!source)
      throw new Error(`${ref}: no PROVENANCE entry; add its repo, commit, path and licence`);
    const crd = jsYaml.load(readFileSync(file, 'utf8'));
    if (crd?.kind !== 'CustomResourceDefinition')
      throw new Error(`${ref}: not a CustomResourceDefinition`);
    const { group, names, versions } = crd.spec;
    for (const v of versions) {
      if (!v.schema?.openAPIV3Schema) continue;
      const name = `${dirname(ref)}/${names.kind.toLowerCase()}_${group}_${v.name}.json`;
      const body = {
        group,
        version: v.name,
        kind: names.kind,
        schema: stripDescriptions(v.schema.openAPIV3Schema),
      };
      mkdirSync(dirname(join(outDir, name)), { recursive: true });
      writeFileSync(join(outDir, name), JSON.stringify(body) + '\n');
      rows.push({ name, ref, ...source });
    }
  }
  writeFileSync(join(outDir, 'SOURCE.md'), sourceMd(rows));
  console.log(`wrote ${rows.length} schemas to ${relative(repoRoot, outDir)}`);
}

function sourceMd(rows) {
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  return [
    '# Vendored upstream CRD schemas',
    '',
    'Generated by `node scripts/vendor-crd-schemas.mjs`; do not edit by hand. Each JSON file holds one served',
    "version's `openAPIV3Schema` of an upstream CustomResourceDefinition with every `description` removed",
    "(structure only, as kubeconform's schema catalogues carry). No Go code was copied. `test/crd.test.ts`",
    'validates the emitted example manifests against them. Files under `openshift/release-4.16/` are the',
    'Network schemas as OCP 4.16 serves them; the test uses the current (master) copies.',
    '',
    'The OpenShift `image.openshift.io/v1` OpenAPI extract in the reference set is not a CRD and is not vendored.',
    '',
    '| File | Upstream repository | Commit | Path | Licence |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${cell(r.name)} | ${cell(r.repo)} | \`${r.commit}\` | \`${cell(r.path)}\` | ${cell(r.licence)} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
