import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `migplan validate` starts a process per spec (editors, pre-commit hooks): it must load only what it runs.
// Commands are imported when they run, so the modules `validate` loads at start-up are the static imports
// reachable from the CLI entry and the validate command, which this walks.

const root = join(import.meta.dirname, '..');

/** Modules a source file imports when it is loaded: static value imports and re-exports, not `import type`. */
export function staticImports(text: string): string[] {
  const found: string[] = [];
  const statement = /^(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) if (m[1]) found.push(m[1]);
  return found;
}

/** Every package (by name) and source file loaded when the given entry files are. */
function closure(entries: string[]): { packages: Set<string>; files: Set<string> } {
  const packages = new Set<string>();
  const files = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        queue.push(existsSync(ts) ? ts : resolve(dirname(file), spec));
      } else if (!spec.startsWith('node:'))
        packages.add(
          spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!,
        );
    }
  }
  return { packages, files };
}

describe('validate loads only what it needs', () => {
  it('finds static imports and skips type-only and dynamic ones', () => {
    expect(
      staticImports(
        [
          "import { a } from './a.js';",
          "import type { B } from './b.js';",
          "import {\n  c,\n  type D,\n} from 'c-pkg';",
          "import 'side-effect';",
          "export { e } from './e.js';",
          "const f = await import('./f.js');",
        ].join('\n'),
      ),
    ).toEqual(['./a.js', 'c-pkg', 'side-effect', './e.js']);
  });

  it('the CLI entry reaches no commander: it is loaded for help, usage errors and completion only', () => {
    const { packages, files } = closure([
      join(root, 'src', 'cli', 'bin.ts'),
      join(root, 'src', 'cli', 'commands', 'validate.ts'),
    ]);
    expect(packages).not.toContain('commander');
    expect([...files].map((f) => relative(root, f))).not.toContain('src/cli/main.ts');
  });

  it('the CLI entry and `validate` reach no template engine, diff, live client or renderer', () => {
    const { packages, files } = closure([
      join(root, 'src', 'cli', 'main.ts'),
      join(root, 'src', 'cli', 'io.ts'),
      join(root, 'src', 'cli', 'commands', 'validate.ts'),
    ]);
    expect(files.size).toBeGreaterThan(5);
    for (const heavy of ['handlebars', 'diff', '@kubernetes/client-node', 'js-yaml', 'ajv', 'yaml'])
      expect(packages, heavy).not.toContain(heavy);
    const loaded = [...files].map((f) => relative(root, f));
    for (const dir of ['src/render/', 'src/diff/', 'src/plan/', 'src/resolve/', 'src/emit/'])
      expect(
        loaded.filter((f) => f.startsWith(dir)),
        dir,
      ).toEqual([]);
    // The other spec kinds' validators and rules load when a spec of their kind comes.
    for (const other of [
      'src/generated/network-migration-validator.ts',
      'src/generated/hcp-spec-validator.ts',
      'src/validate/rules/network-migration.ts',
      'src/validate/rules/hcp.ts',
    ])
      expect(loaded, other).not.toContain(other);
    expect(loaded).toContain('src/generated/spec-validator.ts');
  });
});
