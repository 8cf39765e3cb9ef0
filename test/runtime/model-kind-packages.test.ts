/**
 * The model server loads what its model's kind needs and nothing heavier: no TF.js, h5wasm or sharp
 * for a tensor ONNX model, and for TF.js and Keras models TF.js's core, layers and converter without
 * the union package's tf.data, CPU and WebGL backends (13 MB of resident memory the server never used).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../main/project.ts';

const run = promisify(execFile);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-kind-packages-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The npm packages a server process loaded for the model, once it was ready. */
async function packagesServing(model: string): Promise<string[]> {
  const { dir } = await initProject(path.resolve(model), path.join(tmp, path.basename(path.dirname(model)) + path.extname(model)));
  const { stdout } = await run(process.execPath, ['bin/tsx.js', 'test/runtime/loaded-packages-child.ts', dir], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

const UNUSED_TFJS = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-data'];

describe('packages a model kind loads', () => {
  it('a tensor ONNX model: onnxruntime only, no TF.js, h5wasm or sharp', async () => {
    const packages = await packagesServing('test/fixtures/onnx/torch_mlp_dynamic.onnx');
    expect(packages).toContain('onnxruntime-node');
    expect(packages.filter((p) => p.startsWith('@tensorflow/') || p === 'h5wasm' || p.startsWith('@img/') || p === 'sharp')).toEqual([]);
  });

  it("a TF.js model: TF.js's core, layers, converter and WebAssembly backend, not the rest of the union package", async () => {
    const packages = await packagesServing('test/fixtures/tfjs/keras_layers/model.json');
    expect(packages).toEqual(expect.arrayContaining(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm']));
    expect(packages.filter((p) => UNUSED_TFJS.includes(p) || p === 'h5wasm' || p === 'onnxruntime-node' || p === 'sharp')).toEqual([]);
  });

  it('a Keras model: h5wasm and the same parts of TF.js', async () => {
    const packages = await packagesServing('test/fixtures/keras/dense_classifier.keras');
    expect(packages).toEqual(expect.arrayContaining(['h5wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']));
    expect(packages.filter((p) => UNUSED_TFJS.includes(p) || p === 'onnxruntime-node' || p === 'sharp')).toEqual([]);
  });
});
