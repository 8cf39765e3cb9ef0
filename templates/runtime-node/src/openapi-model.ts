/** The parts of the OpenAPI document that come from the model itself: instance schemas and examples. */
import type { DType, Manifest, TensorSpec } from '../../../main/manifest.ts';
import { batchableOf } from './routes/metadata.ts';
import { sampleShapeOf } from '../../../main/inference/batch.ts';
import { v2Datatype } from '../../../main/shared/v2-types.ts';
import { exampleRow, rowSchema, tableColumns, v2ColumnsExample } from './openapi-table.ts';

type Schema = Record<string, unknown>;

/** Examples hold zeros; beyond this many elements they are left out of the document. */
const MAX_EXAMPLE_ELEMENTS = 4096;

/** A white 28x28 PNG, so the image example decodes (the model then answers for a blank picture). */
export const BLANK_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAIAAAD9b0jDAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIklEQVRIx2P4TwPAMGroqKGjho4aOmroqKGjho4aOjIMBQDyYCdYMVRLWwAAAABJRU5ErkJggg==';

function elementSchema(dtype: DType): Schema {
  if (dtype === 'string') return { type: 'string' };
  if (dtype === 'bool') return { type: 'boolean' };
  if (dtype.startsWith('float')) return { type: 'number' };
  return { type: 'integer' };
}

function zero(dtype: DType): unknown {
  if (dtype === 'string') return '';
  if (dtype === 'bool') return false;
  return 0;
}

/** The shape of one sample: without the batch axis when the model has one (dynamic or fixed), -1 meaning any size. */
export function sampleShape(manifest: Manifest, spec: TensorSpec): number[] {
  return sampleShapeOf(manifest.signature.inputs, spec);
}

/**
 * JSON Schema of a nested array of `shape` (fixed sizes become minItems/maxItems); with every size
 * known and rank 2 or more, a flat array of as many values is taken too (the server reshapes it).
 */
export function nestedSchema(spec: TensorSpec, shape: number[]): Schema {
  let schema = elementSchema(spec.dtype);
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]!;
    schema = { type: 'array', items: schema, ...(size >= 0 ? { minItems: size, maxItems: size } : {}) };
  }
  const description = `input "${spec.name}": ${spec.dtype} [${shape.map((d) => (d < 0 ? '?' : d)).join(', ')}]`;
  if (shape.length < 2 || shape.some((d) => d < 0)) return { ...schema, description };
  const count = shape.reduce((a, b) => a * b, 1);
  const flat = { type: 'array', items: elementSchema(spec.dtype), minItems: count, maxItems: count };
  return { oneOf: [schema, flat], description: `${description}, nested or flat (${count} values)` };
}

function concrete(shape: number[]): number[] {
  return shape.map((d) => (d < 0 ? 1 : d));
}

function elements(shape: number[]): number {
  return concrete(shape).reduce((a, b) => a * b, 1);
}

/** A nested array of zeros of `shape`, or undefined when it would be too large for a document. */
export function nestedZeros(dtype: DType, shape: number[]): unknown {
  if (elements(shape) > MAX_EXAMPLE_ELEMENTS) return undefined;
  const build = (depth: number): unknown =>
    depth === shape.length ? zero(dtype) : Array.from({ length: Math.max(1, shape[depth]!) }, () => build(depth + 1));
  return build(0);
}

/** Schema of one instance: a table's row, a nested array for a one-input model, else an object keyed by input name. */
export function instanceSchema(manifest: Manifest): Schema {
  const columns = tableColumns(manifest);
  if (columns) return rowSchema(columns);
  const inputs = manifest.signature.inputs;
  if (inputs.length === 1) return nestedSchema(inputs[0]!, sampleShape(manifest, inputs[0]!));
  const properties: Record<string, Schema> = {};
  for (const spec of inputs) properties[spec.name] = nestedSchema(spec, sampleShape(manifest, spec));
  return { type: 'object', properties, required: inputs.map((s) => s.name) };
}

/** An example instance, or undefined when the inputs are too large to show. */
export function instanceExample(manifest: Manifest): unknown {
  const columns = tableColumns(manifest);
  if (columns) return exampleRow(columns);
  const inputs = manifest.signature.inputs;
  const zeros = inputs.map((spec) => nestedZeros(spec.dtype, sampleShape(manifest, spec)));
  if (zeros.some((z) => z === undefined)) return undefined;
  if (inputs.length === 1) return zeros[0];
  return Object.fromEntries(inputs.map((spec, i) => [spec.name, zeros[i]]));
}

/** An example answer of POST /predict for this model. */
export function predictResponseExample(manifest: Manifest): unknown {
  const model = { name: manifest.name, version: manifest.version };
  if (manifest.labels?.length) {
    const top = manifest.labels.slice(0, manifest.postprocess.top_k).map((label, i) => ({ label, score: i === 0 ? 0.97 : 0.01 }));
    return { predictions: [{ label: manifest.labels[0], index: 0, score: 0.97, top_k: top }], model };
  }
  const scores = manifest.signature.outputs.find((o) => o.name === (manifest.postprocess.output ?? manifest.signature.outputs[0]!.name));
  if (manifest.task === 'regression' && scores) {
    const width = elements(sampleShape(manifest, scores));
    return { predictions: [{ value: width === 1 ? 0 : new Array(Math.min(width, MAX_EXAMPLE_ELEMENTS)).fill(0) }], model };
  }
  const outputs: Record<string, unknown> = {};
  for (const spec of manifest.signature.outputs) {
    const shape = concrete(sampleShape(manifest, spec));
    outputs[spec.name] = {
      dtype: spec.dtype,
      shape,
      data: elements(shape) <= MAX_EXAMPLE_ELEMENTS ? new Array(elements(shape)).fill(zero(spec.dtype)) : [],
    };
  }
  return { predictions: [{ outputs }], model };
}

/** An example V2 infer request with one row of zeros per input, or undefined when too large. */
export function v2RequestExample(manifest: Manifest): unknown {
  const columns = tableColumns(manifest);
  if (columns) return v2ColumnsExample(manifest, columns);
  const batch = batchableOf(manifest);
  const inputs = manifest.signature.inputs.map((spec) => {
    const shape = concrete(batch ? [1, ...spec.shape.slice(1)] : spec.shape);
    return { name: spec.name, shape, datatype: v2Datatype(spec.dtype), data: new Array(elements(shape)).fill(zero(spec.dtype)) };
  });
  if (inputs.some((i) => i.data.length > MAX_EXAMPLE_ELEMENTS)) return undefined;
  return { id: 'example-1', inputs };
}

/** An example V2 infer answer. */
export function v2ResponseExample(manifest: Manifest): unknown {
  const batch = batchableOf(manifest);
  const outputs = manifest.signature.outputs.map((spec) => {
    const shape = concrete(batch ? [1, ...spec.shape.slice(1)] : spec.shape);
    const count = elements(shape);
    return {
      name: spec.name,
      shape,
      datatype: v2Datatype(spec.dtype),
      data: count <= MAX_EXAMPLE_ELEMENTS ? new Array(count).fill(zero(spec.dtype)) : [],
    };
  });
  return { model_name: manifest.name, model_version: manifest.version, id: 'example-1', outputs };
}
