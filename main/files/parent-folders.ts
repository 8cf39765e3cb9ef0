/** The folders above a target that a write had to create, removed again (when still empty) if the write fails. */
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates the missing folders above `target`; the function returned removes those it created, deepest first, if empty.
 * @example const undo = await makeParents('/data/new/a/out'); ... await undo(); // /data/new/a and /data/new gone
 */
export async function makeParents(target: string): Promise<() => Promise<void>> {
  const parent = path.dirname(path.resolve(target));
  const first = await mkdir(parent, { recursive: true });
  return async () => {
    if (!first) return;
    for (let dir = parent; dir.length >= first.length; dir = path.dirname(dir)) {
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        return;
    }
  };
}
