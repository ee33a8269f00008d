import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import schemaJson from '../schemas/migration.schema.json' with { type: 'json' };
import { urlFields } from '../src/validate/rules/credentials.js';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

const example = join(import.meta.dirname, '..', 'examples', 'okd47-to-okd410-observability');

function scratchCopy(edit: (spec: string) => string): string {
  const dir = scratchDir('migplan-credentials-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  const path = join(dir, 'migration.yaml');
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** Each way a credential can be written into a URL or host field of the spec, and the secret part. */
const cases: { name: string; edit: (s: string) => string; secret: string; field: string }[] = [
  {
    name: 'exposedRegistryPath user:pass@host',
    edit: (s) =>
      s.replace(
        'exposedRegistryPath: default-route',
        'exposedRegistryPath: robot:Sup3rS3cret@default-route',
      ),
    secret: 'Sup3rS3cret',
    field: 'spec.clusters.okd47.exposedRegistryPath',
  },
  {
    name: 'cluster url ?token=',
    edit: (s) => s.replace(/^( {6}url: https:\/\/[^\s]+)$/m, '$1/?token=sha256~ClusterT0ken'),
    secret: 'ClusterT0ken',
    field: 'spec.clusters.okd47.url',
  },
  {
    name: 'cluster url ?access_token= after a path',
    edit: (s) => s.replace(/^( {6}url: https:\/\/[^\s]+)$/m, '$1/api?access_token=Acc3ssT0ken'),
    secret: 'Acc3ssT0ken',
    field: 'spec.clusters.okd47.url',
  },
  {
    name: 'S3 endpoint X-Amz-Signature',
    edit: (s) =>
      s.replace(
        'endpoint: https://s3.ktcloud.example.com',
        'endpoint: https://s3.ktcloud.example.com/?X-Amz-Signature=f00dfeedS1g',
      ),
    secret: 'f00dfeedS1g',
    field: 'spec.replicationRepository.endpoint',
  },
  {
    name: 'publicUrl Azure sig=',
    edit: (s) =>
      s.replace(
        '    credentialsSecret:',
        '    publicUrl: https://s3.example.com/b?sv=2022&sig=AzureSasSig\n    credentialsSecret:',
      ),
    secret: 'AzureSasSig',
    field: 'spec.replicationRepository.publicUrl',
  },
  {
    name: 'proxy url ?password=',
    edit: (s) =>
      s.replace(
        '    rsyncEndpointType: Route\n',
        '    rsyncEndpointType: Route\n    stunnelTcpProxy:\n      url: http://proxy.example.com:3128?password=Pr0xyPass\n',
      ),
    secret: 'Pr0xyPass',
    field: 'spec.controller.stunnelTcpProxy.url',
  },
];

describe('credentials in URL and host fields of the spec are refused and never printed', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = scratchCopy(c.edit);
      const validate = await runCli(['validate', 'migration.yaml'], { cwd: dir });
      expect(validate.code).toBe(1);
      expect(validate.stdout).toBe('');
      expect(validate.stderr).toMatch(/^migration\.yaml:\d+:\d+: error MP2533: /m);
      expect(validate.stderr).toContain(`(at ${c.field})`);
      expect(validate.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      const compile = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
      expect(compile.code).toBe(1);
      expect(compile.stdout).toBe('');
      expect(existsSync(join(dir, 'plan'))).toBe(false);
      const json = await runCli(['validate', 'migration.yaml', '--format', 'json'], { cwd: dir });
      expect(json.code).toBe(1);
      for (const out of [validate.stderr, compile.stderr, json.stdout]) {
        expect(out).not.toContain(c.secret);
        expect(out).toContain('***');
      }
    });
  }

  it('a credential in free text (the description goes into REPORT.md) is refused too', async () => {
    const dir = scratchCopy((s) =>
      s.replace(
        '  name: okd47-to-okd410\n',
        '  name: okd47-to-okd410\n  description: See https://wiki.example.com/runbook?access_token=W1kiT0ken\n',
      ),
    );
    const r = await runCli(['report', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error MP2533');
    expect(r.stderr).toContain('(at metadata.description)');
    expect(r.stderr).not.toContain('W1kiT0ken');
  });

  it('a plain registry path and ordinary query parameters are accepted', async () => {
    const dir = scratchCopy((s) => s.replace(/^( {6}url: https:\/\/[^\s]+)$/m, '$1/?timeout=30s'));
    const r = await runCli(['validate', 'migration.yaml'], { cwd: dir });
    expect(r.stderr).toBe('migration.yaml: valid\n');
    expect(r.code).toBe(0);
  });

  it('the rule covers every URL or host field of the schema', () => {
    const found: string[] = [];
    const defs = (schemaJson as { $defs: Record<string, unknown> }).$defs;
    const walk = (node: unknown, path: string[], seen: Set<string>): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const ref = n['$ref'];
      if (typeof ref === 'string') {
        const name = ref.replace('#/$defs/', '');
        if (!seen.has(name)) walk(defs[name], path, new Set([...seen, name]));
        return;
      }
      for (const [key, sub] of Object.entries((n['properties'] as object | undefined) ?? {})) {
        const s = sub as Record<string, unknown>;
        if (
          s['type'] === 'string' &&
          !s['enum'] &&
          /url$|endpoint|registry|host|server|proxy/i.test(key)
        )
          found.push([...path, key].join('.'));
        walk(s, [...path, key], seen);
      }
      if (n['additionalProperties'] && typeof n['additionalProperties'] === 'object')
        walk(n['additionalProperties'], [...path, '*'], seen);
      for (const k of ['then', 'else']) if (n[k]) walk(n[k], path, seen);
    };
    walk(schemaJson, [], new Set());
    expect(found.sort(), found.join(', ')).toEqual(urlFields.map((f) => f.join('.')).sort());
  });
});
