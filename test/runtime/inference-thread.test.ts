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
import { inferenceSettings, modelLoader } from '../../templates/runtime-node/src/inference/settings.ts';
import { SplitModel } from '../../templates/runtime-node/src/inference/split.ts';
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

describe('short calls on the event loop, long ones in the thread', () => {
  // 50 ms: one digit takes well under a millisecond, 2,048 of them hundreds, however busy the machine.
  const INLINE_MS = 50;
  let split: SplitModel;
  let alone = true;
  const splitModel = async () =>
    new SplitModel(await ThreadModel.load(MODEL, { intraOp: 1 }), await loadOnnx(MODEL, { intraOp: 1 }), {
      inlineMs: INLINE_MS,
      alone: () => alone,
    });

  beforeAll(async () => {
    split = await splitModel();
  });

  afterAll(() => split?.dispose());

  it('sends a call to the thread until one has been timed, then runs a short one here, answering the same', async () => {
    const threadOnly = await split.run(batch(3));
    expect(split.calls).toEqual({ here: 0, thread: 1 });
    const answer = await split.run(batch(3));
    expect(split.calls).toEqual({ here: 1, thread: 1 });
    expect(Array.from(answer.logits!.data as Float32Array)).toEqual(Array.from(threadOnly.logits!.data as Float32Array));
  });

  it('sends a long call to the thread and keeps the event loop turning while it runs', async () => {
    await expect.poll(async () => (await split.run(batch(1)), split.calls.here)).toBeGreaterThan(0);
    const inThread = split.calls.thread;
    let answered = false;
    const call = split.run(batch(2048)).then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    await call;
    expect(split.calls.thread).toBe(inThread + 1);
  });

  it('sends a short call to the thread while the server holds other requests', async () => {
    await expect.poll(async () => (await split.run(batch(1)), split.calls.here)).toBeGreaterThan(0);
    const { here, thread: inThread } = split.calls;
    alone = false;
    try {
      await split.run(batch(1));
    } finally {
      alone = true;
    }
    expect(split.calls).toEqual({ here, thread: inThread + 1 });
    await split.run(batch(1));
    expect(split.calls).toEqual({ here: here + 1, thread: inThread + 1 });
  });

  it('refuses a call after it is released', async () => {
    const released = await splitModel();
    await released.dispose();
    await expect(released.run(batch(1))).rejects.toThrow(/released/);
  });
});

describe("the model server's loader", () => {
  it('runs an ONNX model in a thread, its short calls here when alone, or all on the event loop when CRANEML_INFERENCE_THREAD=0', async () => {
    const project = await digitsProject();
    cleanup.push(project);
    const threaded = await Predictor.open(project, {}, modelLoader({ thread: true, intraOp: 1, inlineMs: 0 }));
    const split = await Predictor.open(
      project,
      {},
      modelLoader({ thread: true, intraOp: 1, inlineMs: 1 }, () => true),
    );
    const inline = await Predictor.open(project, {}, modelLoader({ thread: false, intraOp: 1, inlineMs: 1 }));
    try {
      expect(threaded.model).toBeInstanceOf(ThreadModel);
      expect(split.model).toBeInstanceOf(SplitModel);
      expect(inline.model).not.toBeInstanceOf(ThreadModel);
      expect(inline.model).not.toBeInstanceOf(SplitModel);
      const sample = { input: { dtype: 'float32' as const, dims: [1, 28, 28], data: new Float32Array(784).fill(0.25) } };
      const answer = await inline.predict([sample]);
      expect(await threaded.predict([sample])).toEqual(answer);
      expect(await split.predict([sample])).toEqual(answer);
    } finally {
      await Promise.all([threaded.close(), split.close(), inline.close()]);
    }
  });

  it('reads CRANEML_INLINE_CALL_MS: 1 ms unless set, 0 for every call in the thread', () => {
    expect(inferenceSettings({}, 2).inlineMs).toBe(1);
    expect(inferenceSettings({ CRANEML_INLINE_CALL_MS: '0' }, 2).inlineMs).toBe(0);
    expect(() => inferenceSettings({ CRANEML_INLINE_CALL_MS: '-1' }, 2)).toThrow(/CRANEML_INLINE_CALL_MS must be a whole number/);
  });
});
