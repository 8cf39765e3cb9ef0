/** The Open Inference Protocol (KServe V2) part of the OpenAPI document. */
import type { Manifest } from '../../../main/manifest.ts';
import { content, errors, get, ref, type Doc } from './openapi-parts.ts';
import { v2RequestExample, v2ResponseExample } from './openapi-model.ts';
import { V2_DATATYPES } from '../../../main/shared/http-contract.ts';
import { acceptsDatatype } from '../../../main/shared/v2-types.ts';
import { columnDatatypes } from '../../../main/inference/table-v2.ts';

/**
 * The generic V2 request schema narrowed to this model: its input names (a table's columns too),
 * and the datatypes they take.
 */
export function v2RequestSchemaFor(manifest: Manifest, generic: Doc): Doc {
  const inputs = manifest.signature.inputs;
  const columns = manifest.input.kind === 'table' ? manifest.input.columns : [];
  const datatypes = V2_DATATYPES.filter(
    (datatype) =>
      inputs.some((input) => acceptsDatatype(input.dtype, datatype)) || columns.some((c) => columnDatatypes(c.type).includes(datatype)),
  );
  // When every input has the same rank, the shape's length is known too; 0 means the model did
  // not say (a TF.js model without shapes), so any shape goes. A table's columns are [N] or [N, 1].
  const ranks = new Set(inputs.map((input) => input.shape.length));
  const rank = ranks.size === 1 && !ranks.has(0) && columns.length === 0 ? [...ranks][0] : undefined;
  const names = [...new Set([...columns.map((c) => c.name), ...inputs.map((input) => input.name)])];
  const properties = generic.properties as Record<string, Doc>;
  const inputItem = properties.inputs!.items as Doc & { properties: Record<string, Doc> };
  const narrowedInput = {
    ...inputItem,
    properties: {
      ...inputItem.properties,
      name: { type: 'string', enum: names },
      datatype: { type: 'string', enum: datatypes },
      shape: rank ? { ...inputItem.properties.shape, minItems: rank, maxItems: rank } : inputItem.properties.shape,
    },
  };
  const outputItem = properties.outputs!.items as Doc & { properties: Record<string, Doc> };
  const narrowedOutput = {
    ...outputItem,
    properties: { ...outputItem.properties, name: { type: 'string', enum: manifest.signature.outputs.map((output) => output.name) } },
  };
  return {
    ...generic,
    properties: {
      ...properties,
      inputs: { ...properties.inputs, maxItems: Math.max(inputs.length, columns.length), items: narrowedInput },
      outputs: { ...properties.outputs, items: narrowedOutput },
    },
  };
}

export function v2Paths(manifest: Manifest): Doc {
  const name = manifest.name;
  const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [name] } };
  const versionParam = { name: 'version', in: 'path', required: true, schema: { type: 'string', enum: [manifest.version] } };
  const infer = (params: Doc[]): Doc => ({
    post: {
      summary: 'Open Inference Protocol (KServe V2) inference',
      parameters: params,
      requestBody: { required: true, content: content(ref('V2InferRequest'), v2RequestExample(manifest)) },
      responses: {
        200: { description: 'Output tensors', content: content(ref('V2InferResponse'), v2ResponseExample(manifest)) },
        ...errors([400, 404, 413, 415, 422, 503], true),
      },
    },
  });
  const model = (params: Doc[]): Doc => ({
    get: {
      summary: 'Model metadata',
      parameters: params,
      responses: { 200: { description: 'OK', content: content(ref('V2ModelMetadata')) }, ...errors([404], true) },
    },
  });
  const ready = (params: Doc[]): Doc => ({
    get: {
      summary: 'Model readiness',
      parameters: params,
      responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' }, ...errors([404], true) },
    },
  });
  return {
    '/v2': get('Server metadata', ref('V2ServerMetadata')),
    '/v2/health/live': get('Liveness', { type: 'object', properties: { live: { type: 'boolean' } } }),
    '/v2/health/ready': get('Readiness', { type: 'object', properties: { ready: { type: 'boolean' } } }),
    '/v2/models/{name}': model([nameParam]),
    '/v2/models/{name}/ready': ready([nameParam]),
    '/v2/models/{name}/infer': infer([nameParam]),
    '/v2/models/{name}/versions/{version}': model([nameParam, versionParam]),
    '/v2/models/{name}/versions/{version}/ready': ready([nameParam, versionParam]),
    '/v2/models/{name}/versions/{version}/infer': infer([nameParam, versionParam]),
  };
}
