/**
 * The one way CraneML writes a single file (a saved image's tar, a manifest, a cache record): made
 * complete in a temporary sibling, then renamed into place. An existing target is replaced only
 * when the user asked and it is a regular file; a link, a device, a pipe, a socket or a folder is
 * never replaced or written through.
 */
import { link, lstat, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTarget, refuseOddEntry, targetExists, targetRefused } from './target-check.ts';
import { makeParents } from './parent-folders.ts';
import { removeLeftovers, siblingOf } from './temp-sibling.ts';
import { errnoOf, writeError } from './write-error.ts';

export interface FileWrite {
  /** The file the user named. */
  target: string;
  /** The user asked to replace an existing regular file (`--force`, or the app's Replace). */
  replace: boolean;
  /** Paths the write reads from, never to be written. */
  protect?: string[];
  /** How the user asks to replace, for the message: `use --force to replace it` by default. */
  replaceHint?: string;
}

/** A name that keeps appearing between the check and the move (another writer in a loop) is refused after this many tries. */
const MOVE_ATTEMPTS = 5;

/**
 * Moves the finished temporary file to `target`: over it when replacing, else only while no such name exists.
 * A name that appears between the check and the move is checked again: replaced when asked (two
 * writes of one cache record race this way), refused otherwise.
 */
async function moveInto(temporary: string, target: string, write: FileWrite): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const now = await lstat(target).catch(() => undefined);
    if (now) {
      refuseOddEntry(target, now);
      if (!now.isFile()) throw targetRefused(target, 'became a folder meanwhile; nothing was changed');
      if (!write.replace) throw targetExists(target, write.replaceHint);
      await rename(temporary, target);
      return;
    }
    // link() refuses an existing name atomically, where a check then rename could race; a file system
    // without hard links (FAT, exFAT on a USB stick) gets the rename right after the check above.
    const outcome = await link(temporary, target).then(
      () => 'linked' as const,
      (error: unknown) => {
        const code = errnoOf(error);
        if (code === 'EEXIST') return 'taken' as const;
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') return 'no-links' as const;
        throw error;
      },
    );
    if (outcome === 'taken') {
      if (write.replace && attempt < MOVE_ATTEMPTS) continue;
      throw targetRefused(target, 'appeared meanwhile; nothing was changed');
    }
    if (outcome === 'linked') await rm(temporary, { force: true });
    else await rename(temporary, target);
    return;
  }
}

/**
 * Writes one file: `fill` writes the temporary path given, which is renamed to `target` when complete.
 * @example await writeFileAtomically({ target: 'digits.tar', replace: false }, (tmp) => pipeline(stream, createWriteStream(tmp)));
 */
export async function writeFileAtomically<T>(write: FileWrite, fill: (temporary: string) => Promise<T>): Promise<T> {
  const target = path.resolve(write.target);
  let temporary: string | undefined;
  let undoParents: (() => Promise<void>) | undefined;
  try {
    const state = await checkTarget(target, 'file', write.protect);
    if (state.kind === 'file' && !write.replace) throw targetExists(target, write.replaceHint);
    undoParents = await makeParents(target);
    await removeLeftovers(target);
    temporary = siblingOf(target, 'tmp');
    const result = await fill(temporary);
    await moveInto(temporary, target, write);
    temporary = undefined;
    return result;
  } catch (error) {
    if (temporary) await rm(temporary, { force: true }).catch(() => undefined);
    await undoParents?.();
    throw writeError(error, target);
  }
}

/** {@link writeFileAtomically} for a text. */
export function writeTextAtomically(write: FileWrite, text: string): Promise<void> {
  return writeFileAtomically(write, (temporary) => writeFile(temporary, text, { flag: 'wx' }));
}
