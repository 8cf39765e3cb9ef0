/**
 * One temp directory per test file inside the run's: `<run>/f-<hash>` beside `<run>/f-<hash>.txt`
 * (the test file's path). Short names, because tests make Unix sockets in it (at most 107 bytes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { topLevelEntries } from './temp-entries.ts';

export const RUN_TEMP_VARIABLE = 'CRANEML_TEST_RUN_TEMP';
export const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;
/**
 * The product's cache for the whole run (CRANEML_CACHE_DIR, `<run>/cache`): test files share its
 * conversions and runtime folders, and none writes to the user's ~/.cache/craneml. Part of the run
 * and removed with it, so not a leftover; a file that needs a cold cache makes one of its own.
 */
export const RUN_CACHE = 'cache';
/**
 * Where each worker's Chromium keeps its profile and downloads (`<run>/chromium`): it outlives the test
 * file that launched it (test/helpers/chromium.ts), so it is not that file's leftover, and goes with the run.
 */
export const RUN_CHROMIUM = 'chromium';

/**
 * Compile caches tools keep in the temp directory (tsx for CLI children, jiti for electron-builder):
 * each test file's folder links them to the machine's, so they stay warm and are not leftovers.
 */
const TOOL_CACHES = [`tsx-${process.getuid?.() ?? 0}`, 'jiti'];

/** Where the test file `testPath` keeps its temp files in the run's temp directory `runTemp`. */
export function fileTempDir(runTemp: string, testPath: string): { dir: string; nameFile: string } {
  const dir = path.join(runTemp, `f-${createHash('sha256').update(testPath).digest('hex').slice(0, 10)}`);
  return { dir, nameFile: `${dir}.txt` };
}

/** Makes `dir` with the tool caches linked in (the run's folder lies in the machine's temp directory). */
export function makeFileTempDir(runTemp: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const cache of TOOL_CACHES) {
    const shared = path.join(path.dirname(runTemp), cache);
    mkdirSync(shared, { recursive: true });
    try {
      symlinkSync(shared, path.join(dir, cache));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** What each test file left in its temp directory, and what was left outside any (key: `the run`). */
export async function leftoversByFile(runTemp: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const names = new Set((await readdir(runTemp)).filter((n) => /^f-[0-9a-f]+\.txt$/.test(n)));
  const outside = (await topLevelEntries(runTemp)).filter(
    (e) => e !== `${RUN_CACHE}/` && e !== `${RUN_CHROMIUM}/` && !names.has(e) && !names.has(`${e.replace(/\/$/, '')}.txt`),
  );
  if (outside.length) found.set('the run', outside);
  const linked = new Set(TOOL_CACHES.map((cache) => `${cache}@`));
  for (const name of names) {
    const dir = path.join(runTemp, name.replace(/\.txt$/, ''));
    const left = (await topLevelEntries(dir).catch(() => [])).filter((e) => !linked.has(e));
    if (left.length) found.set(path.relative(process.cwd(), await readFile(path.join(runTemp, name), 'utf8')), left);
  }
  return found;
}
