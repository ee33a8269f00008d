import { describe, expect, it } from 'vitest';
import {
  conversionTargetName,
  statefulSetOf,
  statefulSetVolumeName,
  SUFFIX_PLACEHOLDER,
  trimSuffix,
  type PodOwnersAndClaims,
} from '../src/plan/rules/conversion-names.js';

/**
 * conversion-names.ts, one row per case; the expected values are written by hand from the upstream rules,
 * never from the code's output:
 * - migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist.go: suffixMatcher
 *   `(.*)-mig-([\d|[:alpha:]]{4})$`; trimSuffix (strings.TrimSuffix of the matched `-mig-xxxx`, else of
 *   `-new`, once); getStatefulSetVolumeName (matcher `(.*)?(-<setName>)(-\d+)$` built with fmt.Sprintf, the
 *   set name unescaped; a prefix with an earlier suffix gets strings.Replace(prefix, old, new, 1), i.e. the
 *   first occurrence; otherwise strings.TrimSuffix(prefix, "-new") then `-mig-<suffix>`; no match: trimSuffix
 *   then `-mig-<suffix>`); isStatefulSetVolume (any owner reference of kind StatefulSet, of any pod mounting
 *   a claim of that name, the first found); getMappedNameForPVC (trimSuffix, cut to 247, set or plain name,
 *   cut to 253).
 * - Kubernetes object names (DNS-1123 subdomain, at most 253 characters): the limit getMappedNameForPVC
 *   cuts to. It cuts blindly: a name cut in its `-<set>-<ordinal>` tail can end in '-', which is not a valid
 *   subdomain; the row below keeps what upstream writes.
 * Rows that repeat test/conversion-names.test.ts (the upstream pvlist_test.go cases) are left out.
 */

const owned = (claims: string[], ...owners: [string, string][]): PodOwnersAndClaims => ({
  owners: owners.map(([kind, name]) => ({ kind, name })),
  claimNames: claims,
});

describe('pvlist.go trimSuffix', () => {
  it.each([
    [
      'a suffix with digits (rand.String draws from bcdfghjklmnpqrstvwxz2456789)',
      'data-mig-x7k2',
      'data',
    ],
    ['three characters after -mig- is not a suffix', 'data-mig-ab1', 'data-mig-ab1'],
    ['five characters after -mig- is not a suffix ($)', 'data-mig-abcde', 'data-mig-abcde'],
    ['-mig-xxxx not at the end: only -new is trimmed', 'data-mig-abcd-new', 'data-mig-abcd'],
    ['one suffix is trimmed, not two', 'data-new-mig-abcd', 'data-new'],
    ['-new is trimmed once', 'data-new-new', 'data-new'],
    ['the last -mig-xxxx of two (greedy (.*))', 'data-mig-abcd-mig-wxyz', 'data-mig-abcd'],
    ['"new" alone has no "-new" suffix', 'new', 'new'],
    ['no suffix: unchanged', 'data', 'data'],
  ])('%s: %s -> %s', (_name, pvc, want) => {
    expect(trimSuffix(pvc)).toBe(want);
  });
});

describe('pvlist.go getStatefulSetVolumeName', () => {
  // [case, pvc name (already through trimSuffix upstream), set name, suffix, expected]
  it.each([
    [
      'not a template volume: trimSuffix drops -new, then -mig-<suffix>',
      'data-new',
      'set',
      'abcd',
      'data-mig-abcd',
    ],
    [
      'not a template volume: trimSuffix drops an earlier -mig-xxxx',
      'data-mig-wxyz',
      'set',
      'abcd',
      'data-mig-abcd',
    ],
    [
      'the set name but no ordinal: not a template volume',
      'data-db',
      'db',
      'abcd',
      'data-db-mig-abcd',
    ],
    [
      'a non-numeric ordinal: not a template volume',
      'data-db-x',
      'db',
      'abcd',
      'data-db-x-mig-abcd',
    ],
    ['a template volume of set db', 'data-db-0', 'db', 'abcd', 'data-mig-abcd-db-0'],
    [
      'the set name twice: (.*)? is greedy, the last -<set>-<n> is the tail',
      'data-db-1-db-0',
      'db',
      'abcd',
      'data-db-1-mig-abcd-db-0',
    ],
    [
      'an earlier suffix: strings.Replace with n=1 replaces its first occurrence, here in the template name',
      'abcd-mig-abcd-db-0',
      'db',
      'wxyz',
      'wxyz-mig-abcd-db-0',
    ],
    [
      'an earlier suffix after -new: replaced, -new kept (TrimSuffix is the other branch)',
      'data-new-mig-wxyz-db-0',
      'db',
      'abcd',
      'data-new-mig-abcd-db-0',
    ],
    [
      'the placeholder suffix replaces an earlier one',
      'data-mig-wxyz-db-2',
      'db',
      SUFFIX_PLACEHOLDER,
      'data-mig-????-db-2',
    ],
    [
      'the set name is not escaped: "." in it matches any character',
      'data-dbx1-0',
      'db.1',
      'abcd',
      'data-mig-abcd-dbx1-0',
    ],
  ])('%s', (_name, pvc, set, suffix, want) => {
    expect(statefulSetVolumeName(pvc, set, suffix)).toBe(want);
  });
});

describe('pvlist.go isStatefulSetVolume', () => {
  // [case, pods, expected set name for claim "data"]
  it.each<[string, PodOwnersAndClaims[], string | undefined]>([
    [
      'a StatefulSet pod that mounts another claim: no',
      [owned(['logs'], ['StatefulSet', 'db'])],
      undefined,
    ],
    ['a Deployment pod mounts it: no', [owned(['data'], ['Deployment', 'web'])], undefined],
    [
      'any owner reference counts, not only the first',
      [owned(['data'], ['ReplicaSet', 'rs'], ['StatefulSet', 'db'])],
      'db',
    ],
    [
      'the first StatefulSet pod that mounts it',
      [owned(['data'], ['StatefulSet', 'a']), owned(['data'], ['StatefulSet', 'b'])],
      'a',
    ],
    [
      'a non-StatefulSet pod first, then a StatefulSet one',
      [owned(['data'], ['DaemonSet', 'agent']), owned(['x', 'data'], ['StatefulSet', 'db'])],
      'db',
    ],
  ])('%s', (_name, pods, want) => {
    expect(statefulSetOf('data', pods)).toBe(want);
  });
});

describe('pvlist.go getMappedNameForPVC, storage-conversion plans (suffix "abcd")', () => {
  // [case, pvc name, pods, expected target name]
  it.each<[string, string, PodOwnersAndClaims[], string]>([
    ['trimSuffix runs once before the suffix is appended', 'data-new-new', [], 'data-new-mig-abcd'],
    ['an earlier suffix with digits is replaced', 'data-mig-x7k2', [], 'data-mig-abcd'],
    [
      'a StatefulSet mounts a claim not named after its template: plain suffix',
      'shared',
      [owned(['shared'], ['StatefulSet', 'db'])],
      'shared-mig-abcd',
    ],
    [
      'a template volume converted before: its suffix is replaced in place',
      'data-mig-wxyz-db-0',
      [owned(['data-mig-wxyz-db-0'], ['StatefulSet', 'db'])],
      'data-mig-abcd-db-0',
    ],
    [
      'the StatefulSet is found by the original claim name, then the trimmed name is reshaped',
      'data-db-0-new',
      [owned(['data-db-0-new'], ['StatefulSet', 'db'])],
      'data-mig-abcd-db-0',
    ],
    [
      'a pod mounting the trimmed name is not a pod of this claim',
      'data-db-0-new',
      [owned(['data-db-0'], ['StatefulSet', 'db'])],
      'data-db-0-mig-abcd',
    ],
    [
      '244 characters: 253 with the suffix, not cut',
      'c'.repeat(244),
      [],
      `${'c'.repeat(244)}-mig-abcd`,
    ],
    ['245 characters: cut to 253', 'c'.repeat(245), [], `${'c'.repeat(245)}-mig-abc`],
    [
      'a long template volume: the 253 cut falls in the ordinal tail (upstream writes it so)',
      `${'a'.repeat(240)}-db-0`,
      [owned([`${'a'.repeat(240)}-db-0`], ['StatefulSet', 'db'])],
      `${'a'.repeat(240)}-mig-abcd-db-`,
    ],
  ])('%s', (_name, pvc, pods, want) => {
    const got = conversionTargetName(pvc, pods, 'abcd');
    expect(got).toBe(want);
  });

  it('the placeholder stands for the suffix the controller draws', () => {
    expect(conversionTargetName('data', [], SUFFIX_PLACEHOLDER)).toBe('data-mig-????');
  });
});
