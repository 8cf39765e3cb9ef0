/**
 * TF.js models written by the Python tensorflowjs converter (scripts/make_tfjs_fixtures.py), checked
 * against the outputs Keras computed for the same inputs (expected.json beside each model).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel, loadModel, type Tensor } from '../../../main/formats/index.ts';
import { runCli } from '../../helpers/cli.ts';

interface ExpectedTensor {
  shape: number[];
  data: number[];
}

interface Expected {
  tolerance: number;
  cases: { inputs: Record<string, ExpectedTensor>; outputs: Record<string, ExpectedTensor> }[];
}

const fixtures = 'test/fixtures/tfjs';
const graphModel = `${fixtures}/keras_savedmodel_graph/model.json`;
const layersModel = `${fixtures}/keras_layers/model.json`;

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-tfjs-converter-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function readExpected(modelJson: string): Promise<Expected> {
  return JSON.parse(await readFile(path.join(path.dirname(modelJson), 'expected.json'), 'utf8')) as Expected;
}

function feedsOf(inputs: Record<string, ExpectedTensor>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, t]) => [name, { dtype: 'float32', dims: t.shape, data: new Float32Array(t.data) }]),
  );
}

function maxAbsDifference(actual: ArrayLike<number>, expected: number[]): number {
  return expected.reduce((max, value, i) => Math.max(max, Math.abs(Number(actual[i]) - value)), 0);
}

/** [1, 2, 3, 4] with shape [2, 2] → [[1, 2], [3, 4]] */
function nest(data: number[], shape: number[]): unknown {
  if (shape.length === 0) return data[0];
  const [count, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: count! }, (_, i) => nest(data.slice(i * size, (i + 1) * size), rest));
}

/** One {"instances": [...]} entry per sample of the batch: a nested array, or an object when there are several inputs. */
function instancesOf(inputs: Record<string, ExpectedTensor>): unknown[] {
  const entries = Object.entries(inputs);
  const batch = entries[0]![1].shape[0]!;
  return Array.from({ length: batch }, (_, i) => {
    const sample = entries.map(([name, t]) => {
      const sampleShape = t.shape.slice(1);
      const size = sampleShape.reduce((a, b) => a * b, 1);
      return [name, nest(t.data.slice(i * size, (i + 1) * size), sampleShape)] as const;
    });
    return sample.length === 1 ? sample[0]![1] : Object.fromEntries(sample);
  });
}

async function expectReproduces(modelJson: string): Promise<void> {
  const expected = await readExpected(modelJson);
  const model = await loadModel(modelJson);
  try {
    for (const [i, { inputs, outputs }] of expected.cases.entries()) {
      const actual = await model.run(feedsOf(inputs));
      expect(Object.keys(actual)).toEqual(Object.keys(outputs));
      for (const [name, want] of Object.entries(outputs)) {
        expect(actual[name]!.dims).toEqual(want.shape);
        const difference = maxAbsDifference(actual[name]!.data as Float32Array, want.data);
        expect(difference, `case ${i}, output "${name}"`).toBeLessThanOrEqual(expected.tolerance);
      }
    }
  } finally {
    await model.dispose();
  }
}

/** `craneml init` then `craneml predict --json` on the last expected case; returns the manifest. */
async function initAndPredict(modelJson: string, project: string): Promise<Record<string, unknown>> {
  const init = await runCli(['init', modelJson, '-o', project, '--force']);
  expect(init.code, init.stderr).toBe(0);
  const expected = await readExpected(modelJson);
  const { inputs, outputs } = expected.cases.at(-1)!;
  const instancesFile = path.join(project, 'instances.json');
  await writeFile(instancesFile, JSON.stringify({ instances: instancesOf(inputs) }));
  const predict = await runCli(['predict', project, '--json', instancesFile, '-o', 'json']);
  expect(predict.code, predict.stderr).toBe(0);
  const { predictions } = JSON.parse(predict.stdout) as { predictions: { outputs: Record<string, { shape: number[]; data: number[] }> }[] };
  for (const [name, want] of Object.entries(outputs)) {
    const perSample = want.data.length / want.shape[0]!;
    expect(predictions).toHaveLength(want.shape[0]!);
    predictions.forEach((p, i) => {
      expect(p.outputs[name]!.shape).toEqual(want.shape.slice(1));
      const difference = maxAbsDifference(p.outputs[name]!.data, want.data.slice(i * perSample, (i + 1) * perSample));
      expect(difference, `sample ${i}, output "${name}"`).toBeLessThanOrEqual(expected.tolerance);
    });
  }
  return JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as Record<string, unknown>;
}

describe('a Keras SavedModel converted with tensorflowjs_converter --input_format=tf_saved_model', () => {
  it('is a graph model whose inputs and outputs carry the signature names, dtypes and shapes', async () => {
    const info = await inspectModel(graphModel);
    expect(info.format).toBe('tfjs');
    expect(info.metadata).toMatchObject({ model_kind: 'graph-model', converted_by: expect.stringMatching(/^TensorFlow\.js Converter v4/) });
    expect(info.inputs).toEqual([{ name: 'image', dtype: 'float32', shape: [-1, 28, 28, 1] }]);
    expect(info.outputs).toEqual([{ name: 'output_0', dtype: 'float32', shape: [-1, 10] }]);
  });

  it('reproduces the outputs Keras computed, in process', async () => {
    await expectReproduces(graphModel);
  });

  it('goes through craneml init (an NHWC image input, top 3 of 10 classes) and predict --json', async () => {
    const manifest = await initAndPredict(graphModel, path.join(tmp, 'graph'));
    expect(manifest.input).toMatchObject({ kind: 'image', tensor: 'image', layout: 'NHWC', width: 28, height: 28, channels: 1 });
    expect(manifest.postprocess).toMatchObject({ top_k: 3 });
  }, 120_000);
});

describe('a Keras 2 (tf_keras) model saved with tensorflowjs.converters.save_keras_model', () => {
  it('is a layers model with its two named inputs and named output', async () => {
    const info = await inspectModel(layersModel);
    expect(info.format).toBe('tfjs');
    expect(info.metadata).toMatchObject({ model_kind: 'layers-model', generated_by: expect.stringMatching(/^keras v2\./) });
    expect(info.inputs).toEqual([
      { name: 'features', dtype: 'float32', shape: [-1, 4] },
      { name: 'extra', dtype: 'float32', shape: [-1, 2] },
    ]);
    expect(info.outputs).toEqual([{ name: 'scores', dtype: 'float32', shape: [-1, 3] }]);
  });

  it('reproduces the outputs Keras computed, in process', async () => {
    await expectReproduces(layersModel);
  });

  it('goes through craneml init (tensor input) and predict --json with an object per instance', async () => {
    const manifest = await initAndPredict(layersModel, path.join(tmp, 'layers'));
    expect(manifest.input).toEqual({ kind: 'tensor' });
  }, 120_000);
});

describe('a Keras 3 model saved with save_keras_model', () => {
  it('is refused with the ways to convert it that TF.js can read', async () => {
    await expect(inspectModel(`${fixtures}/keras3_layers/model.json`)).rejects.toMatchObject({
      code: 'MODEL_FORMAT',
      message: expect.stringMatching(/Keras 3\.\d+\.\d+ model.*tf_keras.*--input_format=tf_saved_model/),
    });
  });
});
