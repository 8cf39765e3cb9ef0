/**
 * The write rule through the real CLI (`export -o`, `init`): what a user names is created new, or
 * replaced only when it is what CraneML wrote and --force says so; anything else exits 2 with one line
 * and leaves every file as it was, also on a full disk and when the export is killed midway.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBuildFolder } from '../../main/api/folder-exports.ts';
import { openAnyProject } from '../../main/api/open-model.ts';
import { CraneError, describeError } from '../../main/errors.ts';
import { MARKER_FILE } from '../../main/files/owned-files.ts';
import { runCli } from '../helpers/cli.ts';
import { mountSmallDisk, type SmallDisk } from '../helpers/small-disk.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { snapshot } from '../unit/files/snapshot.ts';

const run = promisify(execFile);
let tmp = '';
let outside = '';
let project = '';
let disk: SmallDisk;

/** A refusal: exit 2 and exactly one line on stderr, naming the target. */
function expectRefused(result: { code: number; stderr: string }, target: string, why: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(target);
  expect(lines[0]).toMatch(why);
}

/**
 * `craneml export <project> -o <target> --force` as the command makes it (openAnyProject, then
 * exportBuildFolder with replace and its notices), in this process: the exit code and stderr the
 * CLI would print. The tests below run the real CLI for the same one-line refusal.
 */
async function exportInProcess(target: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const onNotice = (message: string): void => void (stderr += `note: ${message}\n`);
  try {
    await exportBuildFolder(await openAnyProject(project), target, { replace: true, onNotice });
    return { code: 0, stderr };
  } catch (error) {
    if (!(error instanceof CraneError)) throw error;
    return { code: 2, stderr: `${stderr}craneml: ${describeError(error)}\n` };
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-write-targets-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
  await writeFile(path.join(outside, 'model.onnx'), 'a file outside the project');
  project = path.join(tmp, 'project');
  await mkdir(project);
  for (const file of ['model.onnx', 'craneml.json']) await copyFile(path.join(DIGITS, file), path.join(project, file));
  await mkdir(path.join(tmp, 'user'));
  await writeFile(path.join(tmp, 'user', 'notes.txt'), 'mine');
  await writeFile(path.join(tmp, 'plain.txt'), 'a file');
  await symlink(path.join(tmp, 'user'), path.join(tmp, 'link'));
  await run('mknod', [path.join(tmp, 'null-device'), 'c', '1', '3']);
  await mkdir(path.join(tmp, 'repo'));
  for (const file of ['Dockerfile', 'create.sh', 'main.go']) await writeFile(path.join(tmp, 'repo', file), `${file} of the user`);
  disk = await mountSmallDisk(tmp);
});

afterAll(async () => {
  await disk.unmount();
  await rm(tmp, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('craneml export -o', () => {
  it.each([
    ['a folder with the user’s files', 'user', /not an earlier export.*notes\.txt/],
    ['..', 'project/..', /holds .*project, which CraneML reads from/],
    ['the project itself', 'project', /is what CraneML reads from here/],
    ['a plain file', 'plain.txt', /is a file, not a folder/],
    ['a symlink', 'link', /is a symbolic link/],
    ['a device node', 'null-device', /is a device/],
    ['a folder with Dockerfile and create.sh but no marker', 'repo', /not an earlier export.*Dockerfile, create\.sh, main\.go/],
  ])('refuses %s even with --force, changing nothing', async (_, name, why) => {
    const before = await snapshot(tmp);
    const target = path.join(tmp, name);
    expectRefused(await exportInProcess(target), path.resolve(target), why);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('replaces an earlier export only with --force, and never while it holds other files', async () => {
    const out = path.join(tmp, 'out');
    expect((await runCli(['export', project, '-o', out])).code).toBe(0);
    expect(await readdir(out)).toContain(MARKER_FILE);
    expectRefused(await runCli(['export', project, '-o', out]), out, /already exists \(use --force to replace it\)/);

    await writeFile(path.join(out, 'model', 'my-notes.txt'), 'mine');
    const before = await snapshot(tmp);
    expectRefused(await runCli(['export', project, '-o', out, '--force']), out, /did not write: model\/my-notes\.txt/);
    expect(await snapshot(tmp)).toEqual(before);

    await rm(path.join(out, 'model', 'my-notes.txt'));
    await writeFile(path.join(out, 'Dockerfile'), 'edited');
    const replaced = await runCli(['export', project, '-o', out, '--force']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await snapshot(out))['Dockerfile']).not.toBe(before['out/Dockerfile']);
    expect((await readdir(tmp)).filter((f) => f.includes('.craneml-'))).toEqual([]);
  });

  it('on a full disk names the path and "no space", and leaves nothing there', async () => {
    await disk.fill(64 * 1024);
    const before = await snapshot(disk.dir);
    const out = path.join(disk.dir, 'out');
    expectRefused(await runCli(['export', project, '-o', out]), out, /: no space left on the device \(ENOSPC\)$/);
    expect(await snapshot(disk.dir)).toEqual(before);
    await rm(path.join(disk.dir, 'filler'));
  });

  it('killed with -9 midway leaves no target, only a temporary sibling the next export removes', async () => {
    const target = path.join(tmp, 'killed');
    const prefix = '.killed.craneml-tmp-';
    const started = new Promise<void>((resolve) => {
      const watcher = watch(tmp, (_, name) => {
        if (name?.startsWith(prefix)) {
          watcher.close();
          resolve();
        }
      });
    });
    const child = spawn(process.execPath, ['bin/craneml.js', 'export', project, '-o', target], { stdio: 'ignore' });
    await started;
    child.kill('SIGKILL');
    await once(child, 'exit');
    const entries = await readdir(tmp);
    expect(entries).not.toContain('killed');
    expect(entries.filter((f) => f.startsWith(prefix))).toHaveLength(1);

    const again = await runCli(['export', project, '-o', target]);
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(tmp)).filter((f) => f.startsWith(prefix))).toEqual([]);
    expect(await readdir(target)).toContain(MARKER_FILE);
  });
});

describe('craneml init', () => {
  const model = () => path.join(DIGITS, 'model.onnx');

  it('refuses a folder holding a model.onnx but no craneml.json, even with --force', async () => {
    const dir = path.join(tmp, 'has-model');
    await mkdir(dir);
    await writeFile(path.join(dir, 'model.onnx'), 'the user’s own model');
    const before = await snapshot(dir);
    expectRefused(await runCli(['init', model(), '--preset', 'digits', '-o', dir, '--force']), dir, /model\.onnx/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('never writes through a model.onnx symlink that points outside', async () => {
    const dir = path.join(tmp, 'has-link');
    await mkdir(dir);
    await symlink(path.join(outside, 'model.onnx'), path.join(dir, 'model.onnx'));
    const before = { dir: await snapshot(dir), outside: await snapshot(outside) };
    expectRefused(await runCli(['init', model(), '--preset', 'digits', '-o', dir, '--force']), dir, /model\.onnx/);
    expect({ dir: await snapshot(dir), outside: await snapshot(outside) }).toEqual(before);
  });

  it('on a full disk names the path and "no space", and leaves no folder behind', async () => {
    await disk.fill(64 * 1024);
    const before = await snapshot(disk.dir);
    const dir = path.join(disk.dir, 'project');
    expectRefused(await runCli(['init', model(), '--preset', 'digits', '-o', dir]), dir, /: no space left on the device \(ENOSPC\)$/);
    expect(await snapshot(disk.dir)).toEqual(before);
    await rm(path.join(disk.dir, 'filler'));
  });

  it('replaces a project it wrote with --force, keeping nothing of the old one', async () => {
    const dir = path.join(tmp, 'again');
    expect((await runCli(['init', model(), '--preset', 'digits', '-o', dir])).code).toBe(0);
    expectRefused(await runCli(['init', model(), '-o', dir]), dir, /already exists \(use --force/);
    const forced = await runCli(['init', model(), '--preset', 'digits', '--version', '2.0.0', '-o', dir, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([MARKER_FILE, 'craneml.json', 'model.onnx']);
  });

  it('ends at once on --labels /dev/urandom, with one line naming it', async () => {
    const result = await runCli(['init', model(), '--labels', '/dev/urandom', '-o', path.join(tmp, 'never')]);
    expectRefused(result, '/dev/urandom', /the labels file must be a regular file/);
    expect(await readdir(tmp)).not.toContain('never');
  });
});
