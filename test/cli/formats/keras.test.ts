/**
 * Keras .h5 and .keras files (made by real Keras, scripts/make_keras_fixtures.py) served without
 * Python: inspect → init → serve → /predict and V2 match Keras's own predictions within 1e-4.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel, type ModelInfo } from '../../../main/formats/index.ts';
import { initProject } from '../../../main/project.ts';
import { startServer } from '../../../templates/runtime-node/src/server.ts';
import { runCli } from '../../helpers/cli.ts';
import { postJson, serve } from '../../runtime/helpers.ts';

const DIR = 'test/fixtures/keras';
const TOLERANCE = 1e-4;

interface Expected {
  keras_version: string;
  models: Record<string, { inputs: number[][]; outputs: number[][] }>;
}

const flat = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flat) : [Number(value)]);
const shapeOf = (value: unknown): number[] => (Array.isArray(value) ? [value.length, ...shapeOf(value[0])] : []);

function maxDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

let tmp: string;
let expected: Expected;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-keras-'));
  expected = JSON.parse(await readFile(`${DIR}/predictions.json`, 'utf8')) as Expected;
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const cases = ['dense_classifier', 'cnn', 'depthwise', 'two_branch'].flatMap((name) => [`${name}.h5`, `${name}.keras`]);

/** Posts the fixed inputs to /predict and V2 and returns the max abs difference from Keras for each. */
async function compare(url: string, modelName: string, info: ModelInfo, name: string): Promise<{ native: number; v2: number }> {
  const { inputs, outputs } = expected.models[name]!;
  const output = info.outputs[0]!.name;
  const native = await postJson(`${url}/predict`, { instances: inputs });
  expect(native.status, JSON.stringify(native.body)).toBe(200);
  const got = native.body.predictions.flatMap((p: { outputs: Record<string, { data: number[] }> }) => p.outputs[output]!.data);
  const v2 = await postJson(`${url}/v2/models/${modelName}/infer`, {
    inputs: [{ name: info.inputs[0]!.name, shape: shapeOf(inputs), datatype: 'FP32', data: flat(inputs) }],
  });
  expect(v2.status, JSON.stringify(v2.body)).toBe(200);
  return { native: maxDiff(got, flat(outputs)), v2: maxDiff(flat(v2.body.outputs[0].data), flat(outputs)) };
}

describe('Keras models', () => {
  it('dense_classifier.h5 through the CLI: inspect, init, serve; /predict and V2 match Keras within 1e-4', async () => {
    const inspected = await runCli(['inspect', `${DIR}/dense_classifier.h5`, '--json']);
    expect(inspected.code, inspected.stderr).toBe(0);
    const info = JSON.parse(inspected.stdout) as ModelInfo;
    expect(info).toMatchObject({ format: 'keras', inputs: [{ shape: [-1, 6] }], outputs: [{ shape: [-1, 4] }] });
    const project = path.join(tmp, 'dense-cli');
    const init = await runCli(['init', `${DIR}/dense_classifier.h5`, '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    const served = await serve(project);
    try {
      const diff = await compare(served.url, 'dense_classifier', info, 'dense_classifier');
      expect(diff.native).toBeLessThan(TOLERANCE);
      expect(diff.v2).toBeLessThan(TOLERANCE);
    } finally {
      await served.stop();
    }
  });

  // The same steps in this process (inspectModel, initProject, the runtime's startServer): one TF.js start for all.
  it.each(cases)('%s: inspect, init, serve; /predict and V2 match Keras within 1e-4', async (file) => {
    const name = file.replace(/\.(h5|keras)$/, '');
    const info = await inspectModel(`${DIR}/${file}`);
    expect(info.format).toBe('keras');
    expect(info.inputs[0]!.shape).toEqual([-1, ...shapeOf(expected.models[name]!.inputs).slice(1)]);
    const project = await initProject(`${DIR}/${file}`, path.join(tmp, file.replace('.', '-')));
    expect(project.manifest.format).toBe('keras');
    const server = await startServer({ project: project.dir, port: 0, host: '127.0.0.1', log: false });
    try {
      await server.ready;
      const diff = await compare(server.url, project.manifest.name, info, name);
      expect(diff.native).toBeLessThan(TOLERANCE);
      expect(diff.v2).toBeLessThan(TOLERANCE);
      console.log(
        `${file}: max abs diff vs Keras ${expected.keras_version}: /predict ${diff.native.toExponential(2)}, V2 ${diff.v2.toExponential(2)}`,
      );
    } finally {
      await server.shutdown();
    }
  });
});

describe('Keras files CraneML cannot serve', () => {
  async function expectOneLine(file: string, pattern: RegExp): Promise<void> {
    // init reads the model through the same inspect step, so inspect stands for both.
    for (const command of ['inspect']) {
      const result = await runCli([command, file]);
      expect(result.code, `${command} ${file}`).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    }
  }

  it('says a truncated .h5 is truncated, in one line', async () => {
    const bytes = await readFile(`${DIR}/cnn.h5`);
    const file = path.join(tmp, 'truncated.h5');
    await writeFile(file, bytes.subarray(0, 5000));
    await expectOneLine(file, /truncated: 5000 of its \d+ bytes are there/);
  });

  it('says a .keras zip without weights has none', async () => {
    const file = path.join(tmp, 'no-weights.keras');
    const config = zipSync({ 'config.json': new Uint8Array(Buffer.from('{"class_name": "Sequential", "config": {"layers": []}}')) });
    await writeFile(file, config);
    await expectOneLine(file, /a \.keras archive without model\.weights\.h5/);
  });

  // A custom layer (custom_layer.h5 and .keras): test/cli/inspect-unsupported-layer.test.ts runs the
  // same inspect and asserts the same one line, exit 2, and what it prints before.
});
