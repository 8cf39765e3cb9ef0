/** One entry point over all formats: detect, inspect and load a model file or folder (handlers in registry.ts). */
import type { ConvertOptions } from '../notebook/types.ts';
import { ModelFormatError } from '../errors.ts';
import type { TorchOptions } from '../python-project/torch-model.ts';
import { detectPythonProject, type PythonProjectFolder } from '../python-project/detect-project.ts';
import { pythonNotInProcess } from '../python-project/not-in-process.ts';
import { detectModel } from './detect.ts';
import { notServable } from './not-servable.ts';
import { FORMATS, type FormatHandler } from './registry.ts';
import type { LoadedModel, ModelInfo } from './types.ts';

export type { LoadedModel, ModelInfo, Tensor, TensorData, ModelFormat, NotebookModel } from './types.ts';
export { detectModel } from './detect.ts';
export { FORMATS } from './registry.ts';

/**
 * How a notebook model becomes one served: converted to ONNX in a container. Docker is above the
 * engine, so a caller that may meet a notebook model hands this in (main/convert/notebook-conversion.ts).
 */
export interface NotebookConversion {
  inspect(file: string, options: ConvertOptions): Promise<ModelInfo>;
  load(file: string, options: ConvertOptions): Promise<LoadedModel>;
}

/**
 * How a notebook model is converted when the file given is one (the conversion itself, sample rows,
 * tolerance, progress, cancel), and what a TorchScript file does not say (its input's shape); other
 * formats ignore them.
 */
export type InspectOptions = ConvertOptions & { torch?: TorchOptions; notebooks?: NotebookConversion };

/** The conversion a notebook model needs, or a refusal where none was handed in (the model server converts nothing). */
function conversionFor(file: string, options: InspectOptions): NotebookConversion {
  if (options.notebooks) return options.notebooks;
  throw new ModelFormatError(`${file}: a scikit-learn, XGBoost or LightGBM file is served as the ONNX model it converts to`);
}

type Route = { handler: FormatHandler; file: string } | { notebook: string } | { python: PythonProjectFolder } | { torch: string };

async function routeOf(target: string): Promise<Route> {
  // A folder with cog.yaml or predict.py is Python code, whatever model files it holds beside.
  const python = await detectPythonProject(target);
  if (python) return { python };
  const found = await detectModel(target);
  if (found.format === 'notebook') return { notebook: found.file };
  if (found.format === 'pytorch') return { torch: found.file };
  if (found.format in FORMATS) return { handler: FORMATS[found.format as keyof typeof FORMATS], file: found.file };
  throw new ModelFormatError(`${found.file}: ${notServable(found.format)}`);
}

/**
 * Inspects any supported model: format, inputs, outputs, size and metadata. A notebook model
 * (scikit-learn, XGBoost, LightGBM) is converted to ONNX first, by `options.notebooks`.
 */
export async function inspectModel(target: string, options: InspectOptions = {}): Promise<ModelInfo> {
  const route = await routeOf(target);
  if ('notebook' in route) return conversionFor(route.notebook, options).inspect(route.notebook, options);
  if ('python' in route) return (await import('../python-project/folder-project.ts')).inspectPythonFolder(route.python);
  if ('torch' in route) return (await import('../python-project/torch-model.ts')).inspectTorchFile(route.torch, options.torch);
  return route.handler.inspect(route.file);
}

/** Loads any supported model for in-process inference (a notebook model through its converted ONNX). */
export async function loadModel(target: string, options: InspectOptions = {}): Promise<LoadedModel> {
  const route = await routeOf(target);
  if ('notebook' in route) return conversionFor(route.notebook, options).load(route.notebook, options);
  if ('python' in route) throw pythonNotInProcess(route.python.dir);
  if ('torch' in route) {
    // What the file is comes first: a state_dict is refused as one, not sent to be built.
    await (await import('../python-project/torch-model.ts')).servableTorchFile(route.torch);
    throw pythonNotInProcess(route.torch);
  }
  return route.handler.load(route.file);
}
