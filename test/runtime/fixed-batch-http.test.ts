/**
 * A model with a fixed batch of B (features [3, 4], as a tracing exporter writes it) over HTTP, with
 * the real server (`craneml serve`'s, in this process): B instances on /predict and a V2 tensor of B rows are answered,
 * one prediction a row; any other count is refused with 422 naming B, on both protocols.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../main/project.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

/** features [3, 4] -> label int64 [3], probabilities float32 [3, 3]. */
const MODEL = path.resolve('test/fixtures/onnx/classifiers/fixed_batch_label_probabilities.onnx');
const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
  [5.9, 3.0, 4.2, 1.5],
];
let dir: string;
let server: InProcessServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-fixed-batch-'));
  await initProject(MODEL, dir, { name: 'fixed3', labels: ['a', 'b', 'c'] });
  server = await serveInProcess(dir);
}, 90_000);

afterAll(async () => {
  await server?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('a model with a fixed batch of 3, over HTTP', () => {
  it('/predict: 3 instances give 3 predictions, each row its own', async () => {
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances: ROWS });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.predictions).toHaveLength(3);
    for (const p of body.predictions) {
      const sum = p.top_k.reduce((s: number, k: { score: number }) => s + k.score, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
    // Each row is answered as itself: the same row alone in other company scores the same.
    const again = await server.postJson(`${server.url}/predict`, { instances: [ROWS[1], ROWS[1], ROWS[1]] });
    expect(again.body.predictions[0]).toEqual(body.predictions[1]);
  });

  it.each([1, 2, 4])('/predict: %i instances are a 422 that names 3', async (count) => {
    const instances = Array.from({ length: count }, (_, i) => ROWS[i % 3]);
    const { status, body } = await server.postJson(`${server.url}/predict`, { instances });
    expect(status).toBe(422);
    expect(body.error.message).toBe(`model "fixed3" has a fixed batch of 3: send exactly 3 instances, one a row (got ${count})`);
  });

  it('V2: a [3, 4] tensor gives outputs of 3 rows, the same answers as /predict', async () => {
    const { status, body } = await server.postJson(`${server.url}/v2/models/fixed3/infer`, {
      inputs: [{ name: 'features', shape: [3, 4], datatype: 'FP32', data: ROWS.flat() }],
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const out = Object.fromEntries(body.outputs.map((o: { name: string }) => [o.name, o]));
    expect(out.probabilities).toMatchObject({ datatype: 'FP32', shape: [3, 3] });
    expect(out.label).toMatchObject({ datatype: 'INT64', shape: [3] });
    const native = await server.postJson(`${server.url}/predict`, { instances: ROWS });
    const byIndex = native.body.predictions.map((p: { index: number }) => p.index);
    const argmax = [0, 1, 2].map((r) => {
      const row = out.probabilities.data.slice(r * 3, r * 3 + 3) as number[];
      return row.indexOf(Math.max(...row));
    });
    expect(argmax).toEqual(byIndex);
  });

  it.each([1, 2, 6])('V2: a tensor of %i rows is a 422 whose error names 3', async (rows) => {
    const { status, body } = await server.postJson(`${server.url}/v2/models/fixed3/infer`, {
      inputs: [{ name: 'features', shape: [rows, 4], datatype: 'FP32', data: new Array(rows * 4).fill(0.5) }],
    });
    expect(status).toBe(422);
    expect(typeof body.error).toBe('string');
    expect(body.error).toMatch(/fixed batch of 3/);
    expect(body.error).toMatch(new RegExp(`got ${rows}\\b`));
  });
});
