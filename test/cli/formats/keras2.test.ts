/**
 * A Keras 2 `.h5` (tf-keras 2.21, scripts/make_keras2_fixtures.py: HDF5 with `model_config`, weights
 * under `model_weights/<layer>/<layer>/kernel:0`) served without Python: inspect → init → serve →
 * /predict and V2 match Keras 2's own predictions within 1e-4, and so does `craneml predict`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel } from '../../../main/formats/index.ts';
import { initProject } from '../../../main/project.ts';
import { startServer } from '../../../templates/runtime-node/src/server.ts';
import { runCli } from '../../helpers/cli.ts';
import { postJson } from '../../runtime/helpers.ts';

const FILE = 'test/fixtures/keras2/dense_classifier.h5';
const TOLERANCE = 1e-4;

interface Expected {
  keras_version: string;
  models: { dense_classifier: { inputs: number[][]; outputs: number[][] } };
}

let tmp: string;
let expected: Expected;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-keras2-'));
  expected = JSON.parse(await readFile('test/fixtures/keras2/predictions.json', 'utf8')) as Expected;
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function maxDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

describe('a Keras 2 .h5 Dense classifier', () => {
  it('is written by Keras 2', () => {
    expect(expected.keras_version).toMatch(/^2\./);
  });

  it('inspect reads its Keras 2 config: input [-1, 6], softmax output [-1, 4]', async () => {
    const info = await inspectModel(FILE);
    expect(info).toMatchObject({
      format: 'keras',
      inputs: [{ dtype: 'float32', shape: [-1, 6] }],
      outputs: [{ name: 'scores', dtype: 'float32', shape: [-1, 4] }],
      metadata: { keras_version: expected.keras_version, model_kind: 'Sequential', layers: 3 },
    });
  });

  it('init, serve: /predict and V2 match Keras 2 within 1e-4', async () => {
    const { inputs, outputs } = expected.models.dense_classifier;
    const project = await initProject(FILE, path.join(tmp, 'served'), { name: 'keras2-dense' });
    const input = project.manifest.signature.inputs[0]!.name;
    const server = await startServer({ project: project.dir, port: 0, host: '127.0.0.1', log: false });
    try {
      await server.ready;
      const native = await postJson(`${server.url}/predict`, { instances: inputs });
      expect(native.status, JSON.stringify(native.body)).toBe(200);
      const got = native.body.predictions.flatMap((p: { outputs: Record<string, { data: number[] }> }) => p.outputs.scores!.data);
      const v2 = await postJson(`${server.url}/v2/models/keras2-dense/infer`, {
        inputs: [{ name: input, shape: [inputs.length, 6], datatype: 'FP32', data: inputs.flat() }],
      });
      expect(v2.status, JSON.stringify(v2.body)).toBe(200);
      const diffs = { native: maxDiff(got, outputs.flat()), v2: maxDiff(v2.body.outputs[0].data, outputs.flat()) };
      console.log(
        `keras2 dense_classifier.h5: max abs diff vs Keras ${expected.keras_version}: /predict ${diffs.native.toExponential(2)}, V2 ${diffs.v2.toExponential(2)}`,
      );
      expect(diffs.native).toBeLessThan(TOLERANCE);
      expect(diffs.v2).toBeLessThan(TOLERANCE);
    } finally {
      await server.shutdown();
    }
  });

  it('labelled through the CLI: init --labels picks the softmax output without asking, and predict ranks like Keras 2', async () => {
    const { inputs, outputs } = expected.models.dense_classifier;
    const project = path.join(tmp, 'cli');
    const labels = path.join(tmp, 'labels.txt');
    await writeFile(labels, 'a\nb\nc\nd\n');
    const init = await runCli(['init', FILE, '-o', project, '--labels', labels]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/softmax off/);
    const predicted = await runCli(['predict', project, '--json', '-', '-o', 'json'], { input: JSON.stringify({ instances: inputs }) });
    expect(predicted.code, predicted.stderr).toBe(0);
    const answers = JSON.parse(predicted.stdout).predictions as { index: number; score: number }[];
    answers.forEach((answer, row) => {
      const scores = outputs[row]!;
      expect(answer.index).toBe(scores.indexOf(Math.max(...scores)));
      expect(Math.abs(answer.score - Math.max(...scores))).toBeLessThan(TOLERANCE);
    });
  });
});
