import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../main/manifest.ts';
import { DOCS_JS } from '../../templates/runtime-node/src/docs-assets.ts';
import { openApiDocument } from '../../templates/runtime-node/src/openapi.ts';
import type { Json } from './helpers.ts';

const sha = 'a'.repeat(64);
const tabular = parseManifest({
  name: 'two-inputs',
  version: '2.0.0',
  format: 'onnx',
  model: { entry: 'm.onnx', files: [{ path: 'm.onnx', sha256: sha, bytes: 1 }] },
  signature: {
    inputs: [
      { name: 'x', dtype: 'float32', shape: [-1, 3] },
      { name: 'k', dtype: 'int64', shape: [-1, 1] },
    ],
    outputs: [{ name: 'y', dtype: 'float32', shape: [-1, 2] }],
  },
});

function refsResolve(doc: Record<string, Json>): void {
  const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
  for (const ref of refs) expect(doc.components.schemas[ref.slice(22, -1)], ref).toBeDefined();
}

describe('OpenAPI document', () => {
  it('describes a tensor model with several inputs: an object per instance, raw outputs, no image forms', () => {
    const doc = openApiDocument(tabular, { apiKey: false }) as Record<string, Json>;
    const body = doc.paths['/predict'].post.requestBody.content;
    expect(Object.keys(body)).toEqual(['application/json']);
    const instance = body['application/json'].schema.oneOf[0].properties.instances.items;
    expect(instance).toMatchObject({ type: 'object', required: ['x', 'k'] });
    expect(instance.properties.x).toMatchObject({ type: 'array', minItems: 3, maxItems: 3, items: { type: 'number' } });
    expect(instance.properties.k.items).toEqual({ type: 'integer' });
    expect(body['application/json'].examples.instances.value).toEqual({ instances: [{ x: [0, 0, 0], k: [0] }] });
    const answer = doc.paths['/predict'].post.responses['200'].content['application/json'].example;
    expect(answer.predictions[0].outputs.y).toEqual({ dtype: 'float32', shape: [2], data: [0, 0] });
    const v2 = doc.paths['/v2/models/{name}/infer'].post.requestBody.content['application/json'].example;
    expect(v2.inputs).toEqual([
      { name: 'x', shape: [1, 3], datatype: 'FP32', data: [0, 0, 0] },
      { name: 'k', shape: [1, 1], datatype: 'INT64', data: [0] },
    ]);
    const v2Input = doc.components.schemas.V2InferRequest.properties.inputs;
    expect(v2Input.maxItems).toBe(2);
    expect(v2Input.items.properties.name.enum).toEqual(['x', 'k']);
    expect(v2Input.items.properties.datatype.enum).toContain('INT64');
    expect(v2Input.items.properties.datatype.enum).not.toContain('BYTES');
    expect(v2Input.items.properties.data).toEqual({ type: 'array' });
    expect(v2Input.items.properties.shape).toMatchObject({ minItems: 2, maxItems: 2 });
    expect(doc.components.securitySchemes).toBeUndefined();
    refsResolve(doc);
  });

  it('declares the API key and leaves health checks open when a key is set', () => {
    const doc = openApiDocument(tabular, { apiKey: true }) as Record<string, Json>;
    expect(doc.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    for (const path of ['/healthz', '/readyz', '/v2/health/live', '/v2/health/ready']) expect(doc.paths[path].get.security).toEqual([]);
    expect(doc.paths['/predict'].post.security).toBeUndefined();
  });

  it('ships a docs script that parses', () => {
    expect(() => new Function(DOCS_JS)).not.toThrow();
    expect(DOCS_JS).not.toMatch(/innerHTML|eval\(|https?:\/\//);
  });
});
