import { mkdir, rename, rm, writeFile, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OutputTree } from './layout.js';

/**
 * Writes the tree into a temp dir beside `dir` and swaps it in with renames, so a failure at any point
 * leaves the previous output untouched.
 */
export async function writeTreeAtomically(dir: string, tree: OutputTree): Promise<void> {
  const parent = dirname(dir);
  const tmp = join(parent, `.${basename(dir)}.migplan-tmp-${process.pid}`);
  const old = join(parent, `.${basename(dir)}.migplan-old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    for (const [rel, content] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = join(tmp, rel);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (exists) await rename(dir, old);
    await rename(tmp, dir);
    if (exists) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Reads an output directory back into a tree (for --check and diff); absent directory → empty tree. */
export async function readTree(dir: string): Promise<OutputTree> {
  const tree: OutputTree = new Map();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else tree.set(r, await readFile(join(dir, r), 'utf8'));
    }
  };
  await walk('');
  return tree;
}
