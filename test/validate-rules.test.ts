import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSpec } from '../src/parse/parse-spec.js';
import { validate } from '../src/validate/validate.js';
import { specWith } from './helpers/facts.js';

const check = (spec: unknown) => validate(parseSpec(stringify(spec), 'spec.yaml').value!);

describe('semantic rules on otherwise valid specs', () => {
  it('a valid spec has no findings', () => {
    expect(check(specWith()).diagnostics).toEqual([]);
  });
  it('warns when no cluster is the MTC host, and locates it', () => {
    const spec = specWith();
    spec.spec.clusters['dst'] = {
      role: 'target',
      url: 'https://api.dst:6443',
      tokenSecret: 'dst-token',
    };
    const r = check(spec);
    expect(r.value).toBeDefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'MP2532', severity: 'warning', file: 'spec.yaml', line: 7 }),
    ]);
  });
  it('suggests the closest cluster for a misspelled reference', () => {
    const r = check(specWith({ target: 'dts' }));
    expect(r.diagnostics.find((d) => d.code === 'MP2501')?.message).toContain(
      '(did you mean "dst"?)',
    );
  });
});
