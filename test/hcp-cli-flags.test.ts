import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { runCli } from './helpers/cli.js';
import { sarifResults, sarifValidator } from './helpers/sarif.js';
import { scratchDir } from './helpers/tmp.js';

/**
 * The diagnostic flags on kind HostedClusterMigration, as test/ci-formats.test.ts checks them for a Migration:
 * --strict, --min-severity, --format json|sarif|github and --diagnostics-file on compile, validate, report and
 * diff. The move example has one finding: warning MP4316 at migration.yaml:10:16 (namespace clusters also holds
 * staging).
 */

const moveDir = join(import.meta.dirname, '..', 'examples', 'hcp-aws-move');
const validSarif = sarifValidator();

/** A scratch copy of the move example (commands here write files next to the spec). */
function scratch(): string {
  const dir = scratchDir('migplan-hcp-flags-');
  cpSync(moveDir, dir, { recursive: true });
  return dir;
}

const WARNING = {
  code: 'MP4316',
  severity: 'warning',
  file: 'migration.yaml',
  line: 10,
  col: 16,
};

describe('compile of a HostedClusterMigration', () => {
  it('--strict: the warning exits 1 and nothing is emitted, on stdout or under --out', async () => {
    const dir = scratch();
    const plain = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('kind: HostedCluster');
    const strict = await runCli(['compile', 'migration.yaml', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('migration.yaml:10:16: warning MP4316');
    const out = await runCli(['compile', 'migration.yaml', '--strict', '--out', 'plan'], {
      cwd: dir,
    });
    expect(out.code).toBe(1);
    expect(existsSync(join(dir, 'plan'))).toBe(false);
  });

  it('--format sarif --diagnostics-file: stdout as without it, the SARIF log locates the warning', async () => {
    const dir = scratch();
    const plain = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    const r = await runCli(
      ['compile', 'migration.yaml', '--format', 'sarif', '--diagnostics-file', 'out.sarif'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as unknown;
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    const results = sarifResults(log);
    expect(results.map((x) => [x.ruleId, x.level])).toEqual([['MP4316', 'warning']]);
    const at = results[0]!.locations![0]!.physicalLocation;
    expect(at.artifactLocation.uri).toBe('migration.yaml');
    expect([at.region.startLine, at.region.startColumn]).toEqual([10, 16]);
  });

  it('--format json: the findings as JSON on stderr, or in --diagnostics-file; stdout unchanged', async () => {
    const dir = scratch();
    const plain = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    const onStderr = await runCli(['compile', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(onStderr.code).toBe(0);
    expect(onStderr.stdout).toBe(plain.stdout);
    const ds = JSON.parse(onStderr.stderr) as Diagnostic[];
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject(WARNING);
    const toFile = await runCli(
      ['compile', 'migration.yaml', '--format', 'json', '--diagnostics-file', 'd.json'],
      { cwd: dir },
    );
    expect(toFile.stderr).toBe('');
    expect(readFileSync(join(dir, 'd.json'), 'utf8')).toBe(onStderr.stderr);
  });

  it('--format github: one workflow command for the warning, at its line and column', async () => {
    const dir = scratch();
    const r = await runCli(['compile', 'migration.yaml', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^::warning file=migration\.yaml,line=10,col=16,.*title=MP4316 HC namespace holds other hosted clusters::namespace clusters on source also holds staging/,
    );
  });

  it('--strict with --diagnostics-file: exit 1, nothing emitted, the warning in the file', async () => {
    const dir = scratch();
    const r = await runCli(
      ['compile', 'migration.yaml', '--strict', '--format', 'json', '--diagnostics-file', 'd.json'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'))).toMatchObject([WARNING]);
  });

  it('--min-severity error hides the warning; it still counts under --strict', async () => {
    const dir = scratch();
    const hidden = await runCli(['compile', 'migration.yaml', '--min-severity', 'error'], {
      cwd: dir,
    });
    expect(hidden.code).toBe(0);
    expect(hidden.stderr).not.toContain('MP4316');
    const strict = await runCli(
      ['compile', 'migration.yaml', '--min-severity', 'error', '--strict'],
      { cwd: dir },
    );
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
  });

  it.each([
    [['--format', 'sarif'], 'MP6010'],
    [['--format', 'sarif', '--diagnostics-file', 'no-such-dir/d.sarif'], 'MP6031'],
    [['--format', 'sarif', '--diagnostics-file', 'migration.yaml'], 'MP6030'],
  ])('%j: exit 2 with %s, the spec untouched', async (flags, code) => {
    const dir = scratch();
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    const r = await runCli(['compile', 'migration.yaml', ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}`);
    expect(readFileSync(join(dir, 'migration.yaml'), 'utf8')).toBe(spec);
  });

  it.each([['--cluster', 'source'], ['--migration', 'x'], ['--argocd'], ['--no-argocd']])(
    '%s is a usage error, printed as text before any cluster is read, never into --diagnostics-file',
    async (...flag) => {
      const dir = scratch();
      const r = await runCli(
        ['compile', 'migration.yaml', ...flag, '--format', 'json', '--diagnostics-file', 'd.json'],
        { cwd: dir },
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error MP6010: /);
      // Only the usage error: the clusters were not read, so the plan's warning is not there.
      expect(r.stderr).not.toContain('MP4316');
      expect(existsSync(join(dir, 'd.json'))).toBe(false);
    },
  );
});

describe('validate of a HostedClusterMigration', () => {
  const badSpec = (dir: string) => {
    const target = [
      '    target:',
      '      discovery:',
      '        context: mgmt-b',
      '        snapshot: clusters/mgmt-b',
      '',
    ].join('\n');
    const text = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    expect(text).toContain(target);
    const spec = text.replace(target, '');
    writeFileSync(join(dir, 'bad.yaml'), spec);
  };

  it('a clean spec: exit 0 under --strict; SARIF with no result on stdout', async () => {
    const dir = scratch();
    expect((await runCli(['validate', 'migration.yaml', '--strict'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['validate', 'migration.yaml', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as unknown;
    expect(validSarif(log)).toBe(true);
    expect(sarifResults(log)).toEqual([]);
  });

  it('a move without a target: MP2700 located the same in text, json, sarif and github', async () => {
    const dir = scratch();
    badSpec(dir);
    const text = await runCli(['validate', 'bad.yaml'], { cwd: dir });
    expect(text.code).toBe(1);
    const m = /^bad\.yaml:(\d+):(\d+): error MP2700/m.exec(text.stderr);
    expect(m).not.toBeNull();
    const [line, col] = [Number(m![1]), Number(m![2])];
    const json = await runCli(['validate', 'bad.yaml', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as Diagnostic[]).map((d) => [d.code, d.line, d.col])).toEqual([
      ['MP2700', line, col],
    ]);
    const sarif = await runCli(
      ['validate', 'bad.yaml', '--format', 'sarif', '--diagnostics-file', 'v.sarif'],
      { cwd: dir },
    );
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'v.sarif'), 'utf8')) as unknown;
    expect(validSarif(log)).toBe(true);
    const region = sarifResults(log)[0]!.locations![0]!.physicalLocation.region;
    expect([region.startLine, region.startColumn]).toEqual([line, col]);
    const github = await runCli(['validate', 'bad.yaml', '--format', 'github'], { cwd: dir });
    expect(github.stdout).toMatch(
      new RegExp(`^::error file=bad\\.yaml,line=${line},col=${col},`, 'm'),
    );
  });
});

describe('report of a HostedClusterMigration', () => {
  it('--strict: the report is printed and the warning exits 1; --min-severity error hides it', async () => {
    const plain = await runCli(['report', 'migration.yaml'], { cwd: moveDir });
    expect(plain.code).toBe(0);
    const strict = await runCli(['report', 'migration.yaml', '--strict'], { cwd: moveDir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(plain.stdout);
    expect(strict.stderr).toContain('warning MP4316');
    const hidden = await runCli(['report', 'migration.yaml', '--min-severity', 'error'], {
      cwd: moveDir,
    });
    expect(hidden.code).toBe(0);
    expect(hidden.stderr).toBe('');
  });

  it('--format json masks what the recordings put into messages, as for a Migration', async () => {
    const dir = scratch();
    const file = join(dir, 'clusters/mgmt-a/hostedclusters.yaml');
    // A hosted cluster name from the recording reaches MP4316's message: a terminal escape must not.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('      name: staging\n', '      name: "stag\\e[31ming"\n'),
    );
    const r = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    const warning = diagnostics.find((d) => d.code === 'MP4316')!;
    expect(warning.message).toContain('stag\\x1b[31ming');
    expect(warning.message).not.toContain('\u001b');
  });

  it('a spec read from stdin gets the note on where its relative paths resolve', async () => {
    const spec = readFileSync(join(moveDir, 'migration.yaml'), 'utf8');
    const r = await runCli(['report', '-'], { cwd: moveDir, stdin: spec });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('info MP6013');
    expect(r.stdout).toContain('# Hosted cluster move: clusters/prod');
  });
});

describe('diff of a HostedClusterMigration', () => {
  const compiled = async () => {
    const dir = scratch();
    expect((await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir })).code).toBe(
      0,
    );
    return dir;
  };

  it('--strict: no change, but the warning exits 1', async () => {
    const dir = await compiled();
    const plain = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(plain.code).toBe(0);
    const strict = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--strict'], {
      cwd: dir,
    });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('warning MP4316');
  });

  it('--format sarif --diagnostics-file: the diff on stdout, the findings in the log', async () => {
    const dir = await compiled();
    const f = join(dir, 'plan/hcp/target/12-nodepools.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('replicas: 3', 'replicas: 5'));
    const r = await runCli(
      [
        'diff',
        'migration.yaml',
        '--against',
        'plan',
        '--format',
        'sarif',
        '--diagnostics-file',
        'diff.sarif',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+  replicas: 3');
    expect(r.stderr).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'diff.sarif'), 'utf8')) as unknown;
    expect(validSarif(log)).toBe(true);
    // The plan's warning, and the hand edit (MP6012) located on the edited file.
    expect(
      sarifResults(log)
        .map((x) => [x.ruleId, x.locations?.[0]?.physicalLocation.artifactLocation.uri])
        .sort(),
    ).toEqual([
      ['MP4316', 'migration.yaml'],
      ['MP6012', 'plan/hcp/target/12-nodepools.yaml'],
    ]);
  });

  it.each([
    [['--format', 'sarif'], 'MP6010'],
    [['--argocd'], 'MP6010'],
    [['--no-argocd'], 'MP6010'],
  ])('%j: exit 2 with %s', async (flags, code) => {
    const dir = await compiled();
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan', ...flags], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error ${code}`);
  });
});
