import { describe, expect, it } from 'vitest';
import {
  customNodeSelectors,
  hasCustomNodeSelectors,
  resolveNamespaces,
} from '../src/plan/rules/namespaces.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { facts, k } from './helpers/facts.js';

/**
 * The namespace rule (src/plan/rules/namespaces.ts) against the mig-controller validations it ports
 * (migtools/mig-controller pkg/controller/migplan/validation.go). Every expected value below is written by
 * hand from the cited upstream function and from the message wording the rule promises, never from a run.
 */

type Pair = [source: string, target: string];
const run = (
  pairs: Pair[],
  src: KubeObject[],
  dst: KubeObject[] = [],
  intraCluster = false,
  planIndex = 0,
) =>
  resolveNamespaces(
    pairs.map(([source, target], index) => ({ source, target, index })),
    planIndex,
    facts('src', src),
    facts('dst', dst),
    intraCluster,
  );
const shown = (r: ReturnType<typeof run>) =>
  r.diagnostics.map((d) => ({ code: d.code, message: d.message, path: d.path, hint: d.hint }));

describe('a namespace missing on the source (validation.go validateNamespaces, NamespaceNotFoundOnSourceCluster)', () => {
  // The suggestion is the closest name by edit distance within max(2, len/3) (validate/suggest.ts closest);
  // the hint lists up to five names, longest common prefix first, then closest length, then by name.
  it.each<[string, string, string[], string, string]>([
    [
      'one close name',
      'ap',
      ['app', 'web'],
      'namespace "ap" does not exist on src; did you mean "app"?',
      'Namespaces on src that are closest: app, web.',
    ],
    [
      'no namespace at all',
      'app',
      [],
      'namespace "app" does not exist on src',
      'Namespaces on src that are closest: none.',
    ],
    [
      'nothing close enough to suggest',
      'zzzzzz',
      ['app'],
      'namespace "zzzzzz" does not exist on src',
      'Namespaces on src that are closest: app.',
    ],
    [
      // prefix "ap" for ap/apx/apple (score -20 + length difference: apx -20, ap -19, apple -18),
      // then yyy and zzz (no common prefix, same length: by name); b (length 1) is the sixth and left out.
      'ranking of six names',
      'apq',
      ['zzz', 'b', 'apple', 'yyy', 'apx', 'ap'],
      'namespace "apq" does not exist on src; did you mean "ap"?',
      'Namespaces on src that are closest: apx, ap, apple, yyy, zzz.',
    ],
  ])('%s', (_, wanted, present, message, hint) => {
    const r = run(
      [[wanted, wanted]],
      present.map((n) => k.ns(n)),
      [],
      false,
      2,
    );
    expect(shown(r)).toStrictEqual([
      { code: 'MP4001', message, path: ['spec', 'plans', 2, 'namespaces', 0], hint },
    ]);
    expect(r.namespaces).toStrictEqual([]);
  });

  it('a missing namespace does not stop the next entry', () => {
    const r = run(
      [
        ['gone', 'gone'],
        ['app', 'app'],
      ],
      [k.ns('app')],
    );
    expect(r.diagnostics.map((d) => [d.code, d.path])).toStrictEqual([
      ['MP4001', ['spec', 'plans', 0, 'namespaces', 0]],
    ]);
    expect(r.namespaces.map((n) => n.source)).toStrictEqual(['app']);
  });
});

describe('an existing destination namespace (validation.go getPotentialFilePermissionConflictNamespaces, ConflictingPermissions)', () => {
  // Upstream compares sa.scc.uid-range, sa.scc.supplemental-groups and sa.scc.mcs of the source and the
  // existing destination namespace (areNamespaceAnnotationValuesEqual: equal when both hold the same value
  // or both lack it); a destination that does not exist (IsNotFound) is no conflict.
  const UID = 'openshift.io/sa.scc.uid-range';
  const GID = 'openshift.io/sa.scc.supplemental-groups';
  const MCS = 'openshift.io/sa.scc.mcs';
  const exists = 'destination namespace "app2" already exists on dst';
  it.each<[string, Record<string, string>, Record<string, string> | undefined, string[]]>([
    ['no destination namespace', { [UID]: '1000/100' }, undefined, []],
    [
      'same annotations',
      { [UID]: '1000/100', [MCS]: 's0:c1' },
      { [UID]: '1000/100', [MCS]: 's0:c1' },
      [exists],
    ],
    ['neither side annotated', {}, {}, [exists]],
    [
      'different uid-range',
      { [UID]: '1000/100' },
      { [UID]: '2000/100' },
      [
        exists,
        'destination namespace "app2" has different sa.scc.uid-range than "app" (1000/100 vs 2000/100); migrated files will have the wrong owner',
      ],
    ],
    [
      'different supplemental groups and MCS, listed in upstream order (uid, groups, mcs)',
      { [MCS]: 's0:c1', [GID]: '5/1', [UID]: '7/1' },
      { [MCS]: 's0:c2', [GID]: '6/1', [UID]: '7/1' },
      [
        exists,
        'destination namespace "app2" has different sa.scc.supplemental-groups, sa.scc.mcs than "app" (5/1 vs 6/1; s0:c1 vs s0:c2); migrated files will have the wrong owner',
      ],
    ],
    [
      'only the source annotated: not equal upstream',
      { [UID]: '1000/100' },
      {},
      [
        exists,
        'destination namespace "app2" has different sa.scc.uid-range than "app" (1000/100 vs unset); migrated files will have the wrong owner',
      ],
    ],
    [
      'only the destination annotated: not equal upstream',
      {},
      { [MCS]: 's0:c9' },
      [
        exists,
        'destination namespace "app2" has different sa.scc.mcs than "app" (unset vs s0:c9); migrated files will have the wrong owner',
      ],
    ],
  ])('%s', (_, srcAnn, dstAnn, messages) => {
    const r = run(
      [['app', 'app2']],
      [k.ns('app', srcAnn)],
      dstAnn ? [k.ns('app2', dstAnn)] : [k.ns('app', srcAnn)],
      false,
      1,
    );
    expect(r.diagnostics.map((d) => d.message)).toStrictEqual(messages);
    for (const d of r.diagnostics)
      expect(d.path).toStrictEqual(['spec', 'plans', 1, 'namespaces', 0]);
    expect(r.diagnostics.map((d) => d.code)).toStrictEqual(
      ['MP4002', 'MP4003'].slice(0, messages.length),
    );
    expect(r.namespaces[0]?.existsOnTarget).toBe(dstAnn !== undefined);
  });

  // Intra-cluster, a namespace migrated onto itself is the source namespace, not an existing destination
  // (mig-controller IsIntraCluster plans map a namespace to a new name; same-name is the storage class
  // conversion case, which keeps the namespace).
  it.each<[string, Pair, boolean, boolean]>([
    ['intra-cluster, same name', ['app', 'app'], true, false],
    ['intra-cluster, renamed onto an existing namespace', ['app', 'web'], true, true],
    ['two clusters, same name', ['app', 'app'], false, true],
  ])('%s: existsOnTarget %s', (_, pair, intra, existsOnTarget) => {
    const objs = [k.ns('app'), k.ns('web')];
    const r = run([pair], objs, objs, intra);
    expect(r.namespaces[0]?.existsOnTarget).toBe(existsOnTarget);
    expect(r.diagnostics.map((d) => d.code)).toStrictEqual(existsOnTarget ? ['MP4002'] : []);
  });
});

describe('pods: node selectors, health, counts (validation.go validatePodProperties, hasCustomNodeSelectors)', () => {
  // Upstream lists pods with the field selector status.phase=Running, counts them toward PodLimitExceeded,
  // and warns (NsHaveNodeSelectors) when any has a nodeSelector key outside defaultNodeSelectors.
  it.each<[string, Record<string, string>, [string, string][]]>([
    ['no selector', {}, []],
    [
      'node-role.kubernetes.io/compute is a default',
      { 'node-role.kubernetes.io/compute': 'true' },
      [],
    ],
    ['kubernetes.io/arch is a default', { 'kubernetes.io/arch': 'amd64' }, []],
    ['kubevirt.io/schedulable is a default', { 'kubevirt.io/schedulable': 'true' }, []],
    [
      'a custom key beside a default one',
      { 'kubernetes.io/arch': 'amd64', zone: 'a' },
      [['zone', 'a']],
    ],
    [
      'node-role.kubernetes.io/worker is not a default',
      { 'node-role.kubernetes.io/worker': '' },
      [['node-role.kubernetes.io/worker', '']],
    ],
  ])('customNodeSelectors: %s', (_, selector, custom) => {
    expect(customNodeSelectors(selector)).toStrictEqual(custom);
    // The allocation-free question the per-pod filters ask gives the same answer.
    expect(hasCustomNodeSelectors(selector)).toBe(custom.length > 0);
  });

  it('only Running pods count; selectors are listed once, sorted', () => {
    const r = run(
      [['app', 'app']],
      [
        k.ns('app'),
        k.pod('app', 'a', { nodeSelector: { zone: 'b', 'kubernetes.io/arch': 'amd64' } }),
        k.pod('app', 'b', { nodeSelector: { disk: 'ssd', zone: 'b' } }),
        k.pod('app', 'c', { nodeSelector: { 'kubernetes.io/arch': 'amd64' } }),
        // Not Running: not listed by upstream, so neither counted nor checked for selectors.
        k.pod('app', 'd', { phase: 'Succeeded', nodeSelector: { gpu: 'yes' } }),
        k.pod('other', 'e', { nodeSelector: { rack: '1' } }),
      ],
    );
    expect(shown(r)).toStrictEqual([
      {
        code: 'MP4004',
        message:
          '2 pod(s) in "app" use node selectors (disk=ssd, zone=b); they are cleared on restore',
        path: ['spec', 'plans', 0, 'namespaces', 0],
        hint: 'Label target nodes and re-add the selectors after cutover.',
      },
    ]);
    expect(r.namespaces[0]?.pods).toBe(3);
  });

  // Ready: a Running pod whose containers are all ready, or a Succeeded one (a finished Job is healthy).
  it.each<[string, { phase?: string; ready?: boolean }[], string | undefined]>([
    ['all Running and ready', [{}, {}], undefined],
    ['Succeeded is healthy', [{ phase: 'Succeeded' }], undefined],
    [
      'a Running pod with a container not ready, and a Pending one',
      [{ ready: false }, { phase: 'Pending' }, {}],
      '2 pod(s) in "app" are not healthy: p0 (Running), p1 (Pending)',
    ],
    [
      'five unhealthy pods are all named',
      Array.from({ length: 5 }, () => ({ phase: 'Failed' })),
      '5 pod(s) in "app" are not healthy: p0 (Failed), p1 (Failed), p2 (Failed), p3 (Failed), p4 (Failed)',
    ],
    [
      'the sixth is elided',
      Array.from({ length: 6 }, () => ({ phase: 'Failed' })),
      '6 pod(s) in "app" are not healthy: p0 (Failed), p1 (Failed), p2 (Failed), p3 (Failed), p4 (Failed), …',
    ],
  ])('health: %s', (_, pods, message) => {
    const r = run([['app', 'app']], [k.ns('app'), ...pods.map((p, i) => k.pod('app', `p${i}`, p))]);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual(
      message ? [['MP4015', message, ['spec', 'plans', 0, 'namespaces', 0]]] : [],
    );
  });

  it('the decision: running pods, service accounts of the namespace and its pods, labels and annotations', () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'app', labels: { team: 'a' }, annotations: { note: 'x' } },
    };
    const r = run(
      [['app', 'new']],
      [
        ns,
        k.sa('app', 'zeta'),
        k.sa('app', 'builder'),
        k.sa('other', 'elsewhere'),
        k.pod('app', 'a', { sa: 'runner' }),
        k.pod('app', 'b', { sa: 'zeta', phase: 'Pending' }),
      ],
    );
    expect(r.namespaces).toStrictEqual([
      {
        source: 'app',
        target: 'new',
        existsOnTarget: false,
        pods: 1,
        serviceAccounts: ['builder', 'runner', 'zeta'],
        labels: { team: 'a' },
        annotations: { note: 'x' },
      },
    ]);
  });
});
