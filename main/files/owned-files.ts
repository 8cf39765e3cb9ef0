/**
 * What CraneML wrote in a folder: the marker file `.craneml-files` lists every file of a folder
 * CraneML made (export, project, manifests). A project made before the marker existed is recognised
 * by its craneml.json, which lists the model files. Nothing else in a folder is ever CraneML's.
 */
import { lstat, readdir, readFile, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, parseManifest } from '../manifest.ts';

export const MARKER_FILE = '.craneml-files';

/** What a folder CraneML wrote is: one kind is never replaced by another (an export never takes a project's place). */
export type FolderKind = 'project' | 'export' | 'kubernetes';

/** A folder's entries by kind, paths relative to it with `/` separators; links and devices are `odd`. */
export interface FolderListing {
  files: string[];
  folders: string[];
  odd: string[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Walks `dir` without following links; an entry on another file system (a mount) counts as odd. */
export async function listFolder(dir: string): Promise<FolderListing> {
  const listing: FolderListing = { files: [], folders: [], odd: [] };
  const device = (await lstat(dir)).dev;
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, relative))).sort()) {
      const entry = relative === '' ? name : path.join(relative, name);
      const stats = await lstat(path.join(dir, entry));
      if (stats.dev !== device) listing.odd.push(toPosix(entry));
      else if (stats.isDirectory()) {
        listing.folders.push(toPosix(entry));
        await walk(entry);
      } else if (stats.isFile()) listing.files.push(toPosix(entry));
      else listing.odd.push(toPosix(entry));
    }
  };
  await walk('');
  return listing;
}

/** Writes the marker listing every file now in `dir` (a folder CraneML has just made). */
export async function writeMarker(dir: string, kind: FolderKind): Promise<void> {
  const { files } = await listFolder(dir);
  // No version here: the model server's bundle reaches this file through project.ts, and has no package.json.
  const marker = { writtenBy: 'craneml', kind, files: files.filter((f) => f !== MARKER_FILE) };
  await writeFile(path.join(dir, MARKER_FILE), JSON.stringify(marker, null, 2) + '\n');
}

function safeRelative(file: unknown): file is string {
  return typeof file === 'string' && file !== '' && !path.posix.isAbsolute(file) && !file.split('/').includes('..');
}

/** The files CraneML wrote in `dir` as a folder of `kind` (the marker among them), or undefined when it is not such a folder. */
export async function ownedFiles(dir: string, kind: FolderKind): Promise<string[] | undefined> {
  const marker = await readFile(path.join(dir, MARKER_FILE), 'utf8').catch(() => undefined);
  if (marker !== undefined) {
    try {
      const parsed = JSON.parse(marker) as { kind?: unknown; files?: unknown };
      if (parsed.kind === kind && Array.isArray(parsed.files) && parsed.files.every(safeRelative)) return [MARKER_FILE, ...parsed.files];
    } catch {
      // A marker that does not parse proves nothing.
    }
    return undefined;
  }
  if (kind !== 'project') return undefined;
  const manifest = await readFile(path.join(dir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (manifest === undefined) return undefined;
  try {
    const parsed = parseManifest(JSON.parse(manifest));
    const files = parsed.model.files.map((f) => toPosix(path.normalize(f.path)));
    return files.every(safeRelative) ? [MANIFEST_FILE, ...files] : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of `listing` that are not CraneML's: unlisted files, links, devices, mounts (folders hold nothing by themselves). */
export function foreignEntries(listing: FolderListing, owned: string[]): string[] {
  const mine = new Set(owned);
  return [...listing.odd, ...listing.files.filter((f) => !mine.has(f))].sort();
}

/** Deletes the `owned` files of `dir`, then the folders that are left empty, `dir` last; never anything else. */
export async function removeOwned(dir: string, owned: string[]): Promise<void> {
  for (const file of owned) await unlink(path.join(dir, file)).catch(() => undefined);
  const { folders } = await listFolder(dir);
  for (const folder of folders.sort((a, b) => b.length - a.length)) await rmdir(path.join(dir, folder)).catch(() => undefined);
  await rmdir(dir).catch(() => undefined);
}
