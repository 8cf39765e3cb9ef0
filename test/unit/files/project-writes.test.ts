/** The app's createProject (writeProject) under the write rule, on the real file system with the digits model. */
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProject } from '../../../main/api/project-setup.ts';
import type { CraneError } from '../../../main/errors.ts';
import { MARKER_FILE } from '../../../main/files/owned-files.ts';
import { loadManifest, type Manifest } from '../../../main/manifest.ts';
import { DIGITS } from '../../runtime/helpers.ts';
import { snapshot } from './snapshot.ts';

let tmp = '';
let outside = '';
let staged = '';
let manifest: Manifest;

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as CraneError,
  );

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-project-writes-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'craneml-outside-'));
  await writeFile(path.join(outside, 'model.onnx'), 'a file outside');
  staged = path.join(tmp, 'staged');
  await mkdir(staged);
  await copyFile(path.join(DIGITS, 'model.onnx'), path.join(staged, 'model.onnx'));
  manifest = await loadManifest(DIGITS);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("the app's createProject", () => {
  it('refuses a folder holding a model.onnx of the user, even with Replace ticked', async () => {
    const dir = path.join(tmp, 'has-model');
    await mkdir(dir);
    await writeFile(path.join(dir, 'model.onnx'), 'the user’s own model');
    const before = await snapshot(tmp);
    const error = await refusal(writeProject(staged, manifest, dir, true));
    expect(error?.code).toBe('TARGET_REFUSED');
    expect(error?.message).toMatch(/not an earlier project of CraneML's \(model\.onnx\)/);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('never writes through a model.onnx symlink pointing outside', async () => {
    const dir = path.join(tmp, 'has-link');
    await mkdir(dir);
    await symlink(path.join(outside, 'model.onnx'), path.join(dir, 'model.onnx'));
    const before = { here: await snapshot(tmp), outside: await snapshot(outside) };
    expect((await refusal(writeProject(staged, manifest, dir, true)))?.code).toBe('TARGET_REFUSED');
    expect({ here: await snapshot(tmp), outside: await snapshot(outside) }).toEqual(before);
  });

  it('refuses the staging folder it reads from', async () => {
    const before = await snapshot(tmp);
    expect((await refusal(writeProject(staged, manifest, staged, true)))?.message).toMatch(/is what CraneML reads from here/);
    expect(await snapshot(tmp)).toEqual(before);
  });

  it('writes a new project, and replaces it only when Replace was confirmed', async () => {
    const dir = path.join(tmp, 'digits');
    expect((await writeProject(staged, manifest, dir, false)).name).toBe(manifest.name);
    expect((await readdir(dir)).sort()).toEqual([MARKER_FILE, 'craneml.json', 'model.onnx']);
    const again = await refusal(writeProject(staged, manifest, dir, false));
    expect(again?.message).toBe(`${dir} already exists (tick "Replace the project in this folder" to replace it)`);
    expect((await writeProject(staged, { ...manifest, version: '2.0.0' }, dir, true)).version).toBe('2.0.0');
  });
});
