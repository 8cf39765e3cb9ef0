/**
 * The one way CraneML writes a folder (an export, a project): made complete in a temporary sibling,
 * then renamed into place. The target may be new, an empty folder, or, when the user asked to
 * replace it, a folder CraneML wrote before that holds nothing else; anything else is refused
 * before a byte is written, and a failure leaves the target as it was.
 */
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { checkTarget, targetExists, targetRefused } from './target-check.ts';
import { foreignEntries, listFolder, ownedFiles, removeOwned, writeMarker, type FolderKind } from './owned-files.ts';
import { makeParents } from './parent-folders.ts';
import { removeLeftovers, siblingOf } from './temp-sibling.ts';
import { errnoOf, writeError } from './write-error.ts';

export interface FolderWrite {
  /** The folder the user named. */
  target: string;
  /** What it is: only an earlier folder of the same kind may be replaced. */
  kind: FolderKind;
  /** The user asked to replace an earlier one (`--force`, or the app's confirmation naming the path). */
  replace: boolean;
  /** Paths the write reads from: the target may be neither them nor a folder above them. */
  protect?: string[];
  /** How the user asks to replace, for the message: `use --force to replace it` by default. */
  replaceHint?: string;
}

/** "a, b, c and 4 more" */
export function nameSome(entries: string[], most = 5): string {
  const shown = entries.slice(0, most).join(', ');
  return entries.length > most ? `${shown} and ${entries.length - most} more` : shown;
}

/** What the folder holds that CraneML may replace: nothing (new or empty), or the files it listed. */
async function replaceable(target: string, write: FolderWrite): Promise<string[] | undefined> {
  const state = await checkTarget(target, 'folder', write.protect);
  if (state.kind === 'absent' || (await readdir(target)).length === 0) return undefined;
  const owned = await ownedFiles(target, write.kind);
  const listing = await listFolder(target);
  if (!owned) {
    const names = [...listing.files, ...listing.odd].sort();
    throw targetRefused(
      target,
      `holds files that are not an earlier ${write.kind} of CraneML's (${nameSome(names)}); choose a new or empty folder`,
    );
  }
  if (!write.replace) throw targetExists(target, write.replaceHint);
  const foreign = foreignEntries(listing, owned);
  if (foreign.length > 0)
    throw targetRefused(
      target,
      `holds files CraneML did not write: ${nameSome(foreign)}; move them out or choose a new folder (nothing was changed)`,
    );
  return owned;
}

/** Puts the finished `temporary` folder at `target`, the earlier one (its `owned` files only) removed after. */
async function swapInto(temporary: string, target: string, owned: string[] | undefined): Promise<void> {
  if (!owned) {
    // An empty folder goes first (Windows cannot rename onto one); rmdir refuses one that filled up meanwhile.
    await rmdir(target).catch((error: unknown) => {
      if (errnoOf(error) !== 'ENOENT') throw targetRefused(target, 'was filled by something else meanwhile; nothing was changed');
    });
    await rename(temporary, target).catch((error: unknown) => {
      const code = errnoOf(error);
      if (code === 'ENOTEMPTY' || code === 'EEXIST')
        throw targetRefused(target, 'was filled by something else meanwhile; nothing was changed');
      throw error;
    });
    return;
  }
  const old = siblingOf(target, 'old');
  await rename(target, old);
  try {
    await rename(temporary, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await removeOwned(old, owned);
}

/**
 * Writes a folder: `fill` gets an empty temporary folder to write into; it is marked as CraneML's
 * (.craneml-files lists its files) and renamed to `target` when complete.
 * @example await writeFolder({ target: 'out', kind: 'export', replace: false, protect: [project.dir] }, (dir) => assembleContext(project, dir));
 */
export async function writeFolder<T>(write: FolderWrite, fill: (dir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(write.target);
  let temporary: string | undefined;
  let undoParents: (() => Promise<void>) | undefined;
  try {
    const owned = await replaceable(target, write);
    undoParents = await makeParents(target);
    await removeLeftovers(target);
    temporary = siblingOf(target, 'tmp');
    await mkdir(temporary);
    const result = await fill(temporary);
    await writeMarker(temporary, write.kind);
    await swapInto(temporary, target, owned);
    temporary = undefined;
    return result;
  } catch (error) {
    if (temporary) await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    await undoParents?.();
    throw writeError(error, target);
  }
}
