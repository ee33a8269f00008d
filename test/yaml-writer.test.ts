import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import jsYaml from 'js-yaml';
import { isPlainSafe, writeYaml } from '../src/emit/yaml-writer.js';

const normalize = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('the YAML writer', () => {
  it('reads back as the same data under YAML 1.2 (yaml), YAML 1.1 (yaml) and js-yaml', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = writeYaml(v);
        const want = normalize(v);
        expect(parse(text)).toEqual(want);
        expect(parse(text, { version: '1.1' })).toEqual(want);
        expect(jsYaml.load(text)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps Kubernetes-looking strings that YAML would retype quoted', () => {
    for (const s of [
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      'n',
      'null',
      '~',
      'true',
      '1',
      '1.5',
      '0x1F',
      '012',
      '1e3',
      '.inf',
      '2023-03-14',
      '1:30',
      '',
      ' x',
      'a: b',
      'a #b',
      '-x',
      '*ref',
      '{x}',
      'x:',
    ]) {
      expect(isPlainSafe(s), s).toBe(false);
    }
    for (const s of [
      'openshift-migration',
      'gp3-csi',
      'system:serviceaccount:app:db',
      'https://api.example.com:6443',
      'quay.io/konveyor/hook-runner:latest',
      '10Gi',
      'ReadWriteOnce',
      '10.128.0.0/14',
    ]) {
      expect(isPlainSafe(s), s).toBe(true);
    }
  });

  it('writes block style with sequences indented under their key', () => {
    expect(writeYaml({ a: [{ b: 1, c: [] }, 'x'], d: {} })).toBe(
      'a:\n  - b: 1\n    c: []\n  - x\nd: {}\n',
    );
  });
});
