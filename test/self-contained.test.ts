import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from './helpers/files.js';

// A fresh clone has no ../shared (nor any other sibling folder): the suite must carry what it reads.
const root = join(import.meta.dirname, '..');
const sources = [
  ...filesUnder(join(root, 'test'), /\.(ts|mts|mjs|js)$/),
  join(root, 'vitest.config.ts'),
].filter((f) => f !== import.meta.filename);

/** Text in a test source that reaches outside the repository, with why. */
export function outsideReferences(relPath: string, text: string): string[] {
  const found: string[] = [];
  const forbidden: [RegExp, string][] = [
    [/\.\.[\\/]+shared\b/, 'names ../shared'],
    [/['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/, "joins '..', 'shared'"],
    [/['"`]\/work\//, 'uses an absolute /work path'],
    [/\bhomedir\s*\(/, "reads the user's home directory"],
  ];
  for (const [re, why] of forbidden) if (re.test(text)) found.push(`${relPath}: ${why}`);
  // join(import.meta.dirname, '..', '..', …) climbs one level per '..'; more than the file's depth below
  // the repository root leaves it.
  const depth = relPath.split('/').length - 1;
  for (const m of text.matchAll(/import\.meta\.dirname((?:\s*,\s*['"]\.\.['"])+)/g)) {
    const ups = (m[1] ?? '').match(/\.\./g)?.length ?? 0;
    if (ups > depth)
      found.push(`${relPath}: climbs ${ups} levels from a file ${depth} below the root`);
  }
  return found;
}

describe('the suite reads nothing outside the repository', () => {
  it('finds the test sources', () => expect(sources.length).toBeGreaterThan(10));

  it('no test source refers to ../shared or climbs above the repository root', () => {
    const found = sources.flatMap((f) =>
      outsideReferences(relative(root, f).split(sep).join('/'), readFileSync(f, 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it.each([
    ['test/a.test.ts', "join(import.meta.dirname, '..', '..', 'shared', 'reference')", 2],
    ['test/a.test.ts', "readFileSync('../shared/reference/mtc.md')", 1],
    ['test/a.test.ts', "join(import.meta.dirname, '..', '..', 'other')", 1],
    ['test/a.test.ts', "join(root, '..', 'shared')", 1],
    ['test/a.test.ts', "k.volume('app', 'shared')", 0],
    ['test/helpers/a.ts', "join(import.meta.dirname, '..', '..', '..')", 1],
    ['test/a.test.ts', "readFileSync('/work/shared/x')", 1],
    ['test/a.test.ts', "join(homedir(), '.kube', 'config')", 1],
    ['test/a.test.ts', "join(import.meta.dirname, '..', 'examples')", 0],
    ['test/helpers/a.ts', "join(import.meta.dirname, '..', '..', 'examples')", 0],
  ])('%s: %s -> %i finding(s)', (path, text, count) => {
    expect(outsideReferences(path, text)).toHaveLength(count);
  });
});
