/**
 * Files dropped in the desktop app go as paths: the preload bridge (over a fake IPC pair) turns the page's
 * File objects into their paths with webUtils, the adapter validates them, and the real core copies the files.
 */
import { lstat, readdir, readFile, symlink, writeFile, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { callChannel } from '../../main/electron/ipc-channels.ts';
import type { IpcRendererLike } from '../../main/electron/preload-bridge.ts';
import type { CraneApi } from '../../main/shared/crane-api.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { webUtils } from './fake-electron.ts';
import { fakeIpcBridge } from './fake-ipc-bridge.ts';

const ONNX = path.resolve('test/fixtures/onnx/torch_dynamo_external');
const TFJS = path.resolve('test/fixtures/tfjs/keras_layers');
let config: TempDir;
let core: CraneCore;
let api: CraneApi;
let ipcRenderer: IpcRendererLike;

/** A File as the page holds one the user dropped: no bytes in it here, so what is staged can only come from disk. */
const dropped = (file: string): File => webUtils.dropped(new File([], path.basename(file)), file);

/** The staging folders the core made (each test file has its own temp directory). */
async function stagingFolders(): Promise<string[]> {
  const names = (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-'));
  return names.map((name) => path.join(os.tmpdir(), name)).sort();
}

/** What the newest staging folder holds, as copies (regular files) with their bytes. */
async function stagedCopies(): Promise<Record<string, Buffer>> {
  const folders = await stagingFolders();
  const newest = (await Promise.all(folders.map(async (dir) => ({ dir, at: (await lstat(dir)).mtimeMs })))).sort((a, b) => b.at - a.at)[0]!;
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(newest.dir)) {
    if (name.startsWith('.craneml')) continue;
    expect((await lstat(path.join(newest.dir, name))).isFile()).toBe(true);
    files[name] = await readFile(path.join(newest.dir, name));
  }
  return files;
}

async function refusal(paths: unknown): Promise<{ code: string; message: string }> {
  const answer = (await ipcRenderer.invoke(callChannel('stageModelPaths'), { paths })) as { error?: { code: string; message: string } };
  if (!answer.error) throw new Error('the paths were accepted');
  return answer.error;
}

beforeAll(async () => {
  config = await tempDir('drop-paths');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: config.path });
  ({ api, ipcRenderer } = fakeIpcBridge(core));
});

afterAll(async () => {
  await core.close();
  await config.remove();
});

describe('files dropped in the desktop app, staged by path', () => {
  it('copies an .onnx with its .onnx.data into the staging folder', async () => {
    const staged = await api.stageDropped({ files: [dropped(`${ONNX}/model.onnx`), dropped(`${ONNX}/model.onnx.data`)] });
    expect(staged).toMatchObject({ format: 'onnx', fileName: 'model.onnx', inputs: [{ name: 'features', shape: [-1, 4] }] });
    const copies = await stagedCopies();
    expect(Object.keys(copies).sort()).toEqual(['model.onnx', 'model.onnx.data']);
    expect(copies['model.onnx']!.equals(await readFile(`${ONNX}/model.onnx`))).toBe(true);
    expect(copies['model.onnx.data']!.equals(await readFile(`${ONNX}/model.onnx.data`))).toBe(true);
  });

  it('copies a TF.js model.json with its weight shard', async () => {
    const staged = await api.stageDropped({ files: [dropped(`${TFJS}/model.json`), dropped(`${TFJS}/group1-shard1of1.bin`)] });
    expect(staged.format).toBe('tfjs');
    const copies = await stagedCopies();
    expect(Object.keys(copies).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(copies['group1-shard1of1.bin']!.equals(await readFile(`${TFJS}/group1-shard1of1.bin`))).toBe(true);
  });

  it('refuses, by the schema, a relative path, a climbing one and files from two folders', async () => {
    expect(await refusal(['model.onnx'])).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringMatching(/absolute path/) });
    expect(await refusal([`${ONNX}/../../../../etc/passwd`])).toMatchObject({
      code: 'BAD_ARGUMENTS',
      message: expect.stringMatching(/'\.\.'/),
    });
    expect(await refusal([`${ONNX}/model.onnx`, '/etc/passwd'])).toMatchObject({
      code: 'BAD_ARGUMENTS',
      message: expect.stringMatching(/one folder/),
    });
    expect(await refusal([])).toMatchObject({ code: 'BAD_ARGUMENTS' });
  });

  it('refuses a dropped file that links outside its folder, and stages nothing', async () => {
    const model = path.join(config.path, 'model');
    await mkdir(model);
    await copyFile(`${ONNX}/model.onnx`, path.join(model, 'model.onnx'));
    await writeFile(path.join(config.path, 'secret.txt'), 'host secret');
    await symlink(path.join(config.path, 'secret.txt'), path.join(model, 'model.onnx.data'));
    const before = await stagingFolders();
    const error = await api
      .stageDropped({ files: [dropped(path.join(model, 'model.onnx')), dropped(path.join(model, 'model.onnx.data'))] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_FILES', message: expect.stringMatching(/model\.onnx\.data.*leads outside/) });
    expect(await stagingFolders()).toEqual(before);
  });

  it('refuses a File that is not on this computer (made by script) without calling the core', async () => {
    const error = await api.stageDropped({ files: [new File([new Uint8Array([1])], 'model.onnx')] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringMatching(/from a folder of this computer/) });
  });
});
