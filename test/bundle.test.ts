import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// bin/migplan.js runs the esbuild bundle of the CLI (scripts/bundle.mjs, issue 14: start-up). These tests build
// the bundle from the current sources into a scratch folder inside the repository (gitignored tmp/, so packages
// resolve as they do from dist/) and run it as a user would, so a change that works in-process but breaks in
// the bundle (a path found relative to the module, a require() of a built-in) fails here.

const root = join(import.meta.dirname, '..');
const examples = join(root, 'examples');
let out = '';

beforeAll(() => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  out = mkdtempSync(join(root, 'tmp', 'bundle-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), out], { cwd: root });
}, 120_000);
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const cli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [join(out, 'migplan.js'), ...args], { cwd, encoding: 'utf8' });

describe('the bundled CLI', () => {
  it('is what bin/migplan.js runs, and npm ci (prepare) and npm run build build it', () => {
    expect(readFileSync(join(root, 'bin', 'migplan.js'), 'utf8')).toContain(
      "import '../dist/bin/migplan.js';",
    );
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of ['prepare', 'build'])
      expect(pkg.scripts[script], script).toContain('node scripts/bundle.mjs');
  });

  it('validates a spec', () => {
    const r = cli(['validate', 'migration.yaml'], join(examples, 'state-migration'));
    expect(r.stderr).toBe('migration.yaml: valid\n');
    expect(r.status).toBe(0);
  });

  it('reports a bad spec from stdin with exit 1, located', () => {
    const r = spawnSync(process.execPath, [join(out, 'migplan.js'), 'validate', '-'], {
      cwd: root,
      encoding: 'utf8',
      input: 'apiVersion: migplan.io/v1\nkind: Nope\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('<stdin>:2:7: error MP1012: kind "Nope" is not supported');
  });

  const text = (file: string) => readFileSync(join(out, file), 'utf8');
  /** A chunk and every chunk it loads with it (static imports, followed). */
  const closure = (file: string, into = new Set<string>()) => {
    if (into.has(file)) return into;
    into.add(file);
    for (const m of text(file).matchAll(/^import (?:[^'"]*? from )?["']\.\/([^"']+)["']/gms))
      if (m[1]) closure(m[1], into);
    return into;
  };
  const holds = (files: Set<string>, marker: string) =>
    [...files].some((f) => text(f).includes(marker));

  it('starts without commander: a chunk loaded for help, usage errors and completion only', () => {
    const commander = '// node_modules/commander/';
    expect(holds(closure('migplan.js'), commander)).toBe(false);
    const all = new Set(readdirSync(out).filter((f) => f.endsWith('.js')));
    expect(holds(all, commander)).toBe(true);
    const help = cli(['validate', '--help'], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: migplan validate [options] <spec>');
  });

  it("compile loads Handlebars' runtime only: its compiler is a chunk loaded when a template was edited", () => {
    const runtime = '// node_modules/handlebars/dist/cjs/handlebars.runtime.js';
    const compiler = '// node_modules/handlebars/dist/cjs/handlebars/compiler/';
    const atStart = closure('compile-api.js');
    expect(holds(atStart, compiler)).toBe(false);
    // The chunks compile may import() later: one brings the runtime alone, another the compiler.
    const later = [...atStart].flatMap((f) =>
      [...text(f).matchAll(/import\(["']\.\/([^"']+)["']\)/g)].map((m) => closure(m[1] ?? '')),
    );
    expect(later.some((c) => holds(c, runtime) && !holds(c, compiler))).toBe(true);
    expect(later.some((c) => holds(c, compiler))).toBe(true);
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

  for (const name of ['state-migration', 'velero-okd47-to-okd410'])
    it(`compiles ${name} to its golden stdout (templates found from the bundle's folder)`, () => {
      const dir = join(examples, name);
      const r = cli(['compile', 'migration.yaml'], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(join(dir, 'expected', 'stdout.yaml'), 'utf8'));
    });
});
