/**
 * The app's Export folder and Export tar (main/api/image-exports.ts) against the real daemon: a code
 * repository with Dockerfile + create.sh, a file, a link or a device is never wiped or replaced; an
 * earlier export is replaced only with `replace`, which the app sends after its confirmation.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFolder, exportTar } from '../../main/api/image-exports.ts';
import type { CraneError } from '../../main/errors.ts';
import { MARKER_FILE } from '../../main/files/owned-files.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { snapshot } from '../unit/files/snapshot.ts';
import { LOCAL_BASE, removeImage, requireDocker } from './require-docker.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
const image = `craneml-test/export-targets:${process.pid}`;
let tmp = '';
let outside = '';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as CraneError,
  );

describe.skipIf(!docker)("the app's Export folder and Export tar", () => {
  const d = docker!;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-app-targets-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
    await writeFile(path.join(outside, 'secret'), 'not to be touched');
    await symlink(path.join(outside, 'secret'), path.join(tmp, 'link.tar'));
    await run('mknod', [path.join(tmp, 'null-device'), 'c', '1', '3']);
    await mkdir(path.join(tmp, 'repo'));
    for (const file of ['Dockerfile', 'create.sh', 'main.go']) await writeFile(path.join(tmp, 'repo', file), `${file} of the user`);
    await writeFile(path.join(tmp, 'notes.txt'), 'a file of the user');
    const build = await runCli(['build', DIGITS, '-t', image, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(build.code, build.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await removeImage(d, image);
    await rm(tmp, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it.each([
    ['a code repository with Dockerfile and create.sh', 'repo', /not an earlier export.*Dockerfile, create\.sh, main\.go/],
    ['a file', 'notes.txt', /is a file, not a folder/],
    ['a symlink', 'link.tar', /is a symbolic link/],
  ])(
    'Export folder refuses %s even with replace, changing nothing',
    async (_, name, why) => {
      const before = await snapshot(tmp);
      const error = await refusal(exportFolder(d, image, path.join(tmp, name), true));
      expect(error?.code).toBe('TARGET_REFUSED');
      expect(error?.message).toMatch(why);
      expect(await snapshot(tmp)).toEqual(before);
    },
    120_000,
  );

  it('Export folder replaces its own earlier export only with replace', async () => {
    const out = path.join(tmp, 'exported');
    const first = await exportFolder(d, image, out);
    expect(first.files).toEqual(expect.arrayContaining([MARKER_FILE, 'Dockerfile', 'create.sh', 'run.sh', 'model', 'runtime']));
    const again = await refusal(exportFolder(d, image, out));
    expect(again?.code).toBe('TARGET_EXISTS');
    expect(again?.message).toBe(`${out} already exists (confirm Replace to replace it)`);
    expect((await exportFolder(d, image, out, true)).files).toEqual(first.files);
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-'))).toEqual([]);
  }, 300_000);

  it.each([
    ['a symlink', 'link.tar', /is a symbolic link/],
    ['a device node', 'null-device', /is a device/],
  ])('Export tar refuses %s even with replace, nothing changed here or where it points', async (_, name, why) => {
    const before = { here: await snapshot(tmp), outside: await snapshot(outside) };
    const error = await refusal(exportTar(d, image, path.join(tmp, name), true));
    expect(error?.code).toBe('TARGET_REFUSED');
    expect(error?.message).toMatch(why);
    expect({ here: await snapshot(tmp), outside: await snapshot(outside) }).toEqual(before);
  });
});
