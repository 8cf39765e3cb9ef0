/** Dropped model files through the core as the app sends them: complete sets are inspected, broken ones get the core's one-line error naming the file. */
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCraneCore, type CraneCore } from '../../../main/api/crane-core.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import { StagingArea } from '../../../main/api/staging.ts';
import type { FileUpload } from '../../../main/shared/crane-api.ts';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';

const EXTERNAL = 'test/fixtures/onnx/torch_dynamo_external';
const TFJS = 'test/fixtures/tfjs/keras_layers';
let core: CraneCore;
let config: TempDir;

async function upload(file: string, name = path.basename(file)): Promise<FileUpload> {
  return { name, bytes: new Uint8Array(await readFile(file)) };
}

async function failure(files: FileUpload[]): Promise<{ code: string; message: string }> {
  try {
    await core.handlers.stageModel({ files });
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('the files were accepted');
}

beforeAll(async () => {
  config = await tempDir('staging');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
});

afterAll(async () => {
  await core.close();
  await config.remove();
});

describe('staging dropped model files', () => {
  it('inspects an ONNX model dropped with its external weights, and a TF.js model.json with its shard', async () => {
    const onnx = await core.handlers.stageModel({
      files: [await upload(`${EXTERNAL}/model.onnx`), await upload(`${EXTERNAL}/model.onnx.data`)],
    });
    expect(onnx).toMatchObject({ format: 'onnx', fileName: 'model.onnx', inputs: [{ name: 'features', shape: [-1, 4] }] });
    expect(onnx.files.map((f) => f.path).sort()).toEqual(['model.onnx', 'model.onnx.data']);
    const tfjs = await core.handlers.stageModel({
      files: [await upload(`${TFJS}/model.json`), await upload(`${TFJS}/group1-shard1of1.bin`)],
    });
    expect(tfjs.format).toBe('tfjs');
  });

  it('names the missing weights file of an incomplete drop, without the temporary folder', async () => {
    const onnx = await failure([await upload(`${EXTERNAL}/model.onnx`)]);
    expect(onnx.code).toMatch(/^MODEL_(CORRUPT|FILES)$/);
    expect(onnx.message).toMatch(/model\.onnx\.data/);
    expect(onnx.message).not.toMatch(/craneml-stage-/);
    const tfjs = await failure([await upload(`${TFJS}/model.json`)]);
    expect(tfjs.code).toMatch(/^MODEL_(CORRUPT|FILES)$/);
    expect(tfjs.message).toMatch(/group1-shard1of1\.bin/);
  });

  it('refuses a corrupt model and a file that is no model, naming the file', async () => {
    const bytes = new Uint8Array(await readFile('assets/examples/digits/model.onnx')).slice(0, 4000);
    expect(await failure([{ name: 'cut.onnx', bytes }])).toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(/^cut\.onnx: /),
    });
    const text = { name: 'notes.onnx', bytes: new TextEncoder().encode('not a model at all') };
    expect(await failure([text])).toMatchObject({ code: 'MODEL_FORMAT', message: expect.stringMatching(/^notes\.onnx: /) });
  });

  it('refuses two files of the same name', async () => {
    const file = await upload(`${EXTERNAL}/model.onnx`);
    expect((await failure([file, file])).code).toBe('USAGE');
  });
});

describe('closing while a model is being staged', () => {
  it('waits for the staging under way and removes its folder too, then refuses new ones', async () => {
    const area = new StagingArea();
    let folder = '';
    let letGo = (): void => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const staging = area.stageWith(async (dir) => {
      folder = dir;
      await copyFile(`${EXTERNAL}/model.onnx`, path.join(dir, 'model.onnx'));
      await copyFile(`${EXTERNAL}/model.onnx.data`, path.join(dir, 'model.onnx.data'));
      await held;
      return ['model.onnx', 'model.onnx.data'];
    });
    await vi.waitFor(() => expect(folder).not.toBe(''));
    const closing = area.dispose();
    letGo();
    await Promise.allSettled([staging]);
    await closing;
    expect(existsSync(folder)).toBe(false);
    expect(area.folders()).toEqual([]);
    await expect(area.stageWith(async () => ['model.onnx'])).rejects.toMatchObject({ code: 'USAGE' });
  });
});
