import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { plan } from '../src/plan/plan.js';
import { findDependencies, dependencyChecks } from '../src/plan/waves/dependencies.js';
import {
  globMatches,
  labelSelectorMatches,
  requirementMatches,
  selectNamespaces,
} from '../src/plan/waves/select.js';
import { assignWaves } from '../src/plan/waves/split.js';
import { namespaceLoad, waveLimits } from '../src/plan/waves/waves.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import type { LabelRequirement, Plan, Spec } from '../src/spec/spec.js';
import { requirementProblem } from '../src/validate/rules/selection.js';
import { validate } from '../src/validate/validate.js';
import { compileWithFacts } from './helpers/compile-facts.js';
import { compile } from '../src/compile.js';
import { loadTemplates } from '../src/io/templates.js';
import { facts, k, specWith } from './helpers/facts.js';

const labelled = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

// kubernetes/apimachinery pkg/labels/selector.go (*Requirement).Matches, written out by hand:
// In: key present and value listed; NotIn: key absent, or value not listed; Exists / DoesNotExist: key only.
const requirementRows: [string, LabelRequirement, Record<string, string>, boolean][] = [
  ['In, value listed', { key: 'env', operator: 'In', values: ['a', 'b'] }, { env: 'b' }, true],
  ['In, value not listed', { key: 'env', operator: 'In', values: ['a'] }, { env: 'c' }, false],
  ['In, key absent', { key: 'env', operator: 'In', values: ['a'] }, {}, false],
  ['In, empty value listed', { key: 'env', operator: 'In', values: [''] }, { env: '' }, true],
  ['In, empty value, key absent', { key: 'env', operator: 'In', values: [''] }, {}, false],
  ['NotIn, key absent matches', { key: 'env', operator: 'NotIn', values: ['a'] }, {}, true],
  ['NotIn, value listed', { key: 'env', operator: 'NotIn', values: ['a'] }, { env: 'a' }, false],
  ['NotIn, other value', { key: 'env', operator: 'NotIn', values: ['a'] }, { env: 'b' }, true],
  ['Exists, present (empty value)', { key: 'env', operator: 'Exists' }, { env: '' }, true],
  ['Exists, absent', { key: 'env', operator: 'Exists' }, { other: 'x' }, false],
  ['DoesNotExist, absent', { key: 'env', operator: 'DoesNotExist' }, {}, true],
  ['DoesNotExist, present', { key: 'env', operator: 'DoesNotExist' }, { env: 'x' }, false],
  ['key is case-sensitive', { key: 'Env', operator: 'Exists' }, { env: 'x' }, false],
  ['a key named like an Object method', { key: 'toString', operator: 'Exists' }, {}, false],
];

describe('label requirements: Kubernetes semantics (apimachinery labels/selector.go Requirement.Matches)', () => {
  it.each(requirementRows)('%s', (_name, requirement, labels, expected) => {
    expect(requirementMatches(requirement, labels)).toBe(expected);
  });
});

// metav1 LabelSelectorAsSelector (pkg/apis/meta/v1/helpers.go): matchLabels are one-value In requirements,
// everything is ANDed, an empty selector matches everything.
describe('label selectors (apimachinery meta/v1 helpers.go LabelSelectorAsSelector)', () => {
  it.each([
    ['empty selector matches everything', {}, { a: '1' }, true],
    ['empty selector matches no labels too', {}, {}, true],
    ['matchLabels all must match', { matchLabels: { a: '1', b: '2' } }, { a: '1', b: '2' }, true],
    ['matchLabels one differs', { matchLabels: { a: '1', b: '2' } }, { a: '1', b: '3' }, false],
    [
      'matchLabels AND matchExpressions',
      { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }] },
      { a: '1', b: 'x' },
      false,
    ],
    [
      'two expressions on one key are both required',
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['b'] },
        ],
      },
      { env: 'b' },
      false,
    ],
  ] as const)('%s', (_name, selector, labels, expected) => {
    expect(labelSelectorMatches(selector as never, labels)).toBe(expected);
  });

  // pkg/labels/selector.go NewRequirement: In/NotIn need values, Exists/DoesNotExist take none.
  it.each([
    [{ key: 'a', operator: 'In', values: [] }, 'operator In needs at least one value'],
    [{ key: 'a', operator: 'NotIn' }, 'operator NotIn needs at least one value'],
    [{ key: 'a', operator: 'Exists', values: ['x'] }, 'operator Exists takes no values'],
    [
      { key: 'a', operator: 'DoesNotExist', values: ['x'] },
      'operator DoesNotExist takes no values',
    ],
    [{ key: 'a', operator: 'In', values: ['x'] }, undefined],
    [{ key: 'a', operator: 'Exists', values: [] }, undefined],
  ] as const)('NewRequirement refuses %j: %s', (requirement, problem) => {
    expect(requirementProblem(requirement as LabelRequirement)).toBe(problem);
  });
});

describe('name globs', () => {
  it.each([
    ['app-*', 'app-01', true],
    ['app-*', 'app-', true],
    ['app-*', 'myapp-01', false],
    ['*-db', 'shop-db', true],
    ['*-db', 'shop-db2', false],
    ['app-0?', 'app-07', true],
    ['app-0?', 'app-007', false],
    ['*', 'anything', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['shop', 'shop', true],
    ['shop', 'shop-web', false],
    ['**x', 'x', true],
  ])('%s vs %s: %s', (glob, name, expected) => {
    expect(globMatches(glob, name)).toBe(expected);
  });
});

describe('selectNamespaces', () => {
  const cluster = [
    labelled('app-a', { env: 'prod' }),
    labelled('app-b', { env: 'prod' }),
    labelled('app-c', { env: 'dev' }),
    labelled('openshift-logging', { env: 'prod' }),
    labelled('kube-system', { env: 'prod' }),
    labelled('default', { env: 'prod' }),
    labelled('scratch', { env: 'prod' }),
  ];
  const namespaces = facts('src', cluster).namespaces;

  it('labels, then system namespaces and excludes are left out with the reason', () => {
    const r = selectNamespaces({ matchLabels: { env: 'prod' }, exclude: ['scr*'] }, namespaces);
    expect(r.selected.map((s) => s.namespace)).toEqual(['app-a', 'app-b']);
    expect(r.excluded).toEqual([
      { namespace: 'default', why: 'system namespace, not named exactly' },
      { namespace: 'kube-system', why: 'system namespace, not named exactly' },
      { namespace: 'openshift-logging', why: 'system namespace, not named exactly' },
      { namespace: 'scratch', why: 'excluded by "scr*"' },
    ]);
  });

  it('a system namespace is selected when a names entry names it exactly, never by a glob', () => {
    const r = selectNamespaces({ names: ['openshift-logging', 'kube-*'] }, namespaces);
    expect(r.selected.map((s) => s.namespace)).toEqual(['openshift-logging']);
    expect(r.excluded.map((e) => e.namespace)).toEqual(['kube-system']);
  });

  it('names and labels are ANDed; namespaces another plan names stay with it', () => {
    const r = selectNamespaces(
      { matchLabels: { env: 'prod' }, names: ['app-*'] },
      namespaces,
      new Map([['app-b', 'other']]),
    );
    expect(r.selected).toEqual([
      { namespace: 'app-a', why: 'labels env=prod, name matches "app-*"' },
    ]);
    expect(r.excluded).toEqual([{ namespace: 'app-b', why: 'named by plan "other"' }]);
  });

  it('does not depend on the order of the facts', () => {
    const a = selectNamespaces({ matchLabels: { env: 'prod' } }, namespaces);
    const b = selectNamespaces({ matchLabels: { env: 'prod' } }, [...namespaces].reverse());
    expect(b).toEqual(a);
  });
});

// The limits a wave must respect: MTC's, as mig-controller reads them (migtools/mig-controller
// pkg/settings/plan.go Plan.Load: NsLimit 10, PodLimit 100, PvLimit 100 unless the operator sets
// mig_namespace_limit / mig_pod_limit / mig_pv_limit; pkg/controller/migplan/validation.go validateNamespaces
// refuses more namespaces (NamespaceLimitExceeded, Critical), validatePodProperties warns above PodLimit
// Running pods, pvlist.go warns above PvLimit PVs). split's own limits only narrow them.
describe('wave limits (mig-controller settings/plan.go Load, migplan/validation.go, pvlist.go)', () => {
  const mtc = { namespaceLimit: 10, podLimit: 100, pvLimit: 100 };
  const split = (s: Partial<NonNullable<Plan['split']>>): Plan => ({
    name: 'p',
    source: 'src',
    target: 'dst',
    select: {},
    split: { mode: 'auto', ...s },
  });
  it.each([
    ['MTC defaults', split({}), mtc, { namespaces: 10, pods: 100, pvs: 100 }],
    [
      'controller limits when set',
      split({}),
      { namespaceLimit: 25, podLimit: 300, pvLimit: 50 },
      { namespaces: 25, pods: 300, pvs: 50 },
    ],
    [
      'split limits narrow them',
      split({ maxNamespaces: 4, maxPods: 40, maxPVs: 8 }),
      mtc,
      { namespaces: 4, pods: 40, pvs: 8 },
    ],
    [
      'split limits never widen them (validate reports MP2552 too)',
      split({ maxNamespaces: 50 }),
      mtc,
      { namespaces: 10, pods: 100, pvs: 100 },
    ],
    [
      'maxData as a quantity',
      split({ maxData: '1.5Ti' }),
      mtc,
      { namespaces: 10, pods: 100, pvs: 100, bytes: 1.5 * 2 ** 40 },
    ],
  ] as const)('%s', (_name, p, controller, expected) => {
    expect(waveLimits(p, controller)).toEqual(expected);
  });

  it('a namespace weighs its Running pods (validatePodProperties) and its bound claims with a PV (pvlist.go)', () => {
    const f = facts('src', [
      k.ns('a'),
      k.pod('a', 'run'),
      k.pod('a', 'done', { phase: 'Succeeded' }),
      k.pod('a', 'wait', { phase: 'Pending' }),
      k.volume('a', 'data', { size: '10Gi' }),
      k.volume('a', 'logs', { size: '2Gi' }),
      k.volume('a', 'pending', { phase: 'Pending' }),
    ]);
    expect(namespaceLoad(f, 'a')).toEqual({ namespace: 'a', pods: 1, pvs: 2, bytes: 12 * 2 ** 30 });
  });
});

const rb = (ns: string, name: string, subjects: Record<string, string>[]) =>
  k.roleBinding(ns, name, 'view', subjects);
const np = (ns: string, name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { podSelector: {}, ...spec },
});
const svc = (ns: string, name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec,
});
const podWithImage = (ns: string, name: string, image: string): KubeObject => {
  const p = k.pod(ns, name);
  (p['spec'] as Record<string, unknown>)['containers'] = [{ name: 'c', image }];
  return p;
};

describe('dependency rules (docs/waves.md)', () => {
  const nss = ['a', 'b', 'c', 'out'].map((n) =>
    labelled(n, { 'kubernetes.io/metadata.name': n, team: n === 'out' ? 'x' : 'y' }),
  );
  const deps = (objects: KubeObject[], selected = ['a', 'b', 'c']) =>
    findDependencies(facts('src', [...nss, ...objects]), selected).map(
      (d) => `${d.from}->${d.to} ${d.rule}${d.together ? ' together' : ''}`,
    );

  it('rolebinding: a ServiceAccount, the serviceaccounts group or the SA user of another namespace', () => {
    expect(
      deps([
        rb('a', 'sa', [{ kind: 'ServiceAccount', name: 'x', namespace: 'b' }]),
        rb('a', 'group', [{ kind: 'Group', name: 'system:serviceaccounts:c' }]),
        rb('b', 'user', [{ kind: 'User', name: 'system:serviceaccount:c:builder' }]),
        rb('c', 'self', [{ kind: 'ServiceAccount', name: 'x', namespace: 'c' }]),
        rb('c', 'outside', [{ kind: 'ServiceAccount', name: 'x', namespace: 'out' }]),
        rb('c', 'people', [{ kind: 'Group', name: 'developers' }]),
      ]),
    ).toEqual(['b->a rolebinding', 'c->a rolebinding', 'c->b rolebinding']);
  });

  it('networkpolicy: ingress and egress namespaceSelectors; never an empty or all-admitting selector', () => {
    expect(
      deps([
        np('a', 'from-b', {
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } },
              ],
            },
          ],
        }),
        np('c', 'to-a', {
          egress: [
            {
              to: [
                {
                  namespaceSelector: {
                    matchExpressions: [{ key: 'team', operator: 'In', values: ['y'] }],
                  },
                  podSelector: {},
                },
              ],
            },
          ],
        }),
        np('b', 'everyone', { ingress: [{ from: [{ namespaceSelector: {} }] }] }),
        np('b', 'every-labelled', {
          ingress: [
            {
              from: [
                { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } },
              ],
            },
          ],
        }),
        np('b', 'pods-only', { ingress: [{ from: [{ podSelector: {} }] }] }),
      ]),
    ).toEqual([
      'b->a networkpolicy together',
      'c->a networkpolicy together',
      'c->b networkpolicy together',
    ]);
  });

  it('imagestream: an image from another namespace in the internal registry (OCP 4 and 3 names, the route)', () => {
    const f = facts('src', [
      ...nss,
      k.registryRoute('registry.apps.example.com'),
      podWithImage('a', 'p1', 'image-registry.openshift-image-registry.svc:5000/b/base:1'),
      podWithImage('b', 'p2', 'docker-registry.default.svc:5000/c/tools@sha256:1'),
      podWithImage('c', 'p3', 'registry.apps.example.com/a/web:latest'),
      podWithImage('c', 'p4', 'quay.io/b/base:1'),
      podWithImage('a', 'p5', 'image-registry.openshift-image-registry.svc:5000/a/own:1'),
    ]);
    expect(findDependencies(f, ['a', 'b', 'c']).map((d) => `${d.from}->${d.to} ${d.rule}`)).toEqual(
      ['a->b imagestream', 'b->c imagestream', 'c->a imagestream'],
    );
  });

  it('externalname: *.<ns>.svc and *.<ns>.svc.cluster.local; not an outside name', () => {
    expect(
      deps([
        svc('a', 'db', { type: 'ExternalName', externalName: 'db.b.svc.cluster.local' }),
        svc('b', 'q', { type: 'ExternalName', externalName: 'queue.c.svc' }),
        svc('c', 'ext', { type: 'ExternalName', externalName: 'api.example.com' }),
        svc('c', 'plain', { type: 'ClusterIP' }),
      ]),
    ).toEqual(['a->b externalname', 'b->c externalname']);
  });

  it('a kind the facts do not hold is "not checked", never "no dependency"', () => {
    const f = facts('src', [...nss, k.pod('a', 'p')]);
    expect(dependencyChecks(f).map((c) => [c.rule, c.checked])).toEqual([
      ['rolebinding', false],
      ['networkpolicy', false],
      ['imagestream', true],
      ['externalname', false],
    ]);
    // A live read (or migplan snapshot) listed every kind: an empty list is a real "none".
    expect(dependencyChecks({ ...f, workloadsListed: true }).every((c) => c.checked)).toBe(true);
    expect(
      dependencyChecks({ ...f, workloadsListed: true, unreadable: ['RoleBinding'] }).find(
        (c) => c.rule === 'rolebinding',
      )?.checked,
    ).toBe(false);
  });
});

describe('assignWaves', () => {
  const load = (namespace: string, pods = 1, pvs = 0, bytes = 0) => ({
    namespace,
    pods,
    pvs,
    bytes,
  });
  const limits = { namespaces: 3, pods: 100, pvs: 100 };

  it('a cycle and a together dependency share a wave; an ordered one comes before', () => {
    const a = assignWaves(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => load(n)),
      [
        { from: 'a', to: 'b', rule: 'rolebinding', together: false, detail: '' },
        { from: 'b', to: 'a', rule: 'rolebinding', together: false, detail: '' },
        { from: 'c', to: 'd', rule: 'networkpolicy', together: true, detail: '' },
        { from: 'e', to: 'f', rule: 'imagestream', together: false, detail: '' },
      ],
      limits,
    );
    expect(a.waveOf.get('a')).toBe(a.waveOf.get('b'));
    expect(a.waveOf.get('c')).toBe(a.waveOf.get('d'));
    expect(a.waveOf.get('f')).toBeLessThanOrEqual(a.waveOf.get('e') ?? 0);
    expect(a.groups.map((g) => g.namespaces)).toEqual(
      expect.arrayContaining([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    );
    expect(a.waves.every((w) => w.namespaces.length <= 3)).toBe(true);
    expect(a.reasons.get('a')).toContain('kept with b (rolebinding)');
    expect(a.reasons.get('e')).toContain('after or with f (imagestream)');
  });

  it('a group larger than a wave is reported (the cycle, by name)', () => {
    const names = ['a', 'b', 'c', 'd'];
    const a = assignWaves(
      names.map((n) => load(n)),
      names.map((n, i) => ({
        from: n,
        to: names[(i + 1) % names.length] ?? '',
        rule: 'rolebinding' as const,
        together: false,
        detail: `${n} needs the next`,
      })),
      limits,
    );
    expect(a.tooLarge.map((t) => [t.group.namespaces, t.limit])).toEqual([
      [['a', 'b', 'c', 'd'], '4 namespaces > 3'],
    ]);
  });

  it('a namespace over a limit alone gets a wave of its own', () => {
    const a = assignWaves([load('big', 150), load('x'), load('y')], [], limits);
    expect(a.oversize).toEqual([{ namespace: 'big', limit: '150 pods > 100' }]);
    expect(a.waves.find((w) => w.namespaces.includes('big'))?.namespaces).toEqual(['big']);
  });

  it('balances by data: the heaviest first, each into the wave with the least data that has room', () => {
    const a = assignWaves(
      [load('a', 1, 1, 90), load('b', 1, 1, 60), load('c', 1, 1, 50), load('d', 1, 1, 40)],
      [],
      { namespaces: 10, pods: 100, pvs: 100, bytes: 120 },
    );
    // 240 bytes need 2 waves: 90 -> 1, 60 -> 2, 50 -> 2 (60 < 90), 40 -> wave 1 would make 130 > 120: wave 2 full
    // (150)? No: wave 2 has 110, +40 = 150 > 120, wave 1 has 90, +40 = 130 > 120: a third wave.
    expect(a.waves.map((w) => w.namespaces)).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});

/** specWith, without its default namespaces unless `p` gives some. */
function selecting(p: Partial<Plan>): Spec {
  const spec = specWith(p);
  if (p.namespaces === undefined) delete spec.spec.plans[0].namespaces;
  return spec;
}

const parse = (spec: Spec) => validate(parseSpecSync(stringify(spec), 'spec.yaml').value!);

describe('validation of select and split', () => {
  it('MP2550: a plan with neither namespaces nor select', () => {
    const spec = specWith();
    delete spec.spec.plans[0].namespaces;
    expect(parse(spec).diagnostics.map((d) => d.code)).toEqual(['MP2550']);
  });
  it('MP2551: In without values, located at the requirement', () => {
    const spec = specWith({
      select: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] },
    });
    const d = parse(spec).diagnostics;
    expect(d.map((x) => [x.code, x.path.join('.')])).toEqual([
      ['MP2551', 'spec.plans.0.select.matchExpressions.0'],
    ]);
  });
  it('MP2552: a split limit above the controller limit', () => {
    const spec = specWith({ split: { mode: 'auto', maxNamespaces: 12, maxPods: 100 } });
    expect(parse(spec).diagnostics.map((x) => [x.code, x.path.join('.')])).toEqual([
      ['MP2552', 'spec.plans.0.split.maxNamespaces'],
    ]);
  });
  it('with split, more explicit namespaces than the limit are not MP2524', () => {
    const names = Array.from({ length: 12 }, (_, i) => `ns-${i}`) as [string, ...string[]];
    expect(parse(specWith({ namespaces: names })).diagnostics.map((d) => d.code)).toEqual([
      'MP2524',
    ]);
    expect(parse(specWith({ namespaces: names, split: { mode: 'auto' } })).diagnostics).toEqual([]);
  });
});

describe('select and split through the planner', () => {
  const src = (extra: KubeObject[] = []) =>
    facts('src', [
      ...Array.from({ length: 12 }, (_, i) =>
        labelled(`t-${String(i).padStart(2, '0')}`, { tenant: 'yes' }),
      ),
      labelled('other', {}),
      ...extra,
    ]);
  const dst = facts('dst', [k.ns('openshift-migration')]);
  const run = (p: Partial<Plan>, source = src()) =>
    plan({ spec: selecting(p), facts: { src: source, dst } });

  it('split: waves <plan>-1..N within the namespace limit, each a PlanDecision of the plan', () => {
    const r = run({ select: { matchLabels: { tenant: 'yes' } }, split: { mode: 'auto' } });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plans = r.value?.plans ?? [];
    expect(plans.map((p) => [p.plan.name, p.namespaces.length, p.index, p.wave?.number])).toEqual([
      ['unit-plan-1', 6, 0, 1],
      ['unit-plan-2', 6, 0, 2],
    ]);
    expect(r.value?.waves?.[0]?.selection).toHaveLength(12);
  });

  it('MP4100: an empty selection is an error that says what was left out', () => {
    const r = run({ select: { matchLabels: { tenant: 'no' } } });
    expect(r.diagnostics.map((d) => [d.code, d.path.join('.')])).toEqual([
      ['MP4100', 'spec.plans.0.select'],
    ]);
  });

  it('MP2524 at plan time: a selection over the namespace limit without split', () => {
    const r = run({ select: { matchLabels: { tenant: 'yes' } } });
    expect(r.diagnostics.map((d) => d.code)).toContain('MP2524');
  });

  it('MP4101: a dependency cycle larger than a wave names the cycle', () => {
    const names = ['t-00', 't-01', 't-02'];
    const cycle = names.map((n, i) =>
      rb(n, 'next', [
        { kind: 'ServiceAccount', name: 'default', namespace: names[(i + 1) % 3] ?? '' },
      ]),
    );
    const r = run(
      { select: { matchLabels: { tenant: 'yes' } }, split: { mode: 'auto', maxNamespaces: 2 } },
      src(cycle),
    );
    expect(r.diagnostics.map((x) => x.code)).toContain('MP4101');
    const d = r.diagnostics.find((x) => x.code === 'MP4101');
    expect(d?.message).toContain('namespaces t-00, t-01, t-02');
    expect(d?.message).toContain('3 namespaces > 2');
    expect(r.value?.plans ?? []).toEqual([]);
  });

  it('MP4102: a namespace with more pods than a wave allows gets its own wave (warning)', () => {
    const pods = Array.from({ length: 6 }, (_, i) => k.pod('t-00', `p${i}`));
    const r = run(
      { select: { matchLabels: { tenant: 'yes' } }, split: { mode: 'auto', maxPods: 5 } },
      src(pods),
    );
    expect(r.diagnostics.find((d) => d.code === 'MP4102')?.message).toContain(
      'namespace "t-00" of plan "unit-plan" alone exceeds',
    );
    expect(
      r.value?.waves?.[0]?.waves.find((w) => w.namespaces.includes('t-00'))?.namespaces,
    ).toEqual(['t-00']);
  });

  it('MP4103: rules whose kind the facts lack are reported as not checked', () => {
    const r = run({ select: { matchLabels: { tenant: 'yes' } }, split: { mode: 'auto' } });
    expect(r.diagnostics.map((x) => x.code)).toContain('MP4103');
    expect(
      r.diagnostics
        .filter((d) => d.code === 'MP4103')
        .map((d) => d.message.replace(/ not checked: .*/, ' not checked')),
    ).toEqual([
      'plan "unit-plan": dependencies by rolebinding not checked',
      'plan "unit-plan": dependencies by networkpolicy not checked',
      'plan "unit-plan": dependencies by imagestream not checked',
      'plan "unit-plan": dependencies by externalname not checked',
    ]);
  });

  it('MP4104: a namespace selected by two plans', () => {
    const spec = selecting({ select: { names: ['t-0*'] } });
    const first = spec.spec.plans[0];
    spec.spec.plans.push({ ...first, name: 'second', select: { names: ['t-01'] } });
    const r = plan({ spec, facts: { src: src(), dst } });
    expect(
      r.diagnostics.filter((d) => d.code === 'MP4104').map((d) => [d.message, d.path.join('.')]),
    ).toEqual([
      [
        'namespace "t-01" on src is selected by plan "unit-plan" and plan "second"',
        'spec.plans.1.select',
      ],
    ]);
  });

  it('MP4105: wave names longer than a MigPlan name can be', () => {
    const r = run({
      name: `p${'x'.repeat(61)}`,
      select: { matchLabels: { tenant: 'yes' } },
      split: { mode: 'auto' },
    });
    expect(r.diagnostics.map((d) => d.code)).toContain('MP4105');
  });

  it('a namespace another plan names stays there; explicit entries join the selection with their rename', () => {
    const spec = specWith({
      namespaces: [{ from: 't-00', to: 'renamed' }],
      select: { names: ['t-0*'] },
    });
    spec.spec.plans.push({ name: 'keeper', source: 'src', target: 'dst', namespaces: ['t-01'] });
    const r = plan({ spec, facts: { src: src(), dst } });
    const w = r.value?.waves?.[0];
    expect(w?.selection.slice(0, 2)).toEqual([
      { namespace: 't-00', target: 'renamed', why: 'listed in namespaces' },
      { namespace: 't-02', target: 't-02', why: 'name matches "t-0*"' },
    ]);
    expect(w?.excluded).toEqual([{ namespace: 't-01', why: 'named by plan "keeper"' }]);
  });

  it('--argocd: the MigPlans of the waves get increasing sync waves; the apply order walks the waves in order', async () => {
    const spec = selecting({
      select: { matchLabels: { tenant: 'yes' } },
      split: { mode: 'auto', maxNamespaces: 1 },
      migrations: [{ name: 'cutover', type: 'cutover' }],
    });
    const byCluster = { src: src(), dst };
    const r = await compile({
      spec,
      specText: JSON.stringify(spec),
      templates: await loadTemplates(),
      version: 'test',
      argocd: true,
      source: {
        kind: 'snapshot',
        read: (name) => {
          const value = byCluster[name as keyof typeof byCluster];
          return Promise.resolve(value ? { value, diagnostics: [] } : { diagnostics: [] });
        },
      },
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const wave = (m: { object: { metadata: Record<string, unknown> } }) =>
      (m.object.metadata['annotations'] as Record<string, string> | undefined)?.[
        'argocd.argoproj.io/sync-wave'
      ];
    const plans = (r.manifests ?? []).filter((m) => m.object.kind === 'MigPlan');
    // 12 waves of one namespace: unit-plan-N at sync wave 50 + N.
    expect(
      plans
        .map((m) => [m.object.metadata.name, wave(m)])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual(Array.from({ length: 12 }, (_, i) => [`unit-plan-${i + 1}`, String(51 + i)]));
    // Everything else keeps its file group's rank.
    for (const m of (r.manifests ?? []).filter((x) => x.object.kind === 'MigCluster'))
      expect(wave(m)).toBe('10');
    // The report's apply order: plans and migrations wave by wave (unit-plan-2 before unit-plan-10).
    const lines = (r.report ?? '').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    for (let n = 1; n < 12; n++) {
      expect(at(`migplan/unit-plan-${n} `)).toBeLessThan(at(`migplan/unit-plan-${n + 1} `));
      expect(at(`migmigration/unit-plan-${n}-cutover `)).toBeLessThan(
        at(`migmigration/unit-plan-${n + 1}-cutover `),
      );
    }
  });

  it('without --argocd no sync waves', async () => {
    const spec = selecting({ select: { matchLabels: { tenant: 'yes' } }, split: { mode: 'auto' } });
    const r = await compileWithFacts(spec, { src: src(), dst });
    expect(JSON.stringify(r.manifests)).not.toContain('sync-wave');
  });

  it('compiles: one MigPlan per wave, and the report shows the waves and the picture', async () => {
    const spec = selecting({
      select: { matchLabels: { tenant: 'yes' } },
      split: { mode: 'auto', maxNamespaces: 5 },
      migrations: [{ name: 'cutover', type: 'cutover' }],
    });
    const r = await compileWithFacts(spec, {
      src: src([rb('t-03', 'x', [{ kind: 'ServiceAccount', name: 'default', namespace: 't-07' }])]),
      dst,
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const migplans = (r.manifests ?? []).filter((m) => m.object.kind === 'MigPlan');
    expect(migplans.map((m) => m.object.metadata.name)).toEqual([
      'unit-plan-1',
      'unit-plan-2',
      'unit-plan-3',
    ]);
    expect(r.report).toContain('## Waves of plan unit-plan');
    expect(r.report).toContain('```mermaid\ngantt');
    expect(r.report).toContain('n_t_07 -->|rolebinding| n_t_03');
  });
});
