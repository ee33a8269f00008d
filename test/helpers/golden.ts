import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';

export const updating = process.env['MIGPLAN_UPDATE_GOLDEN'] === '1';

export function readTreeSync(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    let entries: string[];
    try {
      entries = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

/**
 * Compares a whole tree with its checked-in golden copy (changed, missing and extra files) and returns
 * a readable patch; rewrites the golden only under `npm run golden:update`.
 */
export function compareTree(expectedDir: string, actual: ReadonlyMap<string, string>): string {
  if (updating) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const [rel, content] of actual) {
      mkdirSync(dirname(join(expectedDir, rel)), { recursive: true });
      writeFileSync(join(expectedDir, rel), content);
    }
    return '';
  }
  const expected = readTreeSync(expectedDir);
  const problems: string[] = [];
  for (const [rel, content] of actual) {
    const want = expected.get(rel);
    if (want === undefined) problems.push(`missing golden file ${rel}`);
    else if (want !== content)
      problems.push(createTwoFilesPatch(`expected/${rel}`, `actual/${rel}`, want, content));
  }
  for (const rel of expected.keys())
    if (!actual.has(rel)) problems.push(`golden file ${rel} is no longer produced`);
  return problems.length
    ? `${problems.join('\n')}\nRun \`npm run golden:update\` if the new output is correct.`
    : '';
}

/** One golden file: returns a patch on drift, rewrites it only under `npm run golden:update`. */
export function compareFile(path: string, actual: string): string {
  if (updating) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return '';
  }
  let want: string;
  try {
    want = readFileSync(path, 'utf8');
  } catch {
    return `missing golden file ${path}\nRun \`npm run golden:update\` if the new output is correct.`;
  }
  return want === actual
    ? ''
    : `${createTwoFilesPatch(path, 'actual', want, actual)}\nRun \`npm run golden:update\` if the new output is correct.`;
}
