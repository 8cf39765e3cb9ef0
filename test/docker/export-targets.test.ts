/**
 * `craneml save -o` (and the app's exportTar, which shares saveImage) against the real daemon: a
 * link or a device is never replaced or written through, an existing file only with --force, and a
 * full disk keeps the earlier file whole with one line naming the path and "no space".
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { mountSmallDisk, type SmallDisk } from '../helpers/small-disk.ts';
import { snapshot } from '../unit/files/snapshot.ts';
import { LOCAL_BASE, requireDocker } from './require-docker.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
let tmp = '';
let outside = '';
let disk: SmallDisk;

describe.skipIf(!docker)('craneml save -o', () => {
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-save-targets-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
    await writeFile(path.join(outside, 'secret'), 'not to be touched');
    await symlink(path.join(outside, 'secret'), path.join(tmp, 'link.tar'));
    await run('mknod', [path.join(tmp, 'null-device'), 'c', '1', '3']);
    disk = await mountSmallDisk(tmp);
  });

  afterAll(async () => {
    await disk?.unmount();
    await rm(tmp, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it.each([
    ['a symlink', 'link.tar', /is a symbolic link/],
    ['a device node', 'null-device', /is a device/],
  ])('refuses %s even with --force: exit 2, one line, nothing changed here or where it points', async (_, name, why) => {
    const before = { here: await snapshot(tmp), outside: await snapshot(outside) };
    const result = await runCli(['save', LOCAL_BASE, '-o', path.join(tmp, name), '--force']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(why)]);
    expect({ here: await snapshot(tmp), outside: await snapshot(outside) }).toEqual(before);
  });

  it('replaces an existing file only with --force', async () => {
    const file = path.join(tmp, 'base.tar');
    await writeFile(file, 'an earlier file');
    const refused = await runCli(['save', LOCAL_BASE, '-o', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(`craneml: ${file} already exists (use --force to replace it)`);
    expect(await readFile(file, 'utf8')).toBe('an earlier file');
    const saved = await runCli(['save', LOCAL_BASE, '-o', file, '--force']);
    expect(saved.code, saved.stderr).toBe(0);
    const { stdout } = await run('tar', ['-tf', file]);
    expect(stdout.split('\n')).toContain('manifest.json');
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-tmp-'))).toEqual([]);
    await rm(file);
  });

  it('on a full disk keeps the earlier file whole, names the path and "no space", leaves no partial file', async () => {
    const file = path.join(disk.dir, 'base.tar');
    await writeFile(file, 'an earlier file');
    await disk.fill(64 * 1024);
    const before = await snapshot(disk.dir);
    const result = await runCli(['save', LOCAL_BASE, '-o', file, '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`craneml: cannot write ${file}: no space left on the device (ENOSPC)`);
    expect(await snapshot(disk.dir)).toEqual(before);
  });
});
