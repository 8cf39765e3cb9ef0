/** The write rule for folders (main/files/write-folder.ts) on the real file system: what is refused, replaced, left. */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneError } from '../../../main/errors.ts';
import { MARKER_FILE } from '../../../main/files/owned-files.ts';
import { writeFolder } from '../../../main/files/write-folder.ts';
import { mountSmallDisk, type SmallDisk } from '../../helpers/small-disk.ts';
import { snapshot } from '../../unit/files/snapshot.ts';

const run = promisify(execFile);
let tmp = '';
let source = '';
let disk: SmallDisk;

/** What an export writes, in small: two files, one in a sub-folder. */
async function fillExport(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'model'));
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  await writeFile(path.join(dir, 'model', 'model.onnx'), 'weights');
}

const exportTo = (target: string, replace = false) =>
  writeFolder({ target, kind: 'export', replace, protect: [source] }, fillExport).then(
    () => undefined,
    (error: unknown) => error as CraneError,
  );

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-write-folder-'));
  source = path.join(tmp, 'project');
  await mkdir(source);
  await writeFile(path.join(source, 'model.onnx'), 'the model');
  disk = await mountSmallDisk(tmp);
});

afterAll(async () => {
  await disk.unmount();
  await rm(tmp, { recursive: true, force: true });
});

describe('a folder CraneML writes', () => {
  it.each([
    ['a folder with the user’s files', 'user', /holds files that are not an earlier export of CraneML's \(notes\.txt\)/],
    ['..', 'project/..', /holds .*project, which CraneML reads from/],
    ['the project itself', 'project', /is what CraneML reads from here/],
    ['a plain file', 'plain.txt', /is a file, not a folder/],
    ['a symlink to a folder', 'link', /is a symbolic link/],
    ['a device node', 'null-device', /is a device/],
    ['a folder with Dockerfile and create.sh but no marker', 'repo', /not an earlier export.*\(Dockerfile, create\.sh, src\/main\.c\)/],
    ['the root folder', '/', /is the root folder/],
    ['the home folder', os.homedir(), /is your home folder/],
    ['a mount point', 'full', /is a mount point/],
  ])('refuses %s, changing nothing', async (_, name, why) => {
    await mkdir(path.join(tmp, 'user'), { recursive: true });
    await writeFile(path.join(tmp, 'user', 'notes.txt'), 'mine');
    await writeFile(path.join(tmp, 'plain.txt'), 'a file');
    await symlink(path.join(tmp, 'user'), path.join(tmp, 'link')).catch(() => undefined);
    await run('mknod', [path.join(tmp, 'null-device'), 'c', '1', '3']).catch(() => undefined);
    await mkdir(path.join(tmp, 'repo', 'src'), { recursive: true });
    for (const file of ['Dockerfile', 'create.sh', 'src/main.c']) await writeFile(path.join(tmp, 'repo', file), `${file} of the user`);
    const before = await snapshot(tmp);
    const error = await exportTo(path.isAbsolute(name) ? name : path.join(tmp, name), true);
    expect(error?.code).toBe('TARGET_REFUSED');
    expect(error?.message).toMatch(why);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('is created new with a marker listing its files, and replaced only when asked', async () => {
    const out = path.join(tmp, 'out');
    expect(await exportTo(out)).toBeUndefined();
    const marker = JSON.parse(await readFile(path.join(out, MARKER_FILE), 'utf8')) as { kind: string; files: string[] };
    expect(marker).toMatchObject({ kind: 'export', files: ['Dockerfile', 'model/model.onnx'] });
    const again = await exportTo(out);
    expect(again?.code).toBe('TARGET_EXISTS');
    expect(again?.message).toMatch(/already exists \(use --force to replace it\)/);
    await writeFile(path.join(out, 'Dockerfile'), 'edited');
    expect(await exportTo(out, true)).toBeUndefined();
    expect(await readFile(path.join(out, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-'))).toEqual([]);
  });

  it('writes into an empty folder the user made for it', async () => {
    const empty = path.join(tmp, 'empty');
    await mkdir(empty);
    expect(await exportTo(empty)).toBeUndefined();
    expect((await readdir(empty)).sort()).toEqual([MARKER_FILE, 'Dockerfile', 'model']);
  });

  it('refuses to replace an earlier export holding other files, naming them; everything stays', async () => {
    const out = path.join(tmp, 'shared');
    expect(await exportTo(out)).toBeUndefined();
    await writeFile(path.join(out, 'model', 'notes.txt'), 'mine');
    await symlink('/etc/hostname', path.join(out, 'hostname'));
    const before = await snapshot(out);
    const error = await exportTo(out, true);
    expect(error?.code).toBe('TARGET_REFUSED');
    expect(error?.message).toMatch(/holds files CraneML did not write: hostname, model\/notes\.txt; .*nothing was changed/);
    expect(await snapshot(out)).toEqual(before);
  });

  it('never lets an export take the place of a project', async () => {
    const project = path.join(tmp, 'a-project');
    await writeFolder({ target: project, kind: 'project', replace: false }, (dir) => writeFile(path.join(dir, 'craneml.json'), '{}'));
    const before = await snapshot(project);
    expect((await exportTo(project, true))?.code).toBe('TARGET_REFUSED');
    expect(await snapshot(project)).toEqual(before);
  });

  it('keeps the previous state when the writing fails midway, and leaves no temporary folder', async () => {
    const out = path.join(tmp, 'kept');
    expect(await exportTo(out)).toBeUndefined();
    const before = await snapshot(tmp);
    const error = await writeFolder({ target: out, kind: 'export', replace: true }, async (dir) => {
      await fillExport(dir);
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    }).catch((e: unknown) => e as CraneError);
    expect(error.message).toBe(`cannot write ${out}: permission denied (EACCES)`);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('on a full disk says so naming the path, and leaves nothing there, not even the folders above it', async () => {
    await disk.fill(8192);
    const before = await snapshot(disk.dir);
    const out = path.join(disk.dir, 'new', 'deeper', 'out');
    const error = await writeFolder({ target: out, kind: 'export', replace: false }, (dir) =>
      writeFile(path.join(dir, 'big.bin'), Buffer.alloc(64 * 1024)),
    ).then(
      () => undefined,
      (e: unknown) => e as CraneError,
    );
    expect(error?.code).toBe('USAGE');
    expect(error?.message).toBe(`cannot write ${out}: no space left on the device (ENOSPC)`);
    expect(await snapshot(disk.dir)).toEqual(before);
    await rm(path.join(disk.dir, 'filler'));
  });

  it('removes the temporary sibling a killed writer left, at the next write of the same target', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    const leftover = path.join(tmp, `.again.craneml-tmp-${child.pid}-0a1b2c`);
    const unrelated = path.join(tmp, '.other.craneml-tmp-1-0a1b2c');
    await mkdir(path.join(leftover, 'runtime'), { recursive: true });
    await mkdir(unrelated);
    expect(await exportTo(path.join(tmp, 'again'))).toBeUndefined();
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-tmp-'))).toEqual(['.other.craneml-tmp-1-0a1b2c']);
    await rm(unrelated, { recursive: true });
  });
});
