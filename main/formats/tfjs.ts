/** TF.js models (layers and graph): inspection from model.json and inference on the wasm backend. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelCorruptError } from '../errors.ts';
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
  const files: ModelFileInfo[] = [{ path: path.basename(file), bytes: (await stat(file)).size }];
  for (const group of json.weightsManifest ?? []) {
    for (const shard of group.paths) {
      const shardPath = path.join(path.dirname(file), shard);
      if (path.relative(path.dirname(file), shardPath).startsWith('..')) {
        throw new ModelCorruptError(`${file}: weights shard "${shard}" points outside the model folder`);
      }
      try {
        files.push({ path: shard, bytes: (await stat(shardPath)).size });
      } catch {
        throw new ModelCorruptError(`${file}: weights shard "${shard}" is missing (expected at ${shardPath})`);
      }
    }
  }
  return { json, kind, files };
}

async function readArtifacts(file: string, parsed: ParsedModelJson): Promise<tf.io.ModelArtifacts> {
  const { json } = parsed;
  const weightSpecs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
  const shards = await Promise.all(
    (json.weightsManifest ?? []).flatMap((g) => g.paths).map((p) => readFile(path.join(path.dirname(file), p))),
  );
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

function specOf(name: string, shape: readonly (number | null | undefined)[] | undefined, dtype: string | undefined): TensorSpec {
  return {
    name,
    dtype: TF_TO_DTYPE[dtype ?? 'float32'] ?? 'float32',
    shape: (shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  };
}

function signatureOf(model: TfjsModel, topology: Record<string, unknown>): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  if (model instanceof tf.GraphModel) {
    return {
      inputs: model.inputs.map((t) => specOf(t.name, t.shape, t.dtype)),
      outputs: model.outputs.map((t) => specOf(t.name, t.shape, t.dtype)),
    };
  }
  const saved = savedLayerNames(topology);
  const fits = saved && saved.inputs.length === model.inputs.length && saved.outputs.length === model.outputs.length;
  return {
    inputs: model.inputs.map((t, i) => specOf((fits ? saved.inputs[i] : model.inputNames[i]) ?? t.name, t.shape, t.dtype)),
    outputs: model.outputs.map((t, i) => specOf((fits ? saved.outputs[i] : model.outputNames[i]) ?? t.name, t.shape, t.dtype)),
  };
}

async function openModel(file: string): Promise<{ model: TfjsModel; info: ModelInfo }> {
  const parsed = await parseModelJson(file);
  const artifacts = await readArtifacts(file, parsed);
  const backend = await tfjsReady();
  let model: TfjsModel;
  try {
    const handler = tf.io.fromMemory(artifacts);
    model = parsed.kind === 'graph-model' ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (error) {
    throw new ModelCorruptError(`${file}: TF.js could not load the model (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  const { inputs, outputs } = signatureOf(model, parsed.json.modelTopology!);
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
