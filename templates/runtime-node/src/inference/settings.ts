/**
 * Where the model runs, read from the environment like settings.ts: CRANEML_INFERENCE_THREAD=0 keeps
 * an ONNX model on the event loop (default 1: a thread of its own, see thread.ts);
 * CRANEML_INLINE_CALL_MS: a call expected to take at most this long runs on the event loop all the
 * same when its request is the only one in the server (default 1; 0 sends every call to the
 * thread; see split.ts);
 * CRANEML_INTRA_OP_THREADS sets the threads one onnxruntime call uses (default: the cgroup's CPUs
 * but one, at least one: the event loop keeps a CPU to read and answer requests while a batch runs).
 */
import { CraneError } from '../../../../main/errors.ts';
import { loadModel } from '../../../../main/formats/index.ts';
import type { ModelLoader } from '../../../../main/inference/predictor.ts';
import { cpuLimit } from '../codec/cgroup.ts';
import { SplitModel } from './split.ts';
import { ThreadModel } from './thread.ts';

// A model's calls may run on the event loop only when holding it twice costs little. A call under a
// millisecond reads a few million weights at most: the models it is for are small.
const MAX_BYTES_HELD_TWICE = 16 * 1024 * 1024;

export interface InferenceSettings {
  /** Run an ONNX model in its own thread. */
  thread: boolean;
  /** onnxruntime's intra-op threads per call, the calling thread included; 0: onnxruntime's default. */
  intraOp: number;
  /** With a thread: calls expected to take at most this many ms run on the event loop; 0: none. */
  inlineMs: number;
}

function count(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CraneError('USAGE', `${name} must be a whole number, 0 or more, got "${value}"`);
  return n;
}

/** @example inferenceSettings({ CRANEML_INFERENCE_THREAD: '0' }).thread // false */
export function inferenceSettings(env: NodeJS.ProcessEnv = process.env, cpus = cpuLimit()): InferenceSettings {
  return {
    thread: (count(env, 'CRANEML_INFERENCE_THREAD') ?? 1) > 0,
    intraOp: count(env, 'CRANEML_INTRA_OP_THREADS') ?? Math.max(1, Math.floor(cpus) - 1),
    inlineMs: count(env, 'CRANEML_INLINE_CALL_MS') ?? 1,
  };
}

/**
 * The server's model loader: ONNX in a thread of its own when the settings say so, its short calls
 * on the event loop while `alone()` says the server holds no other request (a model of at most
 * 16 MiB; split.ts), any other format here.
 */
export function modelLoader(settings: InferenceSettings = inferenceSettings(), alone: () => boolean = () => false): ModelLoader {
  return async (entry, manifest) => {
    if (!settings.thread || manifest.format !== 'onnx') return loadModel(entry);
    const threads = { intraOp: settings.intraOp };
    const thread = await ThreadModel.load(entry, threads);
    if (settings.inlineMs === 0 || thread.info.sizeBytes > MAX_BYTES_HELD_TWICE) return thread;
    // The copy here loads before the server is ready: loading holds the event loop, and would hold
    // a user's request. Imported here, not at the top: a TF.js or Keras model's server never loads
    // onnxruntime. Should it fail where the thread's did not, the thread takes every call.
    const here = await import('../../../../main/formats/onnx.ts').then(({ loadOnnx }) => loadOnnx(entry, threads)).catch(() => undefined);
    return here ? new SplitModel(thread, here, { inlineMs: settings.inlineMs, alone }) : thread;
  };
}
