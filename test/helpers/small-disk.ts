/** A real full disk for tests: a small tmpfs mounted in a temp folder (as root), filled to the brim. */
import { execFile } from 'node:child_process';
import { mkdir, open, rmdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  dir: string;
  /** Fills the disk with `filler` until fewer than `leaveBytes` are free. */
  fill: (leaveBytes?: number) => Promise<void>;
  unmount: () => Promise<void>;
}

/**
 * Mounts a tmpfs of `size` (e.g. '2m') at `<parent>/full`; unmount it in afterAll.
 * @example const disk = await mountSmallDisk(tmp); await disk.fill(); ... await disk.unmount();
 */
export async function mountSmallDisk(parent: string, size = '2m'): Promise<SmallDisk> {
  const dir = path.join(parent, 'full');
  await mkdir(dir);
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return {
    dir,
    fill: async (leaveBytes = 4096) => {
      const { bavail, bsize } = await statfs(dir);
      const handle = await open(path.join(dir, 'filler'), 'a');
      try {
        await handle.write(Buffer.alloc(Math.max(0, bavail * bsize - leaveBytes)));
      } finally {
        await handle.close();
      }
    },
    unmount: async () => {
      await run('umount', [dir]);
      await rmdir(dir);
    },
  };
}
