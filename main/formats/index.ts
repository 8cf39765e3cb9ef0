/** One entry point over all formats: detect, inspect and load a model file or folder (handlers in registry.ts). */
import { ModelFormatError } from '../errors.ts';
import { detectModel } from './detect.ts';
import { notServable } from './not-servable.ts';
import { FORMATS, type FormatHandler } from './registry.ts';
import type { LoadedModel, ModelInfo } from './types.ts';

export type { LoadedModel, ModelInfo, Tensor, TensorData, ModelFormat } from './types.ts';
export { detectModel } from './detect.ts';
export { FORMATS } from './registry.ts';

async function servableFile(target: string): Promise<{ handler: FormatHandler; file: string }> {
  const found = await detectModel(target);
  if (found.format in FORMATS) return { handler: FORMATS[found.format as keyof typeof FORMATS], file: found.file };
  throw new ModelFormatError(`${found.file}: ${notServable(found.format)}`);
}

/** Inspects any supported model: format, inputs, outputs, size and metadata. */
export async function inspectModel(target: string): Promise<ModelInfo> {
  const { handler, file } = await servableFile(target);
  return handler.inspect(file);
}

/** Loads any supported model for in-process inference. */
export async function loadModel(target: string): Promise<LoadedModel> {
  const { handler, file } = await servableFile(target);
  return handler.load(file);
}
