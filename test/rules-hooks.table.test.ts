import { describe, expect, it } from 'vitest';
import { resolveHooks } from '../src/plan/rules/hooks.js';
import type { NamespaceDecision } from '../src/plan/types.js';
import { emptyFacts, type ClusterFacts } from '../src/resolve/cluster-facts.js';
import type { Hook, Plan } from '../src/spec/spec.js';

/**
 * hooks.ts resolveHooks, one row per case, expected values written by hand from mig-controller
 * (migtools/mig-controller @3acf3578): a MigHook runs as a Job in spec.targetCluster ("source" or
 * "destination") in the plan hook's executionNamespace as its serviceAccount (pkg/controller/migmigration
 * hook.go); MigHook defaults (config/crds migration.openshift.io_mighooks.yaml and
 * pkg/apis/migration/v1alpha1/mighook_types.go): image quay.io/konveyor/hook-runner:latest,
 * activeDeadlineSeconds 1800, `custom` when the hook is a custom image rather than a playbook.
 * migplan validation.go validateHooks checks only the DNS-1123 form of the namespace; a namespace that
 * neither exists on the hook's cluster nor is created by the plan fails the Job at run time, so we refuse it.
 */

const ns = (source: string, target: string): NamespaceDecision => ({
  source,
  target,
  existsOnTarget: false,
  pods: 0,
  serviceAccounts: [],
  labels: {},
  annotations: {},
});
const withNamespaces = (cluster: string, names: string[]): ClusterFacts => ({
  ...emptyFacts(cluster),
  namespaces: names.map((name) => ({ name, labels: {}, annotations: {} })),
});

function run(hooks: Hook[], opts: { planIndex?: number; playbooks?: Record<string, string> } = {}) {
  const plan: Plan = { name: 'p', source: 'src', target: 'dst', namespaces: ['app'], hooks };
  return resolveHooks(
    plan,
    opts.planIndex ?? 0,
    [ns('app', 'app-new')],
    // `ops` exists on the source only, `tools` on the target only.
    { source: withNamespaces('src', ['app', 'ops']), target: withNamespaces('dst', ['tools']) },
    new Map(Object.entries(opts.playbooks ?? {})),
  );
}
const hook = (over: Partial<Hook>): Hook => ({
  name: 'h',
  phase: 'PreBackup',
  cluster: 'source',
  executionNamespace: 'app',
  serviceAccount: 'runner',
  ...over,
});
const missing = (ns: string, cluster: string, index = 0) => [
  'MP4022',
  `hook "h" runs in namespace "${ns}", which does not exist on ${cluster} and is not migrated by plan "p"`,
  ['spec', 'plans', 0, 'hooks', index, 'executionNamespace'],
];

describe('where a hook runs: its cluster, its namespace there', () => {
  it.each([
    ['source hook in a migrated namespace', 'source', 'app', 'src', true, []],
    [
      'source hook in a namespace of the source the plan does not migrate',
      'source',
      'ops',
      'src',
      false,
      [],
    ],
    [
      'source hook in a namespace only the target has',
      'source',
      'tools',
      'src',
      false,
      [missing('tools', 'src')],
    ],
    [
      'source hook in the target name of a renamed namespace',
      'source',
      'app-new',
      'src',
      false,
      [missing('app-new', 'src')],
    ],
    [
      'destination hook in the target name of a migrated namespace (created by the plan)',
      'destination',
      'app-new',
      'dst',
      true,
      [],
    ],
    ['destination hook in a namespace the target has', 'destination', 'tools', 'dst', false, []],
    [
      'destination hook in the source name of a renamed namespace',
      'destination',
      'app',
      'dst',
      false,
      [missing('app', 'dst')],
    ],
    [
      'destination hook in a namespace only the source has',
      'destination',
      'ops',
      'dst',
      false,
      [missing('ops', 'dst')],
    ],
  ] as [string, Hook['cluster'], string, string, boolean, unknown[][]][])(
    '%s',
    (_n, cluster, executionNamespace, clusterName, emitServiceAccount, diagnostics) => {
      const r = run([hook({ cluster, executionNamespace })]);
      expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toEqual(diagnostics);
      expect(r.hooks.map((h) => [h.clusterName, h.emitServiceAccount])).toEqual([
        [clusterName, emitServiceAccount],
      ]);
    },
  );
  it('locates the hook by plan and hook index', () => {
    const r = run([hook({ name: 'ok' }), hook({ executionNamespace: 'nowhere' })], {
      planIndex: 2,
    });
    expect(r.diagnostics.map((d) => d.path)).toEqual([
      ['spec', 'plans', 2, 'hooks', 1, 'executionNamespace'],
    ]);
  });
});

describe('the MigHook each hook becomes (MigHook defaults)', () => {
  it('a custom-image hook with defaults', () => {
    expect(run([hook({ image: 'quay.io/me/check:1' })]).hooks).toEqual([
      {
        name: 'h',
        migHookName: 'p-h',
        phase: 'PreBackup',
        cluster: 'source',
        clusterName: 'src',
        image: 'quay.io/me/check:1',
        custom: true,
        executionNamespace: 'app',
        serviceAccount: 'runner',
        activeDeadlineSeconds: 1800,
        emitServiceAccount: true,
      },
    ]);
  });
  it.each([
    [
      'no image: the hook runner',
      {},
      {},
      { image: 'quay.io/konveyor/hook-runner:latest', custom: true },
    ],
    ['a deadline is kept', { activeDeadlineSeconds: 60 }, {}, { activeDeadlineSeconds: 60 }],
    [
      'a playbook: not custom, carried encoded',
      { playbook: 'pb.yml' },
      { 'pb.yml': 'ZW5jb2RlZA==' },
      { custom: false, playbook: 'ZW5jb2RlZA==' },
    ],
    ['the phase is kept', { phase: 'PostRestore' }, {}, { phase: 'PostRestore' }],
  ] as [string, Partial<Hook>, Record<string, string>, object][])(
    '%s',
    (_n, over, playbooks, want) => {
      expect(run([hook(over)], { playbooks }).hooks[0]).toMatchObject(want);
    },
  );
  it('a playbook that was not read is named but not carried', () => {
    const h = run([hook({ playbook: 'missing.yml' })], { playbooks: { 'other.yml': 'eA==' } })
      .hooks[0];
    expect(h?.custom).toBe(false);
    expect(h && 'playbook' in h).toBe(false);
  });
  it('no hooks, nothing', () => {
    const plan: Plan = { name: 'p', source: 'src', target: 'dst', namespaces: ['app'] };
    const r = resolveHooks(
      plan,
      0,
      [],
      { source: emptyFacts('src'), target: emptyFacts('dst') },
      new Map(),
    );
    expect(r).toEqual({ hooks: [], diagnostics: [] });
  });
});
