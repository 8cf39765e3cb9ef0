/** Shared types of model formats: what inspection reports and what a loaded model can do. */
import type { DType, TensorSpec } from '../manifest.ts';
import type { NotebookModel } from '../shared/conversion-schema.ts';

export type { NotebookModel } from '../shared/conversion-schema.ts';

export type { ModelFormat } from '../shared/manifest-schema.ts';
import type { ManifestFormat } from '../shared/manifest-schema.ts';
import type { PythonModel } from '../python-project/types.ts';

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[];

/** A dense tensor in row-major order. A float16 tensor holds its values in a Float32Array (see half-float.ts). */
export interface Tensor {
  dtype: DType;
  dims: number[];
  data: TensorData;
}

export interface ModelFileInfo {
  /** Path relative to the model's folder. */
  path: string;
  bytes: number;
}

export interface ModelInfo {
  /** A model file format, or "python" for a model the Python runtime serves (see `python`). */
  format: ManifestFormat;
  /** Absolute path of the file a runtime loads (model.onnx or model.json). */
  entry: string;
  files: ModelFileInfo[];
  sizeBytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Format-specific facts: ONNX opset and producer, TF.js model kind and converter. */
  metadata: Record<string, string | number>;
  /** Set when the file given was a notebook model that CraneML converted to this ONNX model. */
  notebook?: NotebookModel;
  /** Set when the Python runtime serves it: a Cog or predict.py project, or a notebook model no converter took. */
  python?: PythonModel;
}

/** A model loaded in this process, ready to run. */
export interface LoadedModel {
  readonly info: ModelInfo;
  /** Runs one call; `feeds` are keyed by input name and hold the batch dimension. */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  dispose(): Promise<void>;
}
