import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel, loadModel } from '../../../main/formats/index.ts';
import { writeGraphModel, writeLayersModel } from '../../helpers/tfjs-models.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-tfjs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TF.js models', () => {
  it('inspects a layers model saved by TF.js, with a dynamic batch dimension', async () => {
    const file = await writeLayersModel(path.join(dir, 'layers'));
    const info = await inspectModel(file);
    expect(info.format).toBe('tfjs');
    expect(info.metadata.model_kind).toBe('layers-model');
    expect(info.inputs).toEqual([{ name: expect.any(String), dtype: 'float32', shape: [-1, 4] }]);
    expect(info.outputs[0]!.shape).toEqual([-1, 3]);
    expect(info.files.map((f) => f.path)).toEqual(['model.json', 'group1-shard1of1.bin']);
  });

  it('names inputs and outputs as saved, however often the process has loaded the same layers', async () => {
    const file = await writeLayersModel(path.join(dir, 'named'));
    const first = await inspectModel(file);
    const again = await inspectModel(file);
    const loaded = await loadModel(file);
    const saved = JSON.parse(await readFile(file, 'utf8')).modelTopology.config.layers as { config: { name: string } }[];
    for (const info of [first, again, loaded.info]) {
      expect(info.inputs.map((t) => t.name)).toEqual([`${saved[0]!.config.name}_input`]);
      expect(info.outputs.map((t) => t.name)).toEqual([saved.at(-1)!.config.name]);
    }
    await loaded.dispose();
  });

  it('runs a layers model in process on the wasm backend', async () => {
    const file = await writeLayersModel(path.join(dir, 'layers-run'));
    const model = await loadModel(path.dirname(file));
    const name = model.info.inputs[0]!.name;
    const out = await model.run({ [name]: { dtype: 'float32', dims: [2, 4], data: new Float32Array([1, 2, 3, 4, 0, 0, 0, 0]) } });
    const scores = Object.values(out)[0]!;
    expect(scores.dims).toEqual([2, 3]);
    const firstRow = Array.from(scores.data as Float32Array).slice(0, 3);
    expect(firstRow.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await model.dispose();
  });

  it('inspects and runs a graph model', async () => {
    const file = await writeGraphModel(path.join(dir, 'graph'));
    const model = await loadModel(file);
    expect(model.info.metadata.model_kind).toBe('graph-model');
    expect(model.info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [-1, 3] }]);
    const out = await model.run({ x: { dtype: 'float32', dims: [1, 3], data: new Float32Array([2, 3, 5]) } });
    expect(Array.from(out[model.info.outputs[0]!.name]!.data as Float32Array)).toEqual([7, 8]);
    await model.dispose();
  });

  it('names a missing weights shard', async () => {
    const file = await writeGraphModel(path.join(dir, 'missing'));
    await unlink(path.join(dir, 'missing', 'weights.bin'));
    await expect(inspectModel(file)).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('weights.bin') });
  });
});
