/** A folder's whole state (kinds, link targets, contents) for before/after comparisons in the write-rule tests. */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every entry under `dir`, with what it is: a file's content, a link's target, a device's numbers.
 * @example expect(await snapshot(tmp)).toEqual(before);
 */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, relative))).sort()) {
      const entry = path.join(relative, name);
      const full = path.join(dir, entry);
      const info = await lstat(full);
      if (info.isSymbolicLink()) state[entry] = `link -> ${await readlink(full)}`;
      else if (info.isDirectory()) {
        state[entry] = 'folder';
        await walk(entry);
      } else if (info.isFile()) state[entry] = `file ${(await readFile(full)).toString('base64')}`;
      else state[entry] = `special ${info.mode.toString(8)} ${info.rdev}`;
    }
  };
  await walk('');
  return state;
}
