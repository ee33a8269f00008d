import { describe, expect, it } from 'vitest';
import { orderForApply } from '../src/emit/order.js';
import type { Manifest } from '../src/render/types.js';
import { cmpNatural } from '../src/util/objects.js';

/**
 * Apply order of the waves of a split plan, by hand: wave n runs before wave n+1 (issue 15), so `plan-2`
 * comes before `plan-10` in the plans file and in the stdout stream, where a plain string order puts
 * `plan-10` first. Other names keep the plain order the committed outputs already use.
 */

describe('cmpNatural: digit runs compare as numbers', () => {
  it.each([
    ['plan-2', 'plan-10', -1],
    ['plan-10', 'plan-2', 1],
    ['plan-2', 'plan-2', 0],
    ['plan-9', 'plan-10', -1],
    ['a', 'b', -1],
    ['plan', 'plan-1', -1],
    ['plan-1', 'plan', 1],
    ['plan-1-2', 'plan-1-10', -1],
    ['plan-07', 'plan-7', -1],
    ['plan-7', 'plan-07', 1],
    ['2', '10', -1],
    ['x2y', 'x10a', -1],
  ])('%s vs %s → %d', (a, b, sign) => expect(Math.sign(cmpNatural(a, b))).toBe(sign));
});

const migPlan = (name: string): Manifest => ({
  cluster: 'host',
  group: 'plans',
  object: { apiVersion: 'migration.openshift.io/v1alpha1', kind: 'MigPlan', metadata: { name } },
});
const migration = (plan: string, order: number): Manifest => ({
  cluster: 'host',
  group: 'migration',
  migration: { plan, step: `s${order}`, order, file: `${order}-s` },
  object: {
    apiVersion: 'migration.openshift.io/v1alpha1',
    kind: 'MigMigration',
    metadata: { name: `${plan}-${order}` },
  },
});
const secret = (name: string): Manifest => ({
  cluster: 'host',
  group: 'plans',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
});
const names = (ms: Manifest[]) => ms.map((m) => m.object.metadata.name);

describe('orderForApply: waves in wave order', () => {
  it('MigPlans of a split plan come in wave order', () => {
    const plans = ['apps-10', 'apps-2', 'apps-1', 'apps-11', 'apps-3'].map(migPlan);
    expect(names(orderForApply(plans))).toEqual([
      'apps-1',
      'apps-2',
      'apps-3',
      'apps-10',
      'apps-11',
    ]);
  });
  it('MigMigrations by plan in wave order, then by step', () => {
    const ms = [migration('apps-10', 0), migration('apps-2', 1), migration('apps-2', 0)];
    expect(names(orderForApply(ms))).toEqual(['apps-2-0', 'apps-2-1', 'apps-10-0']);
  });
  it('other kinds keep the plain string order', () => {
    expect(names(orderForApply([secret('cm-2'), secret('cm-10')]))).toEqual(['cm-10', 'cm-2']);
  });
});
