import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isCompiled } from '../src/compile.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import type { Spec } from '../src/spec/spec.js';
import { validate } from '../src/validate/validate.js';
import { facts, k, specWith } from './helpers/facts.js';
import { compileWithFacts as compileOn, objectsOf } from './helpers/compile-facts.js';

/**
 * Plans inside one cluster, as mig-controller decides them (migtools/mig-controller @3acf3578
 * pkg/controller/migplan/validation.go validatePossibleMigrationTypes; migmigration/validation.go
 * validateMigrationType), and conflicts between mappings (migplan_types.go HasConflict). Expected
 * values are written by hand from those functions.
 */

const check = (spec: Spec) => validate(parseSpecSync(stringify(spec), 'spec.yaml').value!);
const codesOf = (ds: readonly { code: string }[]) => ds.map((d) => d.code);

/** One cluster `c` (the host) and plans over it. */
function oneCluster(plans: Partial<Spec['spec']['plans'][number]>[]): Spec {
  const spec = specWith();
  spec.spec.clusters = { c: { role: 'both', host: true } };
  spec.spec.plans = plans.map((p, i) => ({
    name: `plan-${i}`,
    source: 'c',
    target: 'c',
    namespaces: ['a'],
    type: 'state' as const,
    images: 'none' as const,
    volumes: { transfer: 'direct' as const },
    migrations: [{ name: 'move', type: 'state' as const }],
    ...p,
  })) as Spec['spec']['plans'];
  return spec;
}

describe('validatePossibleMigrationTypes: what an intra-cluster plan may be', () => {
  it('every namespace mapped to a different one: a state migration plan (StateMigrationPlan), accepted', () => {
    const r = check(
      oneCluster([
        {
          namespaces: [
            { from: 'a', to: 'b' },
            { from: 'c', to: 'd' },
          ],
        },
      ]),
    );
    expect(r.diagnostics).toEqual([]);
  });
  it('no namespace mapped: only a storage conversion (StorageConversionPlan), so type: state is MP2503', () => {
    const r = check(oneCluster([{ namespaces: ['a', 'b'] }]));
    expect(codesOf(r.diagnostics)).toEqual(['MP2503']);
    expect(r.diagnostics[0]?.message).toContain('storage-class conversion');
  });
  it('some mapped and some not: Critical IntraClusterMigration (ConflictingNamespaces), MP2503 at the kept namespace', () => {
    const r = check(oneCluster([{ namespaces: [{ from: 'a', to: 'b' }, 'c'] }]));
    expect(codesOf(r.diagnostics)).toEqual(['MP2503']);
    expect(r.diagnostics[0]?.message).toContain('keeps namespace "c"');
    expect(r.diagnostics[0]?.path).toEqual(['spec', 'plans', 0, 'namespaces', 1]);
  });
  it('a full (Stage/Final) plan inside one cluster stays refused: "normal migrations are not possible"', () => {
    const r = check(
      oneCluster([
        {
          type: 'full',
          namespaces: [{ from: 'a', to: 'b' }],
          migrations: [{ name: 'cut', type: 'cutover' }],
        },
      ]),
    );
    expect(codesOf(r.diagnostics)).toContain('MP2503');
  });

  it('compiles to a MigPlan the admission check accepts: same cluster refs, src:dest namespaces, a MigStorage', async () => {
    const spec = oneCluster([{ namespaces: [{ from: 'a', to: 'b' }] }]);
    expect(check(spec).diagnostics).toEqual([]);
    const r = await compileOn(spec, {
      c: facts('c', [
        k.ns('a'),
        k.sc('gp3-csi', 'ebs.csi.aws.com', true),
        k.volume('a', 'data', { sc: 'gp3-csi' }),
      ]),
    });
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const plan = objectsOf(r).find((o) => o.kind === 'MigPlan');
    expect(plan?.spec['srcMigClusterRef']).toEqual(plan?.spec['destMigClusterRef']);
    expect(plan?.spec['namespaces']).toEqual(['a:b']);
    expect(plan?.spec['indirectImageMigration']).toBe(false);
    expect(plan?.spec['indirectVolumeMigration']).toBe(false);
    // validateStorage: only a storage conversion runs without a MigStorage.
    expect(plan?.spec['migStorageRef']).toEqual({ name: 's3', namespace: 'openshift-migration' });
  });
});

describe('conflicts: two plans or mappings claiming the same namespace or PVC', () => {
  // migplan_types.go MigPlan.HasConflict, via TestMigPlan_HasConflict: the plan under test is
  // src -> dest over ns-1.
  const upstreamBase = { source: 'src', target: 'dst', namespaces: ['ns-1'] as [string] };
  const two = (other: Partial<Spec['spec']['plans'][number]>) => {
    const spec = specWith(upstreamBase);
    spec.spec.clusters['dst'] = { role: 'both', host: true };
    spec.spec.clusters['src2'] = {
      role: 'source',
      url: 'https://api.src2:6443',
      tokenSecret: 't2',
    };
    spec.spec.clusters['dst2'] = {
      role: 'target',
      url: 'https://api.dst2:6443',
      tokenSecret: 't3',
    };
    spec.spec.plans.push({
      name: 'other',
      source: 'src',
      target: 'dst',
      images: 'indirect',
      namespaces: ['unused'],
      ...other,
    });
    return check(spec);
  };
  it('TestMigPlan_HasConflict "Different refs": no shared cluster, no conflict (even over the same namespace)', () => {
    expect(
      codesOf(two({ source: 'src2', target: 'dst2', namespaces: ['ns-1'] }).diagnostics),
    ).toEqual([]);
  });
  it('TestMigPlan_HasConflict "Different namespaces": same clusters, ns-2 vs ns-1, no conflict', () => {
    expect(codesOf(two({ namespaces: ['ns-2'] }).diagnostics)).toEqual([]);
  });
  it('HasConflict true side: same clusters and the same namespace is MP2507', () => {
    expect(codesOf(two({ namespaces: ['ns-1'] }).diagnostics)).toEqual(['MP2507']);
  });
  it('HasConflict compares the source of one with the destination of the other: dst -> dst2 reading what src -> dst writes', () => {
    const r = two({ source: 'dst', target: 'dst2', namespaces: ['ns-1'] });
    expect(codesOf(r.diagnostics)).toEqual(['MP2507']);
    expect(r.diagnostics[0]?.message).toBe(
      'namespace "ns-1" on cluster "dst" is in plan "unit-plan" and plan "other"',
    );
  });
  it('two intra-cluster state plans writing the same destination namespace: MP2507 names it', () => {
    const r = check(
      oneCluster([
        { namespaces: [{ from: 'a', to: 'b' }] },
        { namespaces: [{ from: 'c', to: 'b' }] },
      ]),
    );
    expect(codesOf(r.diagnostics)).toEqual(['MP2507']);
    expect(r.diagnostics[0]?.message).toContain('namespace "b" on cluster "c"');
  });

  const pvcs = (...objects: Parameters<typeof facts>[1]) => ({
    c: facts('c', [k.sc('gp3-csi', 'ebs.csi.aws.com', true), ...objects]),
  });
  it('a chain a -> b, b -> c in one plan: PVC b/data is read and written (ConflictingPVCMappings), MP4039 names it', async () => {
    const spec = oneCluster([
      {
        namespaces: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
        ],
      },
    ]);
    const r = await compileOn(
      spec,
      pvcs(
        k.ns('a'),
        k.ns('b'),
        k.volume('a', 'data', { sc: 'gp3-csi' }),
        k.volume('b', 'data', { sc: 'gp3-csi' }),
      ),
    );
    expect(isCompiled(r)).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === 'MP4039').map((d) => d.message)).toEqual([
      'PVC b/data on cluster "c" is migrated by plan "plan-0" (from b/data) and is also the destination of plan "plan-0" (from a/data)',
    ]);
  });
  it('the same chain without a shared PVC name is a valid state migration (no PVC is claimed twice)', async () => {
    const spec = oneCluster([
      {
        namespaces: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
        ],
      },
    ]);
    const r = await compileOn(
      spec,
      pvcs(
        k.ns('a'),
        k.ns('b'),
        k.volume('a', 'data', { sc: 'gp3-csi' }),
        k.volume('b', 'logs', { sc: 'gp3-csi' }),
      ),
    );
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
  });
  it('two renames to one destination PVC: MP4039 names the PVC and both sources', async () => {
    const spec = oneCluster([
      {
        namespaces: [{ from: 'a', to: 'b' }],
        volumes: { transfer: 'direct', overrides: [{ pvc: 'a/logs', renameTo: 'data' }] },
      },
    ]);
    const r = await compileOn(
      spec,
      pvcs(
        k.ns('a'),
        k.volume('a', 'data', { sc: 'gp3-csi' }),
        k.volume('a', 'logs', { sc: 'gp3-csi' }),
      ),
    );
    expect(r.diagnostics.filter((d) => d.code === 'MP4039').map((d) => d.message)).toEqual([
      'PVC b/data on cluster "c" would be written by plan "plan-0" (from a/data) and by plan "plan-0" (from a/logs)',
    ]);
  });
  it('two plans writing one PVC across clusters (src -> dst and an intra-cluster state plan on dst): MP4039', async () => {
    const spec = specWith({
      type: 'state',
      images: 'none',
      volumes: { transfer: 'direct' },
      migrations: [{ name: 'm', type: 'state' }],
    });
    spec.spec.plans.push({
      name: 'local',
      source: 'dst',
      target: 'dst',
      type: 'state',
      images: 'none',
      namespaces: [{ from: 'old', to: 'app' }],
      volumes: { transfer: 'direct' },
      migrations: [{ name: 'm', type: 'state' }],
    });
    const r = await compileOn(spec, {
      src: facts('src', [
        k.ns('app'),
        k.sc('gp3-csi', 'ebs.csi.aws.com', true),
        k.volume('app', 'data', { sc: 'gp3-csi' }),
      ]),
      dst: facts('dst', [
        k.ns('old'),
        k.sc('gp3-csi', 'ebs.csi.aws.com', true),
        k.volume('old', 'data', { sc: 'gp3-csi' }),
      ]),
    });
    expect(r.diagnostics.filter((d) => d.code === 'MP4039').map((d) => d.message)).toEqual([
      'PVC app/data on cluster "dst" would be written by plan "unit-plan" (from app/data) and by plan "local" (from old/data)',
    ]);
  });
});
