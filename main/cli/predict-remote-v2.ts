/** `craneml predict <url> --v2`: inputs encoded here (images through the server's own codec), sent as V2 tensors. */
import { encodeImage } from '../codec/image-codec.ts';
import { CraneError } from '../errors.ts';
import { stackSamples, type Sample } from '../inference/batch.ts';
import { imageTensorData } from '../inference/image-tensor.ts';
import { classify, jsonData } from '../inference/postprocess.ts';
import { tensorFromNested } from '../inference/tensor-from-json.ts';
import { imageCodecSchema, type TensorSpec } from '../manifest.ts';
import {
  metadataSchema,
  v2InferResponseSchema,
  type Metadata,
  type Prediction,
  type PredictResponse,
  type V2InferRequest,
} from '../shared/http-contract.ts';
import { v2Datatype } from '../shared/v2-types.ts';
import type { Tensor } from '../formats/types.ts';
import { requestJson } from './remote-http.ts';

function sampleShape(meta: Metadata, spec: TensorSpec): number[] {
  return meta.batching.batchable ? spec.shape.slice(1) : spec.shape;
}

async function imageSample(meta: Metadata, bytes: Uint8Array): Promise<Sample> {
  if (meta.input.kind !== 'image') throw new CraneError('USAGE', `model "${meta.name}" takes tensors, not images; use --json`);
  const codec = imageCodecSchema.parse(meta.input);
  const spec = (meta.inputs.find((s) => s.name === codec.tensor) ?? meta.inputs[0]!) as TensorSpec;
  const encoded = await encodeImage(bytes, codec, meta.limits.max_image_pixels);
  const wanted = sampleShape(meta, spec);
  const fixed = wanted.every((d) => d >= 0) && wanted.reduce((a, b) => a * b, 1) === encoded.data.length;
  return {
    [spec.name]: { dtype: spec.dtype, dims: fixed ? wanted : encoded.dims, data: imageTensorData(encoded.data, spec.dtype, spec.name) },
  };
}

function instanceSample(meta: Metadata, instance: unknown): Sample {
  const specs = meta.inputs as TensorSpec[];
  if (specs.length === 1 && (Array.isArray(instance) || typeof instance !== 'object' || instance === null)) {
    return { [specs[0]!.name]: tensorFromNested(specs[0]!, sampleShape(meta, specs[0]!), instance) };
  }
  const record = (instance ?? {}) as Record<string, unknown>;
  return Object.fromEntries(specs.map((spec) => [spec.name, tensorFromNested(spec, sampleShape(meta, spec), record[spec.name])]));
}

function toV2Inputs(feeds: Record<string, Tensor>): V2InferRequest['inputs'] {
  return Object.entries(feeds).map(([name, t]) => ({ name, shape: t.dims, datatype: v2Datatype(t.dtype), data: jsonData(t) }));
}

/** One prediction per row of the V2 outputs, read like the server reads its own outputs. */
function toPredictions(
  meta: Metadata,
  outputs: { name: string; shape: number[]; datatype: string; data: unknown[] }[],
  rows: number,
): Prediction[] {
  const predictions: Prediction[] = [];
  for (let row = 0; row < rows; row++) {
    const perRow = outputs.map((o) => {
      const size = o.data.length / rows;
      return { ...o, shape: o.shape.slice(1), data: o.data.slice(row * size, (row + 1) * size) };
    });
    const scoreName = meta.postprocess.output ?? meta.outputs[0]?.name;
    const scores = perRow.find((o) => o.name === scoreName);
    if (meta.labels?.length && scores) {
      predictions.push(classify(meta, { dtype: 'float32', dims: scores.shape, data: Float32Array.from(scores.data, Number) }));
    } else {
      predictions.push({ outputs: Object.fromEntries(perRow.map((o) => [o.name, { dtype: o.datatype, shape: o.shape, data: o.data }])) });
    }
  }
  return predictions;
}

/** Runs images or instances through a server's V2 endpoint; returns one prediction per input. */
export async function predictV2(base: string, input: { images: Uint8Array[]; instances: unknown[] }): Promise<PredictResponse> {
  const meta = await requestJson(`${base}/metadata`, metadataSchema);
  const samples: Sample[] = [];
  for (const instance of input.instances) samples.push(instanceSample(meta, instance));
  for (const bytes of input.images) samples.push(await imageSample(meta, bytes));
  const groups = meta.batching.batchable ? [samples] : samples.map((s) => [s]);
  const predictions: Prediction[] = [];
  const url = `${base}/v2/models/${encodeURIComponent(meta.name)}/versions/${encodeURIComponent(meta.version)}/infer`;
  for (const group of groups) {
    const feeds = meta.batching.batchable ? stackSamples(group) : group[0]!;
    const body = JSON.stringify({ inputs: toV2Inputs(feeds) } satisfies V2InferRequest);
    const answer = await requestJson(url, v2InferResponseSchema, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    const rows = meta.batching.batchable ? group.length : 1;
    const outputs = meta.batching.batchable ? answer.outputs : answer.outputs.map((o) => ({ ...o, shape: [1, ...o.shape] }));
    predictions.push(...toPredictions(meta, outputs, rows));
  }
  return { predictions, model: { name: meta.name, version: meta.version } };
}
