/** One entry point over all formats: detect, inspect and load a model file or folder. */
import { ModelFormatError } from '../errors.ts';
import { detectModel } from './detect.ts';
import type { LoadedModel, ModelInfo } from './types.ts';

export type { LoadedModel, ModelInfo, Tensor, TensorData, ModelFormat } from './types.ts';
export { detectModel } from './detect.ts';

const LATER: Record<string, string> = {
  'keras-h5': 'a Keras .h5 (HDF5) model: supported later; convert it to ONNX (tf2onnx) or TF.js (tensorflowjs_converter) for now',
  'keras-zip': 'a Keras .keras model: supported later; convert it to ONNX (tf2onnx) or TF.js (tensorflowjs_converter) for now',
};

async function servableFile(target: string): Promise<{ format: 'onnx' | 'tfjs'; file: string }> {
  const found = await detectModel(target);
  if (found.format === 'onnx' || found.format === 'tfjs') return { format: found.format, file: found.file };
  throw new ModelFormatError(`${found.file}: ${LATER[found.format]}`);
}

/** Inspects any supported model: format, inputs, outputs, size and metadata. */
export async function inspectModel(target: string): Promise<ModelInfo> {
  const { format, file } = await servableFile(target);
  // Each runtime is imported only when needed: an image carries only its own format's native
  // packages, and TF.js is large enough to slow every ONNX start.
  if (format === 'onnx') return (await import('./onnx.ts')).inspectOnnx(file);
  const { inspectTfjs } = await import('./tfjs.ts');
  return inspectTfjs(file);
}

/** Loads any supported model for in-process inference. */
export async function loadModel(target: string): Promise<LoadedModel> {
  const { format, file } = await servableFile(target);
  if (format === 'onnx') return (await import('./onnx.ts')).loadOnnx(file);
  const { loadTfjs } = await import('./tfjs.ts');
  return loadTfjs(file);
}
