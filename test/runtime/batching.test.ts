import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Predictor } from '../../main/inference/predictor.ts';
import type { ClassPrediction } from '../../main/shared/http-contract.ts';
import { digitSamples, digitsProject, instance, postJson, serve, type Served } from './helpers.ts';

const projects: string[] = [];
const servers: Served[] = [];

afterAll(async () => {
  const codes = await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
  expect(codes.every((c) => c === 0)).toBe(true);
});

/** Sum and count of a Prometheus histogram. */
function histogram(text: string, name: string): { sum: number; count: number; le1: number } {
  const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
  return {
    sum: value(new RegExp(`^${name}_sum (\\S+)$`, 'm')),
    count: value(new RegExp(`^${name}_count (\\S+)$`, 'm')),
    le1: value(new RegExp(`^${name}_bucket\\{le="1"\\} (\\S+)$`, 'm')),
  };
}

describe('dynamic batching through the server', () => {
  let server: Served;
  let predictor: Predictor;

  beforeAll(async () => {
    const project = await digitsProject({ max_batch_size: 16, max_wait_ms: 10 });
    projects.push(project);
    [server, predictor] = await Promise.all([
      serve(project, { env: { CRANEML_LOG: 'off', CRANEML_MAX_CODEC_WAIT_MS: '60000' } }),
      Predictor.open(project),
    ]);
    servers.push(server);
  });

  afterAll(async () => predictor?.close());

  it('answers 250 concurrent requests of three kinds, each with its own correct answer, in batches larger than 1', async () => {
    const instances = Array.from({ length: 150 }, (_, k) => instance((r, c) => ((r * 7 + c * 3 + k * 11) % 17) / 16));
    const want = (await predictor.predict(instances.map((i) => predictor.sampleFromInstance(i)))) as ClassPrediction[];
    const samples = await digitSamples();
    const wantImages = (await predictor.predict(
      await Promise.all(samples.map(([, png]) => predictor.sampleFromImage(png))),
    )) as ClassPrediction[];

    const jsonCalls = instances.map(async (inst, k) => {
      const { status, body } = await postJson(`${server.url}/predict`, { instances: [inst] });
      expect(status).toBe(200);
      expect(body.predictions[0].label, `instance ${k}`).toBe(want[k]!.label);
      expect(body.predictions[0].score).toBeCloseTo(want[k]!.score, 4);
    });
    const imageCalls = Array.from({ length: 50 }, async (_, k) => {
      const [digit, png] = samples[k % samples.length]!;
      const response = await fetch(`${server.url}/predict`, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { 'Content-Type': 'image/png' },
      });
      expect(response.status).toBe(200);
      const { predictions } = await response.json();
      expect(predictions[0].label, `${digit}.png`).toBe(wantImages[k % samples.length]!.label);
    });
    const v2Calls = Array.from({ length: 50 }, async (_, k) => {
      const rows = [instances[k]!, instances[(k + 1) % instances.length]!];
      const { status, body } = await postJson(`${server.url}/v2/models/digits/infer`, {
        id: `r${k}`,
        inputs: [{ name: 'input', shape: [2, 1, 28, 28], datatype: 'FP32', data: rows.flat(3) }],
      });
      expect(status).toBe(200);
      expect(body.id).toBe(`r${k}`);
      const logits = body.outputs[0].data as number[];
      [k, (k + 1) % instances.length].forEach((index, row) => {
        const scores = logits.slice(row * 10, row * 10 + 10);
        expect(String(scores.indexOf(Math.max(...scores)))).toBe(want[index]!.label);
      });
    });
    await Promise.all([...jsonCalls, ...imageCalls, ...v2Calls]);

    const text = await (await fetch(`${server.url}/metrics`)).text();
    const batches = histogram(text, 'craneml_batch_size');
    // 150 + 50 + 100 samples, plus the warm-up call which does not go through the batcher.
    expect(batches.sum).toBe(300);
    expect(batches.count).toBeLessThan(300);
    expect(batches.le1).toBeLessThan(batches.count);
    expect(batches.sum / batches.count).toBeGreaterThan(1.5);
  });
});

describe('overload', () => {
  it('answers 503 with Retry-After from a bounded queue, and stays ready', async () => {
    const project = await digitsProject({ max_batch_size: 2, max_wait_ms: 50, max_queue: 4 });
    projects.push(project);
    const server = await serve(project, { env: { CRANEML_LOG: 'off' } });
    servers.push(server);
    // Each request fills the whole queue, so any request that arrives while another waits overflows it.
    const body = { instances: Array.from({ length: 4 }, () => instance(() => 0.5)) };
    const answers = await Promise.all(Array.from({ length: 60 }, () => postJson(`${server.url}/predict`, body)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const answer of refused) {
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body.error.code).toBe('OVERLOADED');
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`craneml_rejected_overload_total ${refused.length}`));
  });
});
