import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { getCurrentTest } from 'vitest/suite';

/**
 * Scratch folders for tests, always removed, also when an assertion fails: one made inside a test (or its
 * beforeEach) goes when that test finishes; one made outside a test (a describe body, a beforeAll) goes when
 * the file's tests are done. Concurrent tests share vitest's "current test", so they pass their own context
 * (`it.concurrent('…', ({ onTestFinished }) => scratchDir('…', { onTestFinished }))`); without it their folders
 * wait for the end of the file.
 */
export function scratchDir(
  prefix: string,
  test?: { onTestFinished: (fn: () => void) => void },
): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const current = getCurrentTest();
  if (test) test.onTestFinished(() => remove(dir));
  else if (current && !current.concurrent) onTestFinished(() => remove(dir));
  else forFile.add(dir);
  return dir;
}

const remove = (dir: string) => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });

/** Folders made outside a test; the hook is registered on the importing file's suite when it is collected. */
const forFile = new Set<string>();
const removeForFile = () => {
  for (const dir of forFile) remove(dir);
  forFile.clear();
};
afterAll(removeForFile);
// Without isolation (--no-isolate) this module is evaluated once for several files: what is left goes at exit.
process.once('exit', removeForFile);
