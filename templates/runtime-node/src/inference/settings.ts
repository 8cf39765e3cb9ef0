/**
 * Where the model runs, read from the environment like settings.ts: CRANEML_INFERENCE_THREAD=0 keeps
 * an ONNX model on the event loop (default 1: a thread of its own, see thread.ts);
 * CRANEML_INTRA_OP_THREADS sets the threads one onnxruntime call uses (default: the cgroup's CPUs
 * but one, at least one: the event loop keeps a CPU to read and answer requests while a batch runs).
 */
import { loadModel } from '../../../../main/formats/index.ts';
import type { ModelLoader } from '../../../../main/inference/predictor.ts';
import { cpuLimit } from '../codec/cgroup.ts';
import { ThreadModel } from './thread.ts';

export interface InferenceSettings {
  /** Run an ONNX model in its own thread. */
  thread: boolean;
  /** onnxruntime's intra-op threads per call, the calling thread included; 0: onnxruntime's default. */
  intraOp: number;
}

function count(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, 0 or more, got "${value}"`);
  return n;
}

/** @example inferenceSettings({ CRANEML_INFERENCE_THREAD: '0' }).thread // false */
export function inferenceSettings(env: NodeJS.ProcessEnv = process.env, cpus = cpuLimit()): InferenceSettings {
  return {
    thread: (count(env, 'CRANEML_INFERENCE_THREAD') ?? 1) > 0,
    intraOp: count(env, 'CRANEML_INTRA_OP_THREADS') ?? Math.max(1, Math.floor(cpus) - 1),
  };
}

/** The server's model loader: ONNX in a thread of its own when the settings say so, any other format here. */
export function modelLoader(settings: InferenceSettings = inferenceSettings()): ModelLoader {
  return (entry, manifest) =>
    settings.thread && manifest.format === 'onnx' ? ThreadModel.load(entry, { intraOp: settings.intraOp }) : loadModel(entry);
}
