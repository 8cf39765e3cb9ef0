/** Reading stays inside the model's folder: every file a model names resolves (links followed) to a regular file in it. */
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel, loadModel } from '../../../main/formats/index.ts';
import { writeGraphModel } from '../../helpers/tfjs-models.ts';

const EXTERNAL = path.resolve('test/fixtures/onnx/torch_dynamo_external');
let root: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'craneml-contained-'));
  outside = path.join(root, 'outside');
  await mkdir(outside);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A bare TF.js folder whose weights.bin is a symlink to a copy of its own weights outside the folder. */
async function tfjsWithOutsideShard(name: string): Promise<{ dir: string; file: string }> {
  const dir = path.join(root, name);
  const file = await writeGraphModel(dir);
  const target = path.join(outside, `${name}-weights.bin`);
  await copyFile(path.join(dir, 'weights.bin'), target);
  await rm(path.join(dir, 'weights.bin'));
  await symlink(target, path.join(dir, 'weights.bin'));
  return { dir, file };
}

/** A graph model folder whose model.json names `shard` as its only weights file. */
async function tfjsNaming(name: string, shard: string): Promise<string> {
  const file = await writeGraphModel(path.join(root, name));
  const json = JSON.parse(await readFile(file, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  json.weightsManifest[0]!.paths = [shard];
  await writeFile(file, JSON.stringify(json));
  return file;
}

describe("files a model names stay inside the model's folder", () => {
  it('refuses a TF.js weight shard that is a symlink out of the folder, naming the path, for inspect and load', async () => {
    const { dir, file } = await tfjsWithOutsideShard('shard-link');
    const refused = {
      code: 'MODEL_FILES',
      message: `${path.join(dir, 'weights.bin')}: the weights shard "weights.bin" leads outside the model's folder ${dir}; copy the file into the folder`,
    };
    await expect(inspectModel(file)).rejects.toMatchObject(refused);
    await expect(inspectModel(dir)).rejects.toMatchObject(refused);
    await expect(loadModel(file)).rejects.toMatchObject(refused);
  });

  it("refuses an ONNX model's external data file that is a symlink out of the folder", async () => {
    const dir = path.join(root, 'onnx-link');
    await mkdir(dir);
    await copyFile(path.join(EXTERNAL, 'model.onnx'), path.join(dir, 'model.onnx'));
    await copyFile(path.join(EXTERNAL, 'model.onnx.data'), path.join(outside, 'model.onnx.data'));
    await symlink(path.join(outside, 'model.onnx.data'), path.join(dir, 'model.onnx.data'));
    await expect(inspectModel(path.join(dir, 'model.onnx'))).rejects.toMatchObject({
      code: 'MODEL_FILES',
      message: expect.stringMatching(/model\.onnx\.data: the external data file "model\.onnx\.data" leads outside the model's folder/),
    });
  });

  it('accepts a shard that is a symlink staying inside the folder, and reads through it', async () => {
    const file = await writeGraphModel(path.join(root, 'inner-link'));
    const dir = path.dirname(file);
    await mkdir(path.join(dir, 'store'));
    await copyFile(path.join(dir, 'weights.bin'), path.join(dir, 'store', 'w.bin'));
    await rm(path.join(dir, 'weights.bin'));
    await symlink(path.join('store', 'w.bin'), path.join(dir, 'weights.bin'));
    const model = await loadModel(file);
    const out = await model.run({ x: { dtype: 'float32', dims: [1, 3], data: new Float32Array([2, 3, 5]) } });
    expect(Array.from(out[model.info.outputs[0]!.name]!.data as Float32Array)).toEqual([7, 8]);
    await model.dispose();
  });

  it.each([
    ['a name climbing with ..', '../outside/w.bin', /"\.\.\/outside\/w\.bin" climbs with '\.\.', which leads outside/],
    ['an absolute path', '/etc/hostname', /"\/etc\/hostname" is an absolute path, which leads outside/],
    ['a NUL character', 'weights.bin\0.txt', /holds a NUL character/],
    ['a Windows climb', '..\\w.bin', /climbs with '\.\.'/],
  ])('refuses %s in a shard name before touching the file system', async (_what, shard, message) => {
    const file = await tfjsNaming(`name-${shard.length}-${shard.charCodeAt(0)}`, shard);
    await expect(inspectModel(file)).rejects.toMatchObject({ code: 'MODEL_FILES', message: expect.stringMatching(message) });
  });

  it('refuses a shard that is a directory, and keeps a missing shard MODEL_CORRUPT with where it was expected', async () => {
    const dirShard = await tfjsNaming('dir-shard', 'sub');
    await mkdir(path.join(path.dirname(dirShard), 'sub'));
    await expect(inspectModel(dirShard)).rejects.toMatchObject({
      code: 'MODEL_FILES',
      message: expect.stringMatching(/"sub" is a directory, not a regular file/),
    });
    const missing = await tfjsNaming('missing-shard', 'gone.bin');
    await expect(inspectModel(missing)).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: `${missing}: its weights shard "gone.bin" is missing (expected at ${path.join(path.dirname(missing), 'gone.bin')})`,
    });
  });

  it('refuses a folder whose model file is a symlink out of it: the user named the folder, not the file', async () => {
    const dir = path.join(root, 'entry-link');
    await mkdir(dir);
    await copyFile('assets/examples/digits/model.onnx', path.join(outside, 'entry.onnx'));
    await symlink(path.join(outside, 'entry.onnx'), path.join(dir, 'model.onnx'));
    await expect(inspectModel(dir)).rejects.toMatchObject({
      code: 'MODEL_FILES',
      message: `${path.join(dir, 'model.onnx')}: leads outside the model's folder ${dir}; copy the model file into the folder`,
    });
  });

  it('follows a model file the user named even as a symlink, but takes its companions only from beside the name', async () => {
    // The link's target folder holds the real weights; the named folder holds none: refused as missing there.
    const target = await writeGraphModel(path.join(outside, 'linked-target'));
    const named = path.join(root, 'named-link');
    await mkdir(named);
    await symlink(target, path.join(named, 'model.json'));
    await expect(inspectModel(path.join(named, 'model.json'))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringContaining(`(expected at ${path.join(named, 'weights.bin')})`),
    });
    // With the weights beside the name, the named link is followed.
    await copyFile(path.join(path.dirname(target), 'weights.bin'), path.join(named, 'weights.bin'));
    const info = await inspectModel(path.join(named, 'model.json'));
    expect(info.entry).toBe(path.join(named, 'model.json'));
    expect(info.files.map((f) => f.path)).toEqual(['model.json', 'weights.bin']);
  });
});
