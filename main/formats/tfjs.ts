/** TF.js models (layers and graph): inspection from model.json and inference on the wasm backend. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelCorruptError, ModelFormatError } from '../errors.ts';
import { ModelFolder, type ContainedFile } from './contained-path.ts';
import { savedLayerNames } from './tfjs-layer-names.ts';
import type { DType, TensorSpec } from '../manifest.ts';
import { tf, tfjsReady } from './tfjs-backend.ts';
import type { LoadedModel, ModelFileInfo, ModelInfo, Tensor } from './types.ts';

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: Record<string, unknown>;
  weightsManifest?: WeightsGroup[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: unknown;
}

interface ParsedModelJson {
  json: ModelJson;
  kind: 'layers-model' | 'graph-model';
  files: ModelFileInfo[];
  /** The weight shards in manifest order, resolved inside the model's folder. */
  shards: ContainedFile[];
}

async function parseModelJson(file: string): Promise<ParsedModelJson> {
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as ModelJson;
  } catch (error) {
    throw new ModelCorruptError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new ModelCorruptError(`${file}: a JSON file but not a TF.js model (no modelTopology)`);
  }
  const topology = json.modelTopology;
  const kind = json.format === 'graph-model' || 'node' in topology ? 'graph-model' : 'layers-model';
  const folder = await ModelFolder.of(file);
  const shards: ContainedFile[] = [];
  const groups: unknown = json.weightsManifest ?? [];
  if (!Array.isArray(groups)) throw new ModelCorruptError(`${file}: its weightsManifest is not a list`);
  for (const group of groups as (WeightsGroup | null)[]) {
    const paths: unknown = group?.paths;
    if (!Array.isArray(paths)) throw new ModelCorruptError(`${file}: a weightsManifest group without a list of paths`);
    for (const shard of paths) {
      if (typeof shard !== 'string') throw new ModelCorruptError(`${file}: a weights shard path that is not a string`);
      shards.push(await folder.file(shard, 'weights shard', file));
    }
  }
  const files: ModelFileInfo[] = [
    { path: path.basename(file), bytes: (await stat(file)).size },
    ...shards.map((s) => ({ path: s.name, bytes: s.bytes })),
  ];
  return { json, kind, files, shards };
}

/**
 * tensorflowjs' save_keras_model writes a Keras 3 model in Keras 3's own topology (batch_shape,
 * dtype policies, inbound_nodes as call arguments), which TF.js cannot read; without this check it
 * fails with "An InputLayer should be passed either a `batchInputShape` or an `inputShape`".
 */
function rejectKeras3Topology(file: string, parsed: ParsedModelJson): void {
  const version = parsed.json.modelTopology?.keras_version;
  // TF.js itself writes "tfjs-layers 4.22.0" here.
  const major = typeof version === 'string' ? /^(\d+)\./.exec(version)?.[1] : undefined;
  if (parsed.kind !== 'layers-model' || major === undefined || Number(major) < 3) return;
  throw new ModelFormatError(
    `${file}: a Keras ${version} model saved as a TF.js layers model, which TF.js reads only from Keras 2; ` +
      'save it with tf_keras (TF_USE_LEGACY_KERAS=1) before tensorflowjs, or export a SavedModel (model.export) ' +
      'and convert it with tensorflowjs_converter --input_format=tf_saved_model',
  );
}

async function readArtifacts(parsed: ParsedModelJson): Promise<tf.io.ModelArtifacts> {
  const { json } = parsed;
  const weightSpecs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
  // The resolved paths checked at parsing: what is read is what was checked.
  const shards = await Promise.all(parsed.shards.map((s) => readFile(s.real)));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    weightSpecs,
    weightData,
    signature: json.signature as object | undefined,
    userDefinedMetadata: json.userDefinedMetadata as Record<string, object> | undefined,
    modelInitializer: json.modelInitializer as object | undefined,
  };
}

type TfjsModel = tf.LayersModel | tf.GraphModel;

const TF_TO_DTYPE: Record<string, DType> = { float32: 'float32', int32: 'int32', bool: 'bool', string: 'string' };

export function specOf(name: string, shape: readonly (number | null | undefined)[] | undefined, dtype: string | undefined): TensorSpec {
  return {
    name,
    dtype: TF_TO_DTYPE[dtype ?? 'float32'] ?? 'float32',
    shape: (shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  };
}

interface SignatureTensor {
  dtype?: string;
  tensorShape?: { dim?: { size?: string | number }[] };
}

interface GraphSignature {
  inputs?: Record<string, SignatureTensor>;
  outputs?: Record<string, SignatureTensor>;
}

/** As TF.js computes them: the converter's int64 and double tensors arrive as int32 and float32. */
const TF_DATA_TYPES: Record<string, DType> = {
  DT_FLOAT: 'float32',
  DT_HALF: 'float32',
  DT_DOUBLE: 'float32',
  DT_INT32: 'int32',
  DT_INT64: 'int32',
  DT_INT8: 'int32',
  DT_UINT8: 'int32',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
};

function signatureShape(tensor: SignatureTensor | undefined): number[] | undefined {
  return tensor?.tensorShape?.dim?.map((d) => Number(d.size ?? -1));
}

/**
 * Specs named as the converter's signature names them ("image", "output_0"), which TF.js maps to
 * graph nodes ("image:0", "Identity:0") when executing. The signature also carries the output
 * shapes, which the graph's Identity nodes do not.
 */
function graphSpecs(
  names: string[],
  tensors: readonly { shape?: number[]; dtype?: string }[],
  declared: Record<string, SignatureTensor> | undefined,
): TensorSpec[] {
  return names.map((name, i) => {
    const signed = declared?.[name];
    const dtype = signed?.dtype === undefined ? undefined : TF_DATA_TYPES[signed.dtype];
    return specOf(name, signatureShape(signed) ?? tensors[i]?.shape, dtype ?? tensors[i]?.dtype);
  });
}

function signatureOf(model: TfjsModel, json: ModelJson): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  if (model instanceof tf.GraphModel) {
    const signature = (json.signature ?? {}) as GraphSignature;
    return {
      inputs: graphSpecs(model.inputNodes, model.inputs, signature.inputs),
      outputs: graphSpecs(model.outputNodes, model.outputs, signature.outputs),
    };
  }
  const saved = savedLayerNames(json.modelTopology!);
  const fits = saved && saved.inputs.length === model.inputs.length && saved.outputs.length === model.outputs.length;
  return {
    inputs: model.inputs.map((t, i) => specOf((fits ? saved.inputs[i] : model.inputNames[i]) ?? t.name, t.shape, t.dtype)),
    outputs: model.outputs.map((t, i) => specOf((fits ? saved.outputs[i] : model.outputNames[i]) ?? t.name, t.shape, t.dtype)),
  };
}

async function openModel(file: string): Promise<{ model: TfjsModel; info: ModelInfo }> {
  const parsed = await parseModelJson(file);
  rejectKeras3Topology(file, parsed);
  const artifacts = await readArtifacts(parsed);
  const backend = await tfjsReady();
  let model: TfjsModel;
  try {
    const handler = tf.io.fromMemory(artifacts);
    model = parsed.kind === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (error) {
    throw new ModelCorruptError(`${file}: TF.js could not load the model (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const { inputs, outputs } = signatureOf(model, parsed.json);
  const sizeBytes = parsed.files.reduce((sum, f) => sum + f.bytes, 0);
  const metadata: Record<string, string | number> = { model_kind: parsed.kind, backend };
  if (parsed.json.generatedBy) metadata.generated_by = parsed.json.generatedBy;
  if (parsed.json.convertedBy) metadata.converted_by = parsed.json.convertedBy;
  return { model, info: { format: 'tfjs', entry: path.resolve(file), files: parsed.files, sizeBytes, inputs, outputs, metadata } };
}

/** Inspects a TF.js model.json and its weight shards. */
export async function inspectTfjs(file: string): Promise<ModelInfo> {
  const { model, info } = await openModel(file);
  model.dispose();
  return info;
}

function toTf(tensor: Tensor): tf.Tensor {
  if (tensor.dtype === 'string') return tf.tensor(tensor.data as string[], tensor.dims, 'string');
  const dtype =
    tensor.dtype === 'bool'
      ? 'bool'
      : tensor.dtype === 'float32' || tensor.dtype === 'float64' || tensor.dtype === 'float16'
        ? 'float32'
        : 'int32';
  const data =
    tensor.data instanceof Float32Array || tensor.data instanceof Int32Array || tensor.data instanceof Uint8Array
      ? tensor.data
      : Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  return tf.tensor(data, tensor.dims, dtype);
}

async function fromTf(t: tf.Tensor): Promise<Tensor> {
  const dtype = TF_TO_DTYPE[t.dtype] ?? 'float32';
  const data = await t.data();
  return { dtype, dims: [...t.shape], data: data as Tensor['data'] };
}

/** Runs a graph model synchronously, or asynchronously when it has control flow. */
async function executeGraph(model: tf.GraphModel, info: ModelInfo, inputs: tf.Tensor[]): Promise<tf.Tensor | tf.Tensor[]> {
  const feeds = Object.fromEntries(info.inputs.map((s, i) => [s.name, inputs[i]!]));
  const outputNames = info.outputs.map((s) => s.name);
  try {
    return model.execute(feeds, outputNames);
  } catch {
    return model.executeAsync(feeds, outputNames);
  }
}

/** Loads a TF.js model for in-process inference. */
export async function loadTfjs(file: string): Promise<LoadedModel> {
  const { model, info } = await openModel(file);
  return runnable(model, info);
}

/** A TF.js model (also one built from a Keras file) as a LoadedModel. */
export function runnable(model: TfjsModel, info: ModelInfo): LoadedModel {
  return {
    info,
    async run(feeds) {
      const inputs = info.inputs.map((spec) => {
        const feed = feeds[spec.name];
        if (!feed) throw new Error(`missing input "${spec.name}"`);
        return toTf(feed);
      });
      try {
        const raw =
          model instanceof tf.GraphModel
            ? await executeGraph(model, info, inputs)
            : model.predict(inputs.length === 1 ? inputs[0]! : inputs);
        const list = Array.isArray(raw) ? raw : [raw];
        const outputs: Record<string, Tensor> = {};
        for (const [i, spec] of info.outputs.entries()) outputs[spec.name] = await fromTf(list[i]!);
        tf.dispose(list);
        return outputs;
      } finally {
        tf.dispose(inputs);
      }
    },
    async dispose() {
      model.dispose();
    },
  };
}
