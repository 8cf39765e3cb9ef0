/** Which paths CraneML may write at all: never the root, the home folder, a model's folder or above, a link, a device, a mount point. */
import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CraneError } from '../errors.ts';

/** What a write target is today. */
export type TargetState = { kind: 'absent' } | { kind: 'folder'; stats: Stats } | { kind: 'file'; stats: Stats };

/** A target CraneML never writes, or one that changed under it: replacing would not help. */
export function targetRefused(target: string, why: string): CraneError {
  return new CraneError('TARGET_REFUSED', `${target} ${why}`);
}

/** A target CraneML made before and would replace if asked; `hint` says how to ask. */
export function targetExists(target: string, hint = 'use --force to replace it'): CraneError {
  return new CraneError('TARGET_EXISTS', `${target} already exists (${hint})`);
}

/** What a non-regular entry is, in words. */
function oddKind(stats: Stats): string | undefined {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (!stats.isFile() && !stats.isDirectory()) return 'not a regular file';
  return undefined;
}

/**
 * Refuses an entry that is a link, a device, a pipe or a socket, whatever its role.
 * @example refuseOddEntry('/tmp/out/model.onnx', await lstat('/tmp/out/model.onnx'))
 */
export function refuseOddEntry(target: string, stats: Stats): void {
  const kind = oddKind(stats);
  if (kind) throw targetRefused(target, `is ${kind}; CraneML writes only regular files and folders it made`);
}

async function realOrResolved(file: string): Promise<string> {
  return realpath(file).catch(() => path.resolve(file));
}

function within(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Refuses `/`, the home folder, and any folder that holds (or is) one of the `protect`ed paths. */
async function refuseProtected(target: string, protect: string[]): Promise<void> {
  const candidates = [...new Set([path.resolve(target), await realOrResolved(target)])];
  const home = [os.homedir(), await realOrResolved(os.homedir())];
  for (const candidate of candidates) {
    if (path.dirname(candidate) === candidate) throw targetRefused(target, 'is the root folder; choose a new folder');
    if (home.includes(candidate)) throw targetRefused(target, 'is your home folder; choose a new folder');
    for (const kept of protect) {
      for (const form of new Set([path.resolve(kept), await realOrResolved(kept)])) {
        if (form === candidate) throw targetRefused(target, 'is what CraneML reads from here (the project or model); choose a new folder');
        if (within(form, candidate)) throw targetRefused(target, `holds ${kept}, which CraneML reads from; choose a new folder`);
      }
    }
  }
}

/**
 * Checks a target before anything is written and tells what is there. `protect` are the paths the
 * write reads from (the project, the model files): the target may be neither them nor above them.
 * @example const state = await checkTarget('out', 'folder', [project.dir]); // { kind: 'absent' }
 */
export async function checkTarget(target: string, expect: 'folder' | 'file', protect: string[] = []): Promise<TargetState> {
  await refuseProtected(target, protect);
  const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return { kind: 'absent' };
  refuseOddEntry(target, stats);
  const parent = await lstat(path.dirname(path.resolve(target)));
  if (parent.dev !== stats.dev) throw targetRefused(target, 'is a mount point; choose a folder inside it');
  if (stats.isDirectory()) {
    if (expect === 'file') throw targetRefused(target, 'is a folder; name a file');
    return { kind: 'folder', stats };
  }
  if (expect === 'folder') throw targetRefused(target, 'is a file, not a folder; choose a new folder');
  return { kind: 'file', stats };
}
