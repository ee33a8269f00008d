import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { validate } from '../src/validate/validate.js';
import { specWith } from './helpers/facts.js';

const check = (spec: unknown) => validate(parseSpecSync(stringify(spec), 'spec.yaml').value!);

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

/**
 * The MTC operator creates the host cluster's MigCluster itself, named `{{ cluster_name }}` (`host` by
 * default; migtools/mig-operator roles/migrationcontroller templates/mig_host_cluster.yml.j2). A remote
 * cluster emitted under that name would overwrite it.
 */
describe('MigCluster names: one per cluster, never the operator-owned host MigCluster (MP4040)', () => {
  const at = (r: ReturnType<typeof check>) =>
    r.diagnostics.map((d) => [d.code, d.line, d.message] as const);
  it('a remote source keyed "host" collides with the operator\'s host MigCluster, located at the key', () => {
    const spec = specWith({ source: 'host' });
    spec.spec.clusters = {
      host: { role: 'source', url: 'https://api.old:6443', tokenSecret: 'old-token' },
      dst: { role: 'target', host: true },
    };
    const r = check(spec);
    expect(at(r)).toEqual([
      [
        'MP4040',
        8,
        'cluster "host" would get MigCluster name "host", which is already the name of host cluster "dst"\'s MigCluster, which the MTC operator creates; applying it would overwrite that MigCluster',
      ],
    ]);
  });
  it('with no cluster marked host, "host" is still the operator\'s MigCluster', () => {
    const spec = specWith({ target: 'host' });
    spec.spec.clusters['host'] = { role: 'target', url: 'https://api.h:6443', tokenSecret: 'h' };
    delete spec.spec.clusters['dst'];
    expect(check(spec).diagnostics.map((d) => d.code)).toEqual(['MP2532', 'MP4040']);
  });
  it("a migClusterName equal to another cluster's is refused at migClusterName", () => {
    const spec = specWith();
    spec.spec.clusters['src'] = { ...spec.spec.clusters['src']!, migClusterName: 'host' };
    const r = check(spec);
    expect(r.diagnostics.map((d) => [d.code, d.path?.join('.')])).toEqual([
      ['MP4040', 'spec.clusters.src.migClusterName'],
    ]);
  });
  it('the host renamed by migClusterName frees "host" for a remote key; two remotes sharing a name do not', () => {
    const ok = specWith({ source: 'host' });
    ok.spec.clusters = {
      host: { role: 'source', url: 'https://api.old:6443', tokenSecret: 'old-token' },
      dst: { role: 'target', host: true, migClusterName: 'local' },
    };
    expect(check(ok).diagnostics).toEqual([]);
    const twice = specWith();
    twice.spec.clusters['other'] = {
      role: 'source',
      url: 'https://api.other:6443',
      tokenSecret: 't',
      migClusterName: 'src',
    };
    expect(check(twice).diagnostics.map((d) => d.message)).toEqual([
      'cluster "src" would get MigCluster name "src", which is already the MigCluster name of cluster "other"; applying it would overwrite that MigCluster',
    ]);
  });
});
