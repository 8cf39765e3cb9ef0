/**
 * CraneML's own temporary folders: `craneml-<role>-*` in the temp directory with a marker file naming
 * the process that made it, so a later start can remove what a crashed or killed run left behind
 * (and never a folder that only looks like one of ours).
 */
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './process-alive.ts';

/** Inside every temporary folder CraneML makes: `<host>:<pid>` of the process that made it. */
export const TEMP_MARKER = '.craneml-temp';
const PREFIX = 'craneml-';

/** This process as a marker or label value: a leftover is one whose process is gone. */
export function ownerTag(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Whether the process a marker or label names is gone (on this machine; another machine's is never ours to judge). */
export function ownerGone(tag: string): boolean {
  const at = tag.lastIndexOf(':');
  const pid = Number(tag.slice(at + 1));
  if (at < 0 || tag.slice(0, at) !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  return !processAlive(pid);
}

/**
 * A new folder `craneml-<role>-XXXXXX` in the temp directory, marked as this process's.
 * @example const dir = await makeTempFolder('stage'); // /tmp/craneml-stage-a1B2c3
 */
export async function makeTempFolder(role: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${PREFIX}${role}-`));
  await writeFile(path.join(dir, TEMP_MARKER), ownerTag(), { flag: 'wx' });
  return dir;
}

/** The owner a folder's marker names, or undefined when it has no readable marker (then it is not ours). */
async function markerOf(dir: string): Promise<string | undefined> {
  try {
    const [folder, marker] = await Promise.all([lstat(dir), lstat(path.join(dir, TEMP_MARKER))]);
    if (!folder.isDirectory() || !marker.isFile() || marker.size > 512) return undefined;
    return (await readFile(path.join(dir, TEMP_MARKER), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/**
 * Removes the `craneml-*` folders of the temp directory whose marker names a process that is gone.
 * Folders without a marker (another tool's, a user's) and those of live processes stay.
 * @example const removed = await sweepTempFolders(); // ['/tmp/craneml-stage-a1B2c3']
 */
export async function sweepTempFolders(tempDir = os.tmpdir()): Promise<string[]> {
  const names = await readdir(tempDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(tempDir, name);
    const owner = await markerOf(dir);
    if (owner === undefined || !ownerGone(owner)) continue;
    await rm(dir, { recursive: true, force: true }).then(
      () => removed.push(dir),
      () => undefined, // another process may be sweeping the same folder
    );
  }
  return removed;
}
