import { createTwoFilesPatch } from 'diff';

export interface FileChange {
  change: 'add' | 'change' | 'remove';
  path: string;
  patch: string;
  added: number;
  removed: number;
}

/**
 * File-by-file differences of two output trees, for kinds whose files are ordered steps (a NetworkMigration
 * applies one object in several steps, so an object-keyed diff would merge them). The marker is left out.
 */
export function diffFiles(
  current: ReadonlyMap<string, string>,
  wanted: ReadonlyMap<string, string>,
  marker: string,
): FileChange[] {
  const paths = [...new Set([...current.keys(), ...wanted.keys()])]
    .filter((p) => p !== marker)
    .sort();
  const out: FileChange[] = [];
  for (const path of paths) {
    const a = current.get(path);
    const b = wanted.get(path);
    if (a === b) continue;
    const patch = createTwoFilesPatch(
      `a/${path}`,
      `b/${path}`,
      a ?? '',
      b ?? '',
      undefined,
      undefined,
      {
        context: 3,
      },
    );
    const lines = patch.split('\n').slice(4);
    out.push({
      change: a === undefined ? 'add' : b === undefined ? 'remove' : 'change',
      path,
      patch,
      added: lines.filter((l) => l.startsWith('+')).length,
      removed: lines.filter((l) => l.startsWith('-')).length,
    });
  }
  return out;
}

export function formatFileStat(changes: readonly FileChange[]): string {
  const mark = { add: '+', change: '~', remove: '-' } as const;
  const count = (k: FileChange['change']) => changes.filter((c) => c.change === k).length;
  return (
    [
      ...changes.map((c) => `${mark[c.change]} ${c.path} (+${c.added} -${c.removed})`),
      `Plan: ${count('add')} to add, ${count('change')} to change, ${count('remove')} to remove.`,
    ].join('\n') + '\n'
  );
}
