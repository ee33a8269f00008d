import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestJson, sha256 } from '../src/emit/manifest.js';
import { createHash } from 'node:crypto';
import { JOURNAL, readOwnedTree, writeOwnedTree } from '../src/emit/write-dir.js';
import { runCli } from './helpers/cli.js';
import { filesUnder } from './helpers/files.js';
import { scratchDir } from './helpers/tmp.js';

const example = join(import.meta.dirname, '..', 'examples', 'okd47-to-okd410-observability');

function scratchCopy(): string {
  const dir = scratchDir('migplan-out-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  return dir;
}

/** Every file under dir, relative, with its content: what a user would lose. */
function snapshotOf(dir: string): Map<string, string> {
  return new Map(
    filesUnder(dir, /./)
      .filter((f) => statSync(f).isFile())
      .map((f) => [f.slice(dir.length + 1), readFileSync(f, 'utf8')] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

const compile = (cwd: string, ...args: string[]) =>
  runCli(['compile', 'migration.yaml', ...args], { cwd });

describe('sha256 in the marker', () => {
  it('hashes the UTF-8 bytes, for ASCII, Latin-1, other BMP, astral and lone-surrogate text', () => {
    for (const text of [
      '',
      'kind: MigPlan\n',
      'caf\u00e9',
      'a \u2192 b',
      '\u{1F600}',
      'x\ud800y',
      '\u0080',
    ])
      expect(sha256(text), JSON.stringify(text)).toBe(
        createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'),
      );
  });
});

describe('--out never deletes or overwrites a file migplan did not write (issue 11.1)', () => {
  // Each row: an --out target that holds or lies inside the inputs, and the code that refuses it.
  const refused: [string, string, RegExp][] = [
    ['.', 'MP6006', /would hold the spec/],
    ['clusters', 'MP6006', /would hold the snapshot of cluster okd47/],
    ['clusters/okd47', 'MP6006', /would hold the snapshot of cluster okd47/],
    ['clusters/okd47/plan', 'MP6006', /lies inside the snapshot of cluster okd47/],
    ['..', 'MP6006', /would hold the spec/],
  ];
  for (const [out, code, message] of refused) {
    it(`--out ${out} is refused with ${code}, exit 2, and every file stays`, async () => {
      const dir = scratchCopy();
      const before = snapshotOf(dir);
      const r = await compile(dir, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error ${code}`);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('hint: Write the output to its own folder');
      expect(r.stdout).toBe('');
      expect(snapshotOf(dir)).toEqual(before);
    });
  }

  it('a non-empty directory without manifest.json is refused, its files untouched', async () => {
    const dir = scratchCopy();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'runbook.md'), 'our runbook\n');
    const r = await compile(dir, '--out', 'docs');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error MP6005: docs is not empty and was not written by migplan (no manifest.json); it holds runbook.md',
    );
    expect(readFileSync(join(dir, 'docs', 'runbook.md'), 'utf8')).toBe('our runbook\n');
    expect(existsSync(join(dir, 'docs', 'manifest.json'))).toBe(false);
  });

  it('a file given as --out is refused, not replaced by a directory', async () => {
    const dir = scratchCopy();
    writeFileSync(join(dir, 'afile.txt'), 'keep me\n');
    const r = await compile(dir, '--out', 'afile.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MP6007: afile.txt exists and is not a directory');
    expect(readFileSync(join(dir, 'afile.txt'), 'utf8')).toBe('keep me\n');
  });

  it('files a user added inside plan/ survive every compile, and the run names them', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    writeFileSync(join(dir, 'plan', 'NOTES.md'), 'notes\n');
    mkdirSync(join(dir, 'plan', 'sub'));
    writeFileSync(join(dir, 'plan', 'sub', 'keep.yaml'), 'a: 1\n');
    const r = await compile(dir, '--out', 'plan');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'info MP6015: plan holds files migplan did not write; kept: NOTES.md, sub/keep.yaml',
    );
    expect(readFileSync(join(dir, 'plan', 'NOTES.md'), 'utf8')).toBe('notes\n');
    expect(readFileSync(join(dir, 'plan', 'sub', 'keep.yaml'), 'utf8')).toBe('a: 1\n');
    // --check looks only at the files manifest.json lists: user files are not "extra".
    expect((await compile(dir, '--out', 'plan', '--check')).code).toBe(0);
  });

  it('a file migplan did not write where it must write is refused by name', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    // Drop REPORT.md from the record: from now on it is a file migplan did not write.
    const manifestPath = join(dir, 'plan', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: { path: string }[];
    };
    manifest.files = manifest.files.filter((f) => f.path !== 'REPORT.md');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(dir, 'plan', 'REPORT.md'), 'my own report\n');
    const r = await compile(dir, '--out', 'plan');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error MP6008: plan holds files migplan did not write where it must write: REPORT.md (not written by migplan)',
    );
    expect(readFileSync(join(dir, 'plan', 'REPORT.md'), 'utf8')).toBe('my own report\n');
  });

  it('files migplan wrote and no longer writes are removed, with the folders they leave empty', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    const manifestPath = join(dir, 'plan', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    manifest.files.push({ path: 'migrations/retired/01-stage.yaml', sha256: '' });
    writeFileSync(manifestPath, JSON.stringify(manifest));
    mkdirSync(join(dir, 'plan', 'migrations', 'retired'), { recursive: true });
    writeFileSync(join(dir, 'plan', 'migrations', 'retired', '01-stage.yaml'), 'old\n');
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    expect(existsSync(join(dir, 'plan', 'migrations', 'retired'))).toBe(false);
    expect(existsSync(join(dir, 'plan', 'migrations', 'observability'))).toBe(true);
  });

  it('a forged manifest cannot make migplan delete a file outside the directory', async () => {
    const dir = scratchCopy();
    mkdirSync(join(dir, 'plan'));
    writeFileSync(
      join(dir, 'plan', 'manifest.json'),
      JSON.stringify({ generator: 'migplan 0.1.0', files: [{ path: '../migration.yaml' }] }),
    );
    const r = await compile(dir, '--out', 'plan');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MP6005');
    expect(existsSync(join(dir, 'migration.yaml'))).toBe(true);
  });

  it('a folder on the output path that is a symbolic link is refused (writes would leave the tree)', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    const elsewhere = scratchDir('migplan-elsewhere-');
    rmSync(join(dir, 'plan', 'migrations'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'plan', 'migrations'));
    const r = await compile(dir, '--out', 'plan');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('migrations is a symbolic link');
    expect(filesUnder(elsewhere, /./)).toEqual([]);
  });

  it('--check and diff refuse a half-written tree and a tree without manifest.json (exit 2)', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    writeFileSync(
      join(dir, 'plan', JOURNAL),
      JSON.stringify({ generator: 'migplan 0.1.0', files: ['50-plans.yaml'] }),
    );
    for (const args of [
      ['compile', 'migration.yaml', '--out', 'plan', '--check'],
      ['diff', 'migration.yaml', '--against', 'plan'],
    ]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('error MP6009: plan is half-written');
    }
    // The next compile finishes the interrupted write and says so.
    const repaired = await compile(dir, '--out', 'plan');
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toContain('info MP6016');
    expect(existsSync(join(dir, 'plan', JOURNAL))).toBe(false);
    expect((await compile(dir, '--out', 'plan', '--check')).code).toBe(0);

    rmSync(join(dir, 'plan', 'manifest.json'));
    for (const args of [
      ['compile', 'migration.yaml', '--out', 'plan', '--check'],
      ['diff', 'migration.yaml', '--against', 'plan'],
    ]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(
        'error MP6004: plan has no manifest.json: it is not a complete output of migplan',
      );
    }
  });

  it('--check names a hand-edited file; diff warns that it was edited since compile', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    writeFileSync(join(dir, 'plan', '10-clusters.yaml'), 'apiVersion: v1\nkind: List\nitems: []\n');
    const check = await compile(dir, '--out', 'plan', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('10-clusters.yaml differs');
    const diff = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(diff.code).toBe(1);
    expect(diff.stderr).toContain(
      'plan/10-clusters.yaml: warning MP6012: plan/10-clusters.yaml was edited since it was compiled',
    );
  });

  it('diff refuses a listed file that is a symbolic link out of the tree (exit 2, names the file)', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    rmSync(join(dir, 'plan', '50-plans.yaml'));
    symlinkSync('/etc/hostname', join(dir, 'plan', '50-plans.yaml'));
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan/50-plans.yaml: error MP6011: cannot read plan/50-plans.yaml');
    expect(r.stderr).toContain('symbolic link');
    expect(r.stdout).toBe('');
  });
});

/** A small plan tree: the marker lists every other file. */
function tree(files: Record<string, string>): Map<string, string> {
  const t = new Map(Object.entries(files));
  t.set('manifest.json', manifestJson(t, { generator: 'migplan test' }, 'manifest.json'));
  return t;
}

class Killed extends Error {}

describe('killing a write at any step (issue 11.1)', () => {
  const before = tree({
    '10-clusters.yaml': 'old clusters\n',
    '50-plans.yaml': 'old plans\n',
    'migrations/alpha/01-stage.yaml': 'alpha stage\n',
    'REPORT.md': 'old report\n',
  });
  const after = tree({
    '10-clusters.yaml': 'new clusters\n',
    '50-plans.yaml': 'new plans\n',
    'migrations/beta/01-stage.yaml': 'beta stage\n',
    'migrations/beta/02-cutover.yaml': 'beta cutover\n',
    'REPORT.md': 'new report\n',
  });
  const userFiles = { 'NOTES.md': 'mine\n', 'migrations/alpha/README.md': 'mine too\n' };

  async function setUp(): Promise<string> {
    const dir = join(scratchDir('migplan-kill-'), 'plan');
    const first = await writeOwnedTree('plan', dir, before, 'manifest.json', 'migplan test');
    expect(first.diagnostics).toEqual([]);
    for (const [rel, text] of Object.entries(userFiles)) writeFileSync(join(dir, rel), text);
    return dir;
  }

  const steps: string[] = [];

  it('the write has steps to kill (journal, each temp file and rename, deletions, marker)', async () => {
    const dir = await setUp();
    const r = await writeOwnedTree('plan', dir, after, 'manifest.json', 'migplan test', {
      beforeStep: (s) => void steps.push(s),
    });
    expect(r.value?.kept).toEqual(['NOTES.md', 'migrations/alpha/README.md']);
    expect(steps[0]).toBe('mkdir');
    expect(steps).toContain(`write ${JOURNAL}`);
    expect(steps).toContain('unlink migrations/alpha/01-stage.yaml');
    expect(steps.at(-3)).toBe('write manifest.json');
    expect(steps.at(-1)).toBe(`unlink ${JOURNAL}`);
    expect(steps.length).toBeGreaterThan(15);
  });

  it('at every step: user files survive, a read-back is refused or complete, and the next write repairs it', async () => {
    expect(steps.length).toBeGreaterThan(0);
    for (let k = 0; k < steps.length; k++) {
      const dir = await setUp();
      let n = 0;
      await expect(
        writeOwnedTree('plan', dir, after, 'manifest.json', 'migplan test', {
          beforeStep: () => {
            if (n++ === k) throw new Killed(`killed before ${steps[k]}`);
          },
        }),
      ).rejects.toThrow(Killed);
      for (const [rel, text] of Object.entries(userFiles))
        expect(readFileSync(join(dir, rel), 'utf8'), `${rel} after kill at ${steps[k]}`).toBe(text);
      const read = await readOwnedTree('plan', dir, 'manifest.json');
      if (read.value && read.value !== 'absent') {
        // Accepted only when complete: exactly the old tree (killed before anything changed) or the new one.
        expect(read.value.edited, `edited after kill at ${steps[k]}`).toEqual([]);
        expect(read.value.missing).toEqual([]);
        expect([before, after]).toContainEqual(read.value.files);
      } else {
        expect(read.diagnostics.map((d) => d.code)).toEqual(['MP6009']);
      }
      const repaired = await writeOwnedTree('plan', dir, after, 'manifest.json', 'migplan test');
      expect(repaired.diagnostics).toEqual([]);
      const final = await readOwnedTree('plan', dir, 'manifest.json');
      expect(final.value !== 'absent' && final.value?.files).toEqual(after);
      const onDisk = snapshotOf(dir);
      expect([...onDisk.keys()].sort()).toEqual(
        [...after.keys(), ...Object.keys(userFiles)].sort(),
      );
    }
  });
});

describe('the CLI contract: every conflicting or ignored flag is a usage error (issue 11.14)', () => {
  const usage: [string[], RegExp][] = [
    [['--check'], /--check compares an --out directory; give --out DIR/],
    [['--out', 'plan', '--migration', 'observability-cutover'], /--migration prints one migration/],
    [['--out', 'plan', '--cluster', 'okd47'], /--cluster selects what stdout shows/],
    [['--out', 'plan', '-o', 'json'], /-o\/--output sets the stdout format/],
    [['--out', 'plan', '-o', 'yaml'], /-o\/--output sets the stdout format/],
    [['--migration', 'observability-cutover', '--cluster', 'okd47'], /--cluster does not apply/],
    [['--migration', 'observability-cutover', '--argocd'], /--argocd annotates setup objects/],
    [
      ['--kubeconfig', 'kube.yaml'],
      /--kubeconfig is given but every cluster is read from its snapshot/,
    ],
  ];
  for (const [args, message] of usage) {
    it(`compile ${args.join(' ')} exits 2 with MP6010`, async () => {
      const dir = scratchCopy();
      const r = await compile(dir, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error MP6010');
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(existsSync(join(dir, 'plan'))).toBe(false);
    });
  }

  it('snapshot --namespaces with no namespace is a usage error, not an empty recording', async () => {
    const dir = scratchCopy();
    const r = await runCli(['snapshot', '--context', 'x', '--namespaces', ' , ', '--out', 'snap'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MP6010: --namespaces names no namespace');
    expect(existsSync(join(dir, 'snap'))).toBe(false);
  });

  it('--cluster with an unknown name exits 2 and suggests the closest', async () => {
    const r = await compile(example, '--cluster', 'okd74');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error MP6014: --cluster okd74: no such cluster (did you mean "okd47"?); clusters: host, okd47',
    );
    expect(r.stdout).toBe('');
  });

  it('--format json keeps stdout one parseable stream and puts the JSON diagnostics on stderr', async () => {
    const yaml = await compile(example, '--format', 'json');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^kind: MigPlan$/m);
    expect(yaml.stdout).not.toContain('"code"');
    const ds = JSON.parse(yaml.stderr) as { code: string }[];
    expect(ds.length).toBeGreaterThan(0);
    const json = await compile(example, '--format', 'json', '-o', 'json');
    expect((JSON.parse(json.stdout) as { kind: string }).kind).toBe('List');
    expect(Array.isArray(JSON.parse(json.stderr))).toBe(true);
  });

  it('diff --stat says No changes. when there are none; diff --help names --against live', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No changes.\n');
    const help = await runCli(['diff', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /--against <dir\|live>\s+a directory written by compile --out, or "live"/,
    );
  });

  it('a spec from stdin says its relative paths resolve against the working directory', async () => {
    const r = await runCli(['compile', '-'], {
      cwd: example,
      stdin: readFileSync(join(example, 'migration.yaml'), 'utf8'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `info MP6013: the spec came from stdin, so its relative paths (clusters/okd410, clusters/okd47) resolve against the working directory ${example}`,
    );
  });

  it('--argocd is recorded in manifest.json and reused by --check, diff and the next compile', async () => {
    const dir = scratchCopy();
    expect((await compile(dir, '--out', 'plan', '--argocd')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'plan', 'manifest.json'), 'utf8')) as {
      options: unknown;
    };
    expect(manifest.options).toEqual({ argocd: true });
    expect((await compile(dir, '--out', 'plan', '--check')).code).toBe(0);
    const diff = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(diff.stdout).toBe('No changes.\n');
    expect((await compile(dir, '--out', 'plan')).code).toBe(0);
    expect(readFileSync(join(dir, 'plan', '50-plans.yaml'), 'utf8')).toContain(
      'argocd.argoproj.io/sync-wave',
    );
    // --no-argocd is the explicit way back; the tree then records it.
    const off = await runCli(
      ['diff', 'migration.yaml', '--against', 'plan', '--no-argocd', '--stat'],
      {
        cwd: dir,
      },
    );
    expect(off.code).toBe(1);
    expect((await compile(dir, '--out', 'plan', '--no-argocd')).code).toBe(0);
    expect(readFileSync(join(dir, 'plan', '50-plans.yaml'), 'utf8')).not.toContain(
      'argocd.argoproj.io/sync-wave',
    );
  });
});
