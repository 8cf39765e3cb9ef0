/** Stacks per-sample tensors into one batch along a new first axis, and splits outputs back. */
import type { Tensor, TensorData } from '../formats/types.ts';
import type { TensorSpec } from '../manifest.ts';

/**
 * The batch axis of a model's inputs: dynamic (every input's first axis is open), fixed at B > 1
 * (every input has rank 2 or more and the same first size B, as a tracing exporter writes a batch
 * of B), or none (one call per sample, the sample holding the whole input).
 */
export type BatchAxis = { kind: 'dynamic' } | { kind: 'fixed'; size: number } | { kind: 'none' };

/** @example batchAxisOf([{ name: 'x', dtype: 'float32', shape: [3, 4] }]) // { kind: 'fixed', size: 3 } */
export function batchAxisOf(inputs: TensorSpec[]): BatchAxis {
  if (inputs.length > 0 && inputs.every((s) => s.shape[0] === -1)) return { kind: 'dynamic' };
  const first = inputs[0]?.shape[0];
  if (first !== undefined && first > 1 && inputs.every((s) => s.shape.length >= 2 && s.shape[0] === first)) {
    return { kind: 'fixed', size: first };
  }
  return { kind: 'none' };
}

/** The shape of one instance of an input: without the batch axis when the model has one. */
export function sampleShapeOf(inputs: TensorSpec[], spec: TensorSpec): number[] {
  return batchAxisOf(inputs).kind === 'none' ? spec.shape : spec.shape.slice(1);
}

/** One instance: a tensor per model input, without the batch dimension. */
export type Sample = Record<string, Tensor>;

/** What the batcher needs of a sample's shape: its key (equal keys can share one model call) and its bytes. */
export interface SampleShape {
  key: string;
  /** The bytes its tensors hold (a string tensor counted at 64 bytes an element). */
  bytes: number;
}

/**
 * Shapes of samples made from one template (a table's rows), worked out once for the template:
 * working out a 30-column row's key took about 20 µs, more than reading the row.
 */
const knownShapes = new WeakMap<Sample, SampleShape>();

/** The shape of `sample`, worked out from its tensors. */
export function describeShape(sample: Sample): SampleShape {
  let bytes = 0;
  for (const tensor of Object.values(sample)) bytes += Array.isArray(tensor.data) ? tensor.data.length * 64 : tensor.data.byteLength;
  const key = Object.keys(sample)
    .sort()
    .map((name) => `${name}:${sample[name]!.dtype}[${sample[name]!.dims.join(',')}]`)
    .join(';');
  return { key, bytes };
}

/** Records that `sample` has `shape` (its tensors have the names, dtypes and dims of the template `shape` describes). */
export function withShape(sample: Sample, shape: SampleShape): Sample {
  knownShapes.set(sample, shape);
  return sample;
}

/** The sample's shape: recorded where it was made, else worked out. */
export function shapeOf(sample: Sample): SampleShape {
  return knownShapes.get(sample) ?? describeShape(sample);
}

/** Samples with equal keys can share one model call. */
export function sampleKey(sample: Sample): string {
  return shapeOf(sample).key;
}

function emptyLike(data: TensorData, length: number): TensorData {
  if (Array.isArray(data)) return new Array<string>(length);
  const Ctor = data.constructor as new (n: number) => Exclude<TensorData, string[]>;
  return new Ctor(length);
}

function concat(parts: TensorData[]): TensorData {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = emptyLike(parts[0]!, total);
  let offset = 0;
  for (const part of parts) {
    if (Array.isArray(out)) for (let i = 0; i < part.length; i++) out[offset + i] = (part as string[])[i]!;
    else (out as Float32Array).set(part as Float32Array, offset);
    offset += part.length;
  }
  return out;
}

/** Stacks samples (all with the same key) into a batch per input name. */
export function stackSamples(samples: Sample[]): Record<string, Tensor> {
  const first = samples[0]!;
  const batch: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(first)) {
    batch[name] = { dtype: tensor.dtype, dims: [samples.length, ...tensor.dims], data: concat(samples.map((s) => s[name]!.data)) };
  }
  return batch;
}

/** Splits each batched output along its first axis into `count` per-sample tensors. */
export function splitOutputs(outputs: Record<string, Tensor>, count: number): Sample[] {
  const samples: Sample[] = Array.from({ length: count }, () => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    const rows = tensor.dims[0] ?? 1;
    if (tensor.dims.length === 0 || rows !== count) {
      // An output without a batch axis is the same for every sample.
      for (const sample of samples) sample[name] = tensor;
      continue;
    }
    const size = tensor.data.length / count;
    for (let i = 0; i < count; i++) {
      samples[i]![name] = {
        dtype: tensor.dtype,
        dims: tensor.dims.slice(1),
        data: tensor.data.slice(i * size, (i + 1) * size) as TensorData,
      };
    }
  }
  return samples;
}

/**
 * Splits batched inputs into samples for the batcher (a V2 request's rows), their shape recorded
 * once: every part has the first one's names, dtypes and dims.
 */
export function splitSamples(feeds: Record<string, Tensor>, count: number): Sample[] {
  const samples = splitOutputs(feeds, count);
  const shape = samples[0] && describeShape(samples[0]);
  if (shape) for (const sample of samples) withShape(sample, shape);
  return samples;
}
