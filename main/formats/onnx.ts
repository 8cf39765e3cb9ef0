/** ONNX models: inspection and in-process inference with onnxruntime-node. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { ModelCorruptError } from '../errors.ts';
import type { DType, TensorSpec } from '../manifest.ts';
import { ModelFolder } from './contained-path.ts';
import { fromHalfBits, toHalfBits } from './half-float.ts';
import { readOnnxMetadata, type OnnxMetadata } from './onnx-metadata.ts';
import type { LoadedModel, ModelFileInfo, ModelInfo, Tensor, TensorData } from './types.ts';

// onnxruntime 1.30 reports telemetry unless told not to, and drops `.ses` and `mat-debug-<pid>.log`
// in the temp folder of every process that opens a session (the CLI, the app, the server in each
// image). Read when the first session is made, so setting it here, before any, is enough.
process.env.ORT_DISABLE_TELEMETRY ??= '1';

/** onnxruntime's own log lines (warnings about initializers, providers) stay off stderr unless --debug. */
const DEBUG = process.argv.includes('--debug') || process.env.CRANEML_DEBUG === '1';
ort.env.logLevel = DEBUG ? 'info' : 'error';

const ORT_TO_DTYPE: Record<string, DType> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};

function toSpec(meta: ort.InferenceSession.ValueMetadata & { isTensor: true }): TensorSpec {
  const dtype = ORT_TO_DTYPE[meta.type];
  if (!dtype) throw new ModelCorruptError(`tensor "${meta.name}" has type ${meta.type}, which CraneML cannot serve`);
  const shape = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
  const names = meta.shape.map((d) => (typeof d === 'string' && d !== '' ? d : null));
  return names.some((n) => n !== null) ? { name: meta.name, dtype, shape, dim_names: names } : { name: meta.name, dtype, shape };
}

interface OpenedOnnx {
  session: ort.InferenceSession;
  bytes: Buffer;
  meta: OnnxMetadata;
  external: ModelFileInfo[];
}

async function externalFiles(file: string, meta: OnnxMetadata): Promise<ModelFileInfo[]> {
  const folder = await ModelFolder.of(file);
  const found: ModelFileInfo[] = [];
  for (const name of meta.externalDataFiles) {
    const data = await folder.file(name, 'external data file', file);
    found.push({ path: data.name, bytes: data.bytes });
  }
  return found;
}

/** How a session uses threads; left out, onnxruntime's defaults (one intra-op thread per physical core). */
export interface OnnxThreads {
  /** Threads one run uses, the calling thread included (onnxruntime's intra_op_num_threads); 0 = its default. */
  intraOp?: number;
}

async function createSession(file: string, threads: OnnxThreads = {}): Promise<OpenedOnnx> {
  const bytes = await readFile(file);
  // Reading the header first turns a non-ONNX file into a clear error before onnxruntime sees it.
  const meta = readOnnxMetadata(bytes, file);
  const external = await externalFiles(file, meta);
  try {
    const options: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      ...(threads.intraOp ? { intraOpNumThreads: threads.intraOp } : {}),
      logSeverityLevel: DEBUG ? 1 : 3,
      // onnxruntime's pool threads spin after each run waiting for more: on the few CPUs a model
      // container gets, that spinning takes the CPU the event loop and the codec workers need
      // (digits at c=64 on 2 cores: JSON 220 -> 493 req/s, PNG 46 -> 66, with it off).
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    };
    // onnxruntime finds external data files relative to the model's path, which a byte buffer does not have.
    const session = await (external.length > 0
      ? ort.InferenceSession.create(path.resolve(file), options)
      : ort.InferenceSession.create(bytes, options));
    return { session, bytes, meta, external };
  } catch (error) {
    const reason = describeOrtError(error);
    throw new ModelCorruptError(`${file}: onnxruntime could not load the model (${reason})`, { cause: error });
  }
}

function describeOrtError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

type TensorMetadata = ort.InferenceSession.ValueMetadata & { isTensor: true };
const isTensor = (meta: ort.InferenceSession.ValueMetadata): meta is TensorMetadata => meta.isTensor;

/**
 * Tensor outputs only: converters such as skl2onnx add sequence-of-map outputs (ZipMap) next to the
 * tensors, which onnxruntime for Node.js cannot return; they are left out of every run.
 */
function servableOutputs(file: string, session: ort.InferenceSession): { outputs: TensorSpec[]; skipped: string[] } {
  const outputs = session.outputMetadata.filter(isTensor).map(toSpec);
  const skipped = session.outputMetadata.filter((m) => !m.isTensor).map((m) => m.name);
  if (outputs.length === 0) {
    throw new ModelCorruptError(
      `${file}: none of its outputs (${skipped.join(', ')}) is a tensor; CraneML serves tensor outputs (for skl2onnx, convert with options={"zipmap": False})`,
    );
  }
  return { outputs, skipped };
}

function servableInputs(file: string, session: ort.InferenceSession): TensorSpec[] {
  const other = session.inputMetadata.filter((m) => !m.isTensor).map((m) => m.name);
  if (other.length > 0) {
    throw new ModelCorruptError(`${file}: input ${other.join(', ')} is a sequence or map, not a tensor, which CraneML cannot serve`);
  }
  return session.inputMetadata.filter(isTensor).map(toSpec);
}

function otherOpsets(meta: OnnxMetadata): string | undefined {
  const others = Object.entries(meta.opsets).filter(([domain]) => domain !== 'ai.onnx');
  return others.length > 0 ? others.map(([domain, version]) => `${domain} ${version}`).join(', ') : undefined;
}

function describe(file: string, { session, bytes, meta, external }: OpenedOnnx): ModelInfo {
  const { outputs, skipped } = servableOutputs(file, session);
  const extraOpsets = otherOpsets(meta);
  return {
    format: 'onnx',
    entry: path.resolve(file),
    files: [{ path: path.basename(file), bytes: bytes.length }, ...external],
    sizeBytes: external.reduce((sum, f) => sum + f.bytes, bytes.length),
    inputs: servableInputs(file, session),
    outputs,
    metadata: {
      opset: meta.opset,
      ...(extraOpsets ? { other_opsets: extraOpsets } : {}),
      ir_version: meta.irVersion,
      producer_name: meta.producerName,
      producer_version: meta.producerVersion,
      doc_string: meta.docString,
      ...(meta.domain ? { domain: meta.domain } : {}),
      ...(meta.modelVersion ? { model_version: meta.modelVersion } : {}),
      ...(skipped.length > 0 ? { outputs_not_served: `${skipped.join(', ')} (not tensors)` } : {}),
    },
  };
}

/** Inspects an ONNX file: inputs, outputs, opset and producer. */
export async function inspectOnnx(file: string): Promise<ModelInfo> {
  const opened = await createSession(file);
  try {
    return describe(file, opened);
  } finally {
    await opened.session.release();
  }
}

function toOrtTensor(tensor: Tensor): ort.Tensor {
  if (tensor.dtype === 'bool') return new ort.Tensor('bool', tensor.data as Uint8Array, tensor.dims);
  if (tensor.dtype === 'float16') return new ort.Tensor('float16', toHalfBits(tensor.data as Float32Array), tensor.dims);
  return new ort.Tensor(tensor.dtype as 'float32', tensor.data as Float32Array, tensor.dims);
}

function fromOrtTensor(value: ort.OnnxValue): Tensor {
  const tensor = value as ort.Tensor;
  const dtype = ORT_TO_DTYPE[tensor.type] ?? 'float32';
  if (dtype === 'float16') return { dtype, dims: [...tensor.dims], data: fromHalfBits(tensor.data as Uint16Array) };
  return { dtype, dims: [...tensor.dims], data: tensor.data as TensorData };
}

/** Loads an ONNX file for in-process inference. */
export async function loadOnnx(file: string, threads: OnnxThreads = {}): Promise<LoadedModel> {
  const opened = await createSession(file, threads);
  const { session } = opened;
  const info = describe(file, opened);
  const fetches = info.outputs.map((o) => o.name);
  return {
    info,
    async run(feeds) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor);
      const results = await session.run(ortFeeds, fetches);
      const outputs: Record<string, Tensor> = {};
      for (const [name, value] of Object.entries(results)) outputs[name] = fromOrtTensor(value);
      return outputs;
    },
    dispose: () => session.release(),
  };
}
