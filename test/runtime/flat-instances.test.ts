/**
 * The real server (`craneml serve`'s, in this process) takes a JSON instance sent flat when its length is the model's
 * sample size (784 numbers for the digits model's [1, 28, 28]) and answers it as the nested one;
 * any other length is a 422 naming both shapes.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsProject, instance } from './helpers.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

describe('flat JSON instances over HTTP', () => {
  let dir = '';
  let server: InProcessServer;
  beforeAll(async () => {
    dir = await digitsProject();
    server = await serveInProcess(dir);
  }, 90_000);
  afterAll(async () => {
    await server?.shutdown();
    await rm(dir, { recursive: true, force: true });
  });

  // A vertical stroke, roughly a 1.
  const nested = instance((row, col) => (col >= 13 && col <= 15 && row >= 4 && row <= 23 ? 1 : 0));
  const flat = nested.flat(2);

  it('answers 784 flat numbers as it answers the nested [1, 28, 28] instance, in the same request too', async () => {
    expect(flat).toHaveLength(784);
    const one = await server.postJson(`${server.url}/predict`, { instances: [nested] });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    const both = await server.postJson(`${server.url}/predict`, { instances: [flat, nested] });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.body.predictions).toEqual([one.body.predictions[0], one.body.predictions[0]]);
  });

  it('refuses another length with a 422 naming the shape it got and the one the model expects', async () => {
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances: [flat.slice(0, 783)] });
    expect(status).toBe(422);
    expect(body.error.code).toBe('INPUT_INVALID');
    expect(body.error.message).toBe('input "input" has shape [783] but the model expects [1, 28, 28], or 784 values in one flat list');
    const second = await server.postJson(`${server.url}/predict`, { instances: [flat, [...flat, 0]] });
    expect(second.status).toBe(422);
    expect(second.body.error.message).toMatch(/^instance 1: input "input" has shape \[785\] but the model expects \[1, 28, 28\]/);
  });

  it('documents the flat form in /openapi.json beside the nested one', async () => {
    const doc = await (await server.fetch(`${server.url}/openapi.json`)).json();
    const body = doc.paths['/predict'].post.requestBody.content['application/json'].schema.oneOf[0];
    const schema = body.properties.instances.items;
    expect(schema.oneOf[1]).toEqual({ type: 'array', items: { type: 'number' }, minItems: 784, maxItems: 784 });
    expect(schema.oneOf[0]).toMatchObject({ type: 'array', minItems: 1, maxItems: 1 });
    expect(schema.description).toBe('input "input": float32 [1, 28, 28], nested or flat (784 values)');
  });
});
