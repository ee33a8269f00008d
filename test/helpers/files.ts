import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` (recursively) whose name matches `pattern`, sorted; none when `dir` is absent. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => pattern.test(rel))
    .map((rel) => join(dir, rel))
    .sort();
}
