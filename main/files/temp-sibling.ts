/**
 * Temporary siblings: a write is made beside its target (same folder, same file system) under a name
 * that says whose it is, then renamed into place. A kill -9 may leave one; the next write to the same
 * target removes those whose process is gone or that are older than STALE_MS.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from './process-alive.ts';

/** A write still running in another process is never this old; a leftover of one that died is removed sooner (by its pid). */
const STALE_MS = 30 * 60 * 1000;

type Role = 'tmp' | 'old';

function prefix(target: string, role: Role): string {
  return `.${path.basename(target)}.craneml-${role}-`;
}

/**
 * A fresh sibling name for `target`: `.NAME.craneml-tmp-PID-RANDOM` (or `-old-` for the replaced copy).
 * @example siblingOf('/data/out', 'tmp') // '/data/.out.craneml-tmp-4242-9f3a1c'
 */
export function siblingOf(target: string, role: Role): string {
  const resolved = path.resolve(target);
  return path.join(path.dirname(resolved), `${prefix(resolved, role)}${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Whether a sibling's maker died or it is too old to be a write still running. */
async function abandoned(full: string, name: string): Promise<boolean> {
  const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
  if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return true;
  const info = await stat(full).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > STALE_MS;
}

/**
 * Removes the temporary siblings of `target` that an interrupted write left; returns their paths.
 * Only names this module makes for this very target are touched.
 */
export async function removeLeftovers(target: string): Promise<string[]> {
  const resolved = path.resolve(target);
  const parent = path.dirname(resolved);
  const prefixes = [prefix(resolved, 'tmp'), prefix(resolved, 'old')];
  const removed: string[] = [];
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!prefixes.some((p) => name.startsWith(p))) continue;
    const full = path.join(parent, name);
    if (!(await abandoned(full, name))) continue;
    await rm(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}
