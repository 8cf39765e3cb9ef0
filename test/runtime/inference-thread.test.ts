/** The inference thread: the real digits model in a real worker thread, against the same model loaded here. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CraneError } from '../../main/errors.ts';
import { loadOnnx } from '../../main/formats/onnx.ts';
import type { LoadedModel, Tensor } from '../../main/formats/types.ts';
import { Predictor } from '../../main/inference/predictor.ts';
import { modelLoader } from '../../templates/runtime-node/src/inference/settings.ts';
import { spawnInferenceWorker, ThreadModel } from '../../templates/runtime-node/src/inference/thread.ts';
import { DIGITS, digitsProject } from './helpers.ts';

const MODEL = path.join(DIGITS, 'model.onnx');

/** `count` digits-shaped instances, each a different ramp, in one [count, 1, 28, 28] tensor. */
function batch(count: number): Record<string, Tensor> {
  const data = new Float32Array(count * 784).map((_, i) => (((i % 784) * (1 + Math.floor(i / 784))) % 255) / 255);
  return { input: { dtype: 'float32', dims: [count, 1, 28, 28], data } };
}

let thread: ThreadModel;
let here: LoadedModel;
const spawned: Worker[] = [];
const cleanup: string[] = [];

beforeAll(async () => {
  [thread, here] = await Promise.all([
    ThreadModel.load(MODEL, { intraOp: 1 }, (data) => {
      const worker = spawnInferenceWorker(data);
      spawned.push(worker);
      return worker;
    }),
    loadOnnx(MODEL),
  ]);
});

afterAll(async () => {
  await Promise.all([thread?.dispose(), here?.dispose()]);
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('inference thread', () => {
  it('describes and answers as the model loaded in this thread', async () => {
    expect(thread.info.inputs).toEqual(here.info.inputs);
    expect(thread.info.outputs).toEqual(here.info.outputs);
    const [off, on] = await Promise.all([thread.run(batch(5)), here.run(batch(5))]);
    expect(off.logits!.dims).toEqual([5, 10]);
    expect(Array.from(off.logits!.data as Float32Array)).toEqual(Array.from(on.logits!.data as Float32Array));
  });

  it('keeps the event loop turning while a batch runs', async () => {
    let answered = false;
    const call = thread.run(batch(256)).then(() => (answered = true));
    // onnxruntime-node runs a call inside a setImmediate of its own: on this thread, the whole batch
    // would run before the next turn of the loop, and the call would be answered by then.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    await call;
    expect(answered).toBe(true);
  });

  it("leaves the caller's tensors readable, a view into a larger buffer too", async () => {
    const body = Buffer.alloc(8 + 784 * 4);
    const view = new Float32Array(body.buffer, body.byteOffset + 8, 784).fill(0.5);
    const feeds: Record<string, Tensor> = { input: { dtype: 'float32', dims: [1, 1, 28, 28], data: view } };
    const first = await thread.run(feeds);
    expect(view.length).toBe(784);
    expect(body.length).toBe(8 + 784 * 4);
    // The same feeds again (a batch retried sample by sample) give the same answer.
    expect(Array.from((await thread.run(feeds)).logits!.data as Float32Array)).toEqual(Array.from(first.logits!.data as Float32Array));
  });

  it('fails only the call the model refuses, and answers the next', async () => {
    const wrong: Record<string, Tensor> = { input: { dtype: 'float32', dims: [1, 1, 28, 27], data: new Float32Array(756) } };
    const [refused, answered] = await Promise.allSettled([thread.run(wrong), thread.run(batch(2))]);
    expect(refused.status).toBe('rejected');
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(/dimensions/);
    expect(answered.status).toBe('fulfilled');
  });

  it('refuses a file that is not a model as loading it here would', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-thread-'));
    cleanup.push(dir);
    const file = path.join(dir, 'model.onnx');
    await writeFile(file, 'not a model');
    const [off, on] = await Promise.allSettled([ThreadModel.load(file), loadOnnx(file)]);
    expect(off.status).toBe('rejected');
    const reason = (off as PromiseRejectedResult).reason as CraneError;
    expect(reason).toBeInstanceOf(CraneError);
    expect(reason.code).toBe('MODEL_CORRUPT');
    expect(reason.message).toBe(((on as PromiseRejectedResult).reason as Error).message);
  });

  it('fails the calls of a thread that stopped, and starts another for the next call', async () => {
    const before = spawned.length;
    const lost = thread.run(batch(1));
    void spawned.at(-1)!.terminate();
    await expect(lost).rejects.toMatchObject({
      status: 503,
      code: 'NOT_READY',
      message: expect.stringMatching(/inference thread stopped/),
    });
    const next = await thread.run(batch(1));
    expect(next.logits!.dims).toEqual([1, 10]);
    expect(spawned.length).toBe(before + 1);
  });
});

describe("the model server's loader", () => {
  it('runs an ONNX model in a thread, or on the event loop when CRANEML_INFERENCE_THREAD=0', async () => {
    const project = await digitsProject();
    cleanup.push(project);
    const threaded = await Predictor.open(project, {}, modelLoader({ thread: true, intraOp: 1 }));
    const inline = await Predictor.open(project, {}, modelLoader({ thread: false, intraOp: 1 }));
    try {
      expect(threaded.model).toBeInstanceOf(ThreadModel);
      expect(inline.model).not.toBeInstanceOf(ThreadModel);
      const sample = { input: { dtype: 'float32' as const, dims: [1, 28, 28], data: new Float32Array(784).fill(0.25) } };
      expect(await threaded.predict([sample])).toEqual(await inline.predict([sample]));
    } finally {
      await Promise.all([threaded.close(), inline.close()]);
    }
  });
});
