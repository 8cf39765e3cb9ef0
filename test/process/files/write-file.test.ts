/** The write rule for single files (main/files/write-file.ts) and the bounded read of file options, on the real file system. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneError } from '../../../main/errors.ts';
import { readFileLimited } from '../../../main/files/read-limited.ts';
import { writeTextAtomically } from '../../../main/files/write-file.ts';
import { readLabels } from '../../../main/project.ts';
import { mountSmallDisk, type SmallDisk } from '../../helpers/small-disk.ts';
import { snapshot } from '../../unit/files/snapshot.ts';

const run = promisify(execFile);
let tmp = '';
let outside = '';
let disk: SmallDisk;

const write = (target: string, replace: boolean, text = 'new') =>
  writeTextAtomically({ target, replace }, text).then(
    () => undefined,
    (error: unknown) => error as CraneError,
  );

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-write-file-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
  await writeFile(path.join(outside, 'secret.txt'), 'not to be touched');
  await symlink(path.join(outside, 'secret.txt'), path.join(tmp, 'link.tar'));
  await run('mknod', [path.join(tmp, 'null-device'), 'c', '1', '3']);
  await run('mkfifo', [path.join(tmp, 'pipe')]);
  disk = await mountSmallDisk(tmp);
});

afterAll(async () => {
  await disk.unmount();
  await rm(tmp, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('a file CraneML writes', () => {
  it.each([
    ['a symlink (never written through)', 'link.tar', /is a symbolic link/],
    ['a device node', 'null-device', /is a device/],
    ['a named pipe', 'pipe', /is a named pipe/],
    ['a folder', 'full', /is a mount point|is a folder/],
  ])('refuses %s even when asked to replace, changing nothing', async (_, name, why) => {
    const before = { here: await snapshot(tmp), outside: await snapshot(outside) };
    const error = await write(path.join(tmp, name), true);
    expect(error?.code).toBe('TARGET_REFUSED');
    expect(error?.message).toMatch(why);
    expect({ here: await snapshot(tmp), outside: await snapshot(outside) }).toEqual(before);
  });

  it('is created new, and an existing regular file is replaced only when asked', async () => {
    const file = path.join(tmp, 'image.tar');
    expect(await write(file, false, 'first')).toBeUndefined();
    const refused = await write(file, false, 'second');
    expect(refused?.code).toBe('TARGET_EXISTS');
    expect(refused?.message).toBe(`${file} already exists (use --force to replace it)`);
    expect(await readFile(file, 'utf8')).toBe('first');
    expect(await write(file, true, 'second')).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe('second');
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-'))).toEqual([]);
  });

  it('written by several at once: each replacing write succeeds whole; of the others one wins, the rest are refused', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `text ${i}`);
    const record = path.join(tmp, 'record.json');
    expect(await Promise.all(texts.map((text) => write(record, true, text)))).toEqual(texts.map(() => undefined));
    expect(texts).toContain(await readFile(record, 'utf8'));

    const fresh = path.join(tmp, 'fresh.json');
    const outcomes = await Promise.all(texts.map((text) => write(fresh, false, text)));
    expect(outcomes.filter((error) => error === undefined)).toHaveLength(1);
    const refusals = outcomes.filter((error): error is CraneError => error !== undefined).map((error) => error.code);
    expect(refusals).toHaveLength(texts.length - 1);
    for (const code of refusals) expect(['TARGET_EXISTS', 'TARGET_REFUSED']).toContain(code);
    expect(texts).toContain(await readFile(fresh, 'utf8'));
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-'))).toEqual([]);
  });

  it('on a full disk keeps the earlier file whole, says "no space" naming it, and leaves no partial file', async () => {
    const file = path.join(disk.dir, 'image.tar');
    await writeFile(file, 'the earlier tar');
    await disk.fill(8192);
    const before = await snapshot(disk.dir);
    const error = await write(file, true, 'x'.repeat(256 * 1024));
    expect(error?.message).toBe(`cannot write ${file}: no space left on the device (ENOSPC)`);
    expect(await snapshot(disk.dir)).toEqual(before);
    await rm(path.join(disk.dir, 'filler'));
  });
});

describe('a file option read with a limit', () => {
  it('refuses a device at once, and a pipe without waiting for a writer', async () => {
    await expect(readLabels('/dev/urandom')).rejects.toThrow('/dev/urandom: the labels file must be a regular file');
    await expect(readLabels(path.join(tmp, 'pipe'))).rejects.toThrow(/pipe: the labels file must be a regular file/);
  });

  it('refuses more than 1 MB, naming the limit, and more than 100,000 labels', async () => {
    const big = path.join(tmp, 'big.txt');
    await writeFile(big, Buffer.alloc(1024 * 1024 + 1, 'a'));
    await expect(readFileLimited(big, { what: 'labels file' })).rejects.toThrow(`${big}: the labels file is larger than 1 MB, the limit`);
    const many = path.join(tmp, 'many.txt');
    await writeFile(many, Array.from({ length: 100_001 }, (_, i) => String(i)).join('\n'));
    await expect(readLabels(many)).rejects.toThrow(`${many}: more than 100000 labels, the limit`);
    await writeFile(many, 'cat\ndog\n');
    expect(await readLabels(many)).toEqual(['cat', 'dog']);
  });
});
