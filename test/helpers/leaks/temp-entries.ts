/** What a folder holds at its top level, each entry named with its kind, for the suite's leak check. */
import { readdir } from 'node:fs/promises';

/** `name/` for a folder, `name@` for a symlink, `name` for anything else; sorted. */
export async function topLevelEntries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.isSymbolicLink() ? `${e.name}@` : e.name)).sort();
}
