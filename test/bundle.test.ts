import { isAscii } from 'node:buffer';
import { execFile, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTreeSync } from './helpers/golden.js';

// bin/migplan.js runs the esbuild bundles of the CLI (scripts/bundle.mjs, issue 14: start-up). These tests build
// them from the current sources into a scratch folder inside the repository (gitignored tmp/, so packages
// resolve as they do from dist/) and run them as a user would, so a change that works in-process but breaks in
// the bundles (a path found relative to the module, a require() of a built-in, a value crossing two bundles)
// fails here.

const root = join(import.meta.dirname, '..');
const examples = join(root, 'examples');
let out = '';

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  out = mkdtempSync(join(root, 'tmp', 'bundle-'));
  // Asynchronously: the build and its warm-up take seconds (a minute on a loaded machine), and a worker that
  // blocks that long misses vitest's calls to it ("Timeout calling onTaskUpdate").
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'bundle.mjs'), out], {
    cwd: root,
  });
}, 300_000);
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[], cwd: string, input?: string) =>
  spawnSync(process.execPath, [join(out, 'migplan.cjs'), ...args], {
    cwd,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
const text = (file: string) => readFileSync(join(out, file), 'utf8');
/** The bundles holding a module under `prefix` (a path from the repository's root), from the build's record. */
const bundlesHolding = (prefix: string) =>
  Object.entries(JSON.parse(text('inputs.json')) as Record<string, string[]>)
    .filter(([, inputs]) => inputs.some((i) => i.startsWith(prefix)))
    .map(([bundle]) => bundle)
    .sort();

describe('the bundled CLI', () => {
  it('is what bin/migplan.js runs, and npm ci (prepare) and npm run build build it', () => {
    const bin = readFileSync(join(root, 'bin', 'migplan.js'), 'utf8');
    expect(bin).toContain("const dist = join(__dirname, '..', 'dist', 'bin');");
    expect(bin).toContain("require(join(dist, 'load.cjs'))");
    // A CommonJS entry: bin/package.json says so, whatever the package's own type.
    expect(JSON.parse(readFileSync(join(root, 'bin', 'package.json'), 'utf8'))).toEqual({
      type: 'commonjs',
    });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      files: string[];
    };
    for (const script of ['prepare', 'build'])
      expect(pkg.scripts[script], script).toContain('node scripts/bundle.mjs');
    expect(pkg.files).toContain('bin');
  });

  it('a missing build is MP9000 and exit 2, with what to do, not a stack trace', () => {
    const install = mkdtempSync(join(out, 'no-build-'));
    cpSync(join(root, 'bin'), join(install, 'bin'), { recursive: true });
    const r = spawnSync(
      process.execPath,
      [join(install, 'bin', 'migplan.js'), 'validate', 'x.yaml'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('migplan: internal error MP9000: cannot load the CLI from');
    expect(r.stderr).toContain('hint: build it again');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('validates a spec', () => {
    const r = cli(['validate', 'migration.yaml'], join(examples, 'state-migration'));
    expect(r.stderr).toBe('migration.yaml: valid\n');
    expect(r.status).toBe(0);
  });

  it('reports a bad spec from stdin with exit 1, located', () => {
    const r = cli(['validate', '-'], root, 'apiVersion: migplan.io/v1\nkind: Nope\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('<stdin>:2:7: error MP1012: kind "Nope" is not supported');
  });

  it('builds one bundle per dynamic import, and validate loads the entry and its command only', () => {
    // validate: the entry (cli.cjs) and its command's bundle; commander only for help, errors and completion.
    const commander = 'node_modules/commander/';
    expect(bundlesHolding(commander).sort()).toEqual(['cli-main.cjs']);
    expect(text('cli.cjs')).toContain(
      'globalThis[Symbol.for("migplan.import")]("cli-commands-validate", "cjs")',
    );
    // yaml is for specs the fast reader declines and for locating a snapshot finding: not in validate's code.
    expect(bundlesHolding('node_modules/yaml/')).not.toContain('cli-commands-validate.cjs');
    expect(bundlesHolding('node_modules/yaml/')).toContain('parse-parse-spec-yaml.cjs');
    // The live client is the one ES module: @kubernetes/client-node cannot be required.
    expect(readdirSync(out).filter((f) => f.endsWith('.mjs'))).toEqual(['resolve-from-live.mjs']);
    const help = cli(['validate', '--help'], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: migplan validate [options] <spec>');
    const badDuration = cli(['compile', 'x.yaml', '--timeout', '5x'], root);
    expect(badDuration.status).toBe(2);
    expect(badDuration.stderr).toContain('"5x" is not a duration');
  });

  it("compile loads Handlebars' runtime only: its compiler is a bundle loaded when a template was edited", () => {
    const runtime = 'node_modules/handlebars/dist/cjs/handlebars.runtime.js';
    const compiler = 'node_modules/handlebars/dist/cjs/handlebars/compiler/';
    expect(bundlesHolding(compiler)).toEqual(['handlebars.cjs']);
    expect(bundlesHolding(runtime)).toContain('handlebars-runtime.cjs');
    expect(bundlesHolding(runtime)).not.toContain('cli-commands-compile.cjs');
  });

  it('ships the code cache the warm-up wrote for what validate and compile load', () => {
    for (const bundle of ['cli.cjs', 'cli-commands-validate.cjs', 'cli-commands-compile.cjs'])
      expect(existsSync(join(out, `${bundle}.cache`)), bundle).toBe(true);
    // Only the build writes caches: a run leaves the folder as it was.
    const before = readdirSync(out).sort();
    expect(cli(['version'], root).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(before);
  });

  it('writes ASCII bundles (the loader then decodes them as a plain copy), each listed with its modules', () => {
    const files = readdirSync(out).filter((f) => /\.[cm]js$/.test(f));
    for (const f of files) expect(isAscii(readFileSync(join(out, f))), f).toBe(true);
    const listed = Object.keys(JSON.parse(text('inputs.json')) as Record<string, string[]>);
    // Every bundle but the two the build writes by hand (the runner) or beside the rest (the loader).
    expect(listed.sort()).toEqual(
      files.filter((f) => f !== 'migplan.cjs' && f !== 'load.cjs').sort(),
    );
    expect(bundlesHolding('src/cli/commands/compile.ts')).toContain('cli-commands-compile.cjs');
  });

  it('locates a malformed snapshot object from the bundle (yaml loaded on demand beside it)', () => {
    const dir = mkdtempSync(join(out, 'located-'));
    cpSync(join(examples, 'state-migration'), dir, { recursive: true });
    const snapshot = readdirSync(join(dir, 'clusters'))[0] ?? '';
    writeFileSync(
      join(dir, 'clusters', snapshot, 'odd.yaml'),
      'apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata: {}\n',
    );
    const r = cli(['compile', 'migration.yaml'], dir);
    expect(r.stderr).toContain(`clusters/${snapshot}/odd.yaml:4:3: error MP3032`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // Every example, each command that crosses bundles on its way (kinds, pipelines, templates): byte for byte
  // what the in-process golden test expects, from a copy (split plans write their lock file beside the spec).
  const examplesWithGoldens = readdirSync(examples).filter((d) =>
    existsSync(join(examples, d, 'expected', 'diagnostics.txt')),
  );
  it('has examples of every kind to compile', () => {
    expect(examplesWithGoldens.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of examplesWithGoldens)
    it(`compiles ${name} to its golden stdout, diagnostics and --out tree, and diff finds no change`, () => {
      // Examples read each other's snapshots (../state-migration/clusters): the whole folder is copied.
      const copy = mkdtempSync(join(out, `examples-${name}-`));
      cpSync(examples, copy, { recursive: true });
      const dir = join(copy, name);
      rmSync(join(dir, 'expected'), { recursive: true });
      const expected = readTreeSync(join(examples, name, 'expected'));
      const spec = existsSync(join(dir, 'migration.yaml'))
        ? 'migration.yaml'
        : 'network-migration.yaml';
      const r = cli(['compile', spec], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(expected.get('stdout.yaml'));
      expect(r.stderr).toBe(expected.get('diagnostics.txt'));
      const written = cli(['compile', spec, '--out', 'compiled', '--quiet'], dir);
      expect(written.status, written.stderr).toBe(0);
      const tree = readTreeSync(join(dir, 'compiled'));
      tree.set('stdout.yaml', r.stdout);
      tree.set('diagnostics.txt', r.stderr);
      expect(Object.fromEntries(tree)).toEqual(Object.fromEntries(expected));
      const diff = cli(['diff', spec, '--against', 'compiled', '--stat'], dir);
      expect(diff.stdout + diff.stderr).toContain('No changes.');
      expect(diff.status).toBe(0);
    });
});
