/**
 * POST /v2/models/{name}[/versions/{v}]/infer: V2 tensors in (for a table, one per column, or the
 * model's own inputs), through the batcher, V2 tensors out.
 */
import { InputError } from '../../../../main/errors.ts';
import { batchAxisOf, splitSamples, stackSamples, type Sample } from '../../../../main/inference/batch.ts';
import { jsonData } from '../../../../main/inference/postprocess.ts';
import { checkShape, MAX_TENSOR_RANK, tensorFromFlat, typedData } from '../../../../main/inference/tensor-from-json.ts';
import type { Tensor } from '../../../../main/formats/types.ts';
import type { Manifest, TensorSpec } from '../../../../main/manifest.ts';
import type { App } from '../app.ts';
import { mediaType, readBody } from '../../../../main/http/body.ts';
import { v2InferRequestSchema, type V2InferRequest, type V2InferResponse } from '../../../../main/shared/http-contract.ts';
import { HttpError } from '../../../../main/http/http-errors.ts';
import { fastFlat } from '../fast-tensor.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';
import { describeIssue, parseJson } from '../json.ts';
import type { Params } from '../../../../main/http/router.ts';
import { checkClassification, classificationCount, classifyTensor } from '../v2-classification.ts';
import { attachBinaryInputs, splitBinaryBody, tensorBytes, wantsBinary } from '../v2-binary.ts';
import { acceptsDatatype, dtypeOf, v2Datatype } from '../../../../main/shared/v2-types.ts';
import { batchableOf } from './metadata.ts';
import { checkModel } from './v2.ts';
import { feedsFromColumnInputs } from '../../../../main/inference/table-v2.ts';
import { quoted, type TableRows } from '../../../../main/inference/table-rows.ts';

/** Row-major data; nested arrays (sent by some clients) are flattened, to a bounded depth. */
function flatData(name: string, data: unknown[]): unknown[] {
  if (data.length === 0 || !Array.isArray(data[0])) return data;
  const flat = data.flat(MAX_TENSOR_RANK);
  if (flat.some(Array.isArray)) throw new InputError(`input "${name}": data is nested deeper than ${MAX_TENSOR_RANK} levels`);
  return flat;
}

/**
 * A model with a fixed batch of B takes a tensor of exactly B rows, as /predict takes B instances;
 * any other count is refused naming B (before the shape check, whose message would only say [B, ...]).
 */
function checkFixedBatch(manifest: Manifest, spec: TensorSpec, shape: number[], size: number): void {
  if (shape.length !== spec.shape.length || shape[0] === size) return;
  throw new InputError(
    `model "${manifest.name}" has a fixed batch of ${size}: send input "${spec.name}" with exactly ${size} rows, shape [${size}, ...] (got ${shape[0]})`,
  );
}

/** The request's inputs as tensors keyed by name, checked against the signature. */
export function feedsOf(manifest: Manifest, inputs: V2InferRequest['inputs']): Record<string, Tensor> {
  const specs = manifest.signature.inputs;
  const batchAxis = batchAxisOf(specs);
  const feeds: Record<string, Tensor> = {};
  for (const input of inputs) {
    const spec = specs.find((s) => s.name === input.name);
    if (!spec)
      throw new InputError(
        `the model has no input "${input.name.slice(0, 100)}"; its inputs are ${specs.map((s) => `"${s.name}"`).join(', ')}`,
      );
    if (Object.hasOwn(feeds, spec.name)) throw new InputError(`input "${spec.name}" is given twice`);
    if (!acceptsDatatype(spec.dtype, input.datatype)) {
      throw new InputError(`input "${spec.name}" has datatype ${input.datatype} but the model expects ${v2Datatype(spec.dtype)}`);
    }
    const data = flatData(spec.name, input.data);
    const same = v2Datatype(spec.dtype) === input.datatype;
    // Data sent as another numeric type must also fit the type it claims (e.g. INT8 values in -128..127).
    if (!same) typedData(dtypeOf(input.datatype), data, spec.name);
    if (batchAxis.kind === 'fixed') checkFixedBatch(manifest, spec, input.shape, batchAxis.size);
    checkShape(spec, input.shape);
    feeds[spec.name] = (same && fastFlat(spec, input.shape, data)) || tensorFromFlat(spec, input.shape, data);
  }
  for (const spec of specs) if (!Object.hasOwn(feeds, spec.name)) throw new InputError(`input "${spec.name}" is missing`);
  return feeds;
}

/**
 * A table model's feeds: one input per column (as Triton and KServe send tabular rows), or the
 * model's own inputs (e.g. one 2-D tensor); never both in one request.
 */
function tableFeedsOf(manifest: Manifest, table: TableRows, inputs: V2InferRequest['inputs']): Record<string, Tensor> {
  if (inputs.every((input) => table.column(input.name))) return feedsFromColumnInputs(table, inputs);
  const own = new Set(manifest.signature.inputs.map((s) => s.name));
  if (inputs.every((input) => own.has(input.name))) return feedsOf(manifest, inputs);
  const columns = inputs.filter((input) => table.column(input.name)).map((input) => input.name);
  const tensors = inputs.filter((input) => own.has(input.name) && !table.column(input.name)).map((input) => input.name);
  if (columns.length > 0 && tensors.length > 0) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `the request mixes columns (${quoted(columns)}) with the model's own inputs (${quoted(tensors)}); send one input per column, or only the model's inputs`,
    );
  }
  const unknown = inputs.find((input) => !table.column(input.name) && !own.has(input.name))!;
  throw new InputError(
    `the model has no column or input ${quoted([unknown.name])}; its columns are ${quoted(table.columns.map((c) => c.name))}`,
  );
}

/** Splits batched feeds into samples along the first axis (all inputs must agree on its size). */
function samplesOf(feeds: Record<string, Tensor>, maxRows: number): Sample[] {
  const rows = new Set(Object.values(feeds).map((t) => t.dims[0]));
  if (rows.size !== 1) throw new InputError('the inputs disagree on the batch size (their first dimension)');
  const [count] = rows;
  if (!count) throw new InputError('the batch is empty: the first dimension must be at least 1');
  if (count > maxRows) throw new HttpError(413, 'INPUT_TOO_LARGE', `a batch of ${count} rows; the limit is ${maxRows}`);
  return splitSamples(feeds, count);
}

/** Stacks per-sample outputs back into batched tensors; an output shared by all samples is kept once. */
function stackOutputs(outputs: Sample[]): Record<string, Tensor> {
  const first = outputs[0]!;
  const stacked: Record<string, Tensor> = {};
  for (const name of Object.keys(first)) {
    const shared = outputs.length > 1 && outputs.every((o) => o[name] === first[name]);
    stacked[name] = shared ? first[name]! : stackSamples(outputs.map((o) => ({ [name]: o[name]! })))[name]!;
  }
  return stacked;
}

function selectOutputs(outputs: Record<string, Tensor>, wanted: V2InferRequest['outputs']): [string, Tensor][] {
  if (!wanted?.length) return Object.entries(outputs);
  return wanted.map(({ name }): [string, Tensor] => {
    const tensor = outputs[name];
    if (!tensor)
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `the model has no output "${name.slice(0, 100)}"; its outputs are ${Object.keys(outputs).join(', ')}`,
      );
    return [name, tensor];
  });
}

async function readRequest(exchange: Exchange, app: App): Promise<V2InferRequest> {
  const { req } = exchange;
  const type = mediaType(req.headers['content-type']);
  const headerLength = req.headers['inference-header-content-length'];
  const binary = typeof headerLength === 'string';
  const jsonType = type === '' || type === 'application/json' || type.endsWith('+json');
  if (!jsonType && !(binary && type === 'application/octet-stream')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA', `Content-Type "${type.slice(0, 80)}" is not supported; send application/json`);
  }
  const body = await readBody(req, app.manifest.server.max_body_bytes, exchange);
  const parts = binary ? splitBinaryBody(body, headerLength) : { json: body, binary: Buffer.alloc(0) };
  const raw = parseJson(parts.json);
  if (binary) attachBinaryInputs(raw, parts.binary);
  const parsed = v2InferRequestSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', describeIssue(parsed.error));
  return parsed.data;
}

/** Sends the answer as JSON, or with the binary extension when the client asked for any output in binary. */
function respond(exchange: Exchange, head: Omit<V2InferResponse, 'outputs'>, outputs: [string, Tensor][], request: V2InferRequest): void {
  const binaries: Buffer[] = [];
  const tensors = outputs.map(([name, t]) => {
    const meta = { name, datatype: v2Datatype(t.dtype), shape: t.dims };
    if (!wantsBinary(request, name)) return { ...meta, data: jsonData(t) };
    const bytes = tensorBytes(t);
    binaries.push(bytes);
    return { ...meta, parameters: { binary_data_size: bytes.length } };
  });
  const json = JSON.stringify({ ...head, outputs: tensors });
  if (binaries.length === 0) return exchange.json(200, json);
  const header = Buffer.from(json, 'utf8');
  exchange.send(200, 'application/octet-stream', Buffer.concat([header, ...binaries]), {
    'Inference-Header-Content-Length': String(header.length),
  });
}

/** POST .../infer */
export async function v2Infer(exchange: Exchange, app: App, params: Params): Promise<void> {
  checkModel(app, params);
  const { batcher, predictor } = app.require();
  // A fixed batch of B is split into its B rows too: the predictor runs them in calls of exactly B.
  const batchable = batchableOf(app.manifest) || batchAxisOf(app.manifest.signature.inputs).kind === 'fixed';
  let request: V2InferRequest | undefined;
  const { samples, outputs: results } = await batcher.collect(async () => {
    request = await readRequest(exchange, app);
    checkClassification(request.outputs);
    const feeds = predictor.table ? tableFeedsOf(app.manifest, predictor.table, request.inputs) : feedsOf(app.manifest, request.inputs);
    return batchable ? samplesOf(feeds, app.manifest.server.max_queue) : [feeds];
  });
  exchange.samples = samples.length;
  const outputs = batchable ? stackOutputs(results) : results[0]!;
  const head = {
    model_name: app.manifest.name,
    model_version: app.manifest.version,
    ...(request!.id !== undefined ? { id: request!.id } : {}),
  };
  const selected = selectOutputs(outputs, request!.outputs).map(([name, tensor]): [string, Tensor] => {
    const count = classificationCount(request!.outputs, name);
    if (count === undefined) return [name, tensor];
    const labels = name === (app.manifest.postprocess.output ?? app.manifest.signature.outputs[0]!.name) ? app.manifest.labels : undefined;
    return [name, classifyTensor(tensor, count, labels)];
  });
  respond(exchange, head, selected, request!);
}
