import { describe, expect, it } from 'vitest';
import type { Sample } from '../../main/inference/batch.ts';
import { Batcher, type BatchObserver } from '../../templates/runtime-node/src/batcher.ts';
import { HttpError } from '../../main/http/http-errors.ts';

const sample = (value: number, size = 1): Sample => ({ x: { dtype: 'float32', dims: [size], data: new Float32Array(size).fill(value) } });
const valueOf = (s: Sample): number => (s.y ?? s.x)!.data[0] as number;

/** A fake model: doubles its inputs, fails on -1, records each call's size and how many ran at once. */
function fakeModel(delayMs = 2) {
  const calls: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = async (samples: Sample[]): Promise<Sample[]> => {
    calls.push(samples.length);
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, delayMs)); // The model's work time, so calls can overlap.
    running--;
    if (samples.some((s) => valueOf(s) === -1)) throw new Error('the model cannot take -1');
    return samples.map((s) => ({ y: { dtype: 'float32', dims: s.x!.dims, data: (s.x!.data as Float32Array).map((v) => v * 2) } }));
  };
  return { run, calls, maxRunning: () => maxRunning };
}

function observer(): BatchObserver & { sizes: number[]; overloads: number } {
  const o = {
    sizes: [] as number[],
    overloads: 0,
    batch: (n: number) => o.sizes.push(n),
    waited: () => {},
    overloaded: () => o.overloads++,
  };
  return o;
}

describe('dynamic batcher', () => {
  it('merges concurrent requests into few calls and gives each caller its own outputs', async () => {
    const model = fakeModel();
    const batcher = new Batcher(model.run, { maxBatchSize: 8, maxWaitMs: 5, maxQueue: 100 }, observer());
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.submit([sample(i)])));
    results.forEach(([out], i) => expect(valueOf(out!)).toBe(i * 2));
    expect(Math.max(...model.calls)).toBeLessThanOrEqual(8);
    expect(model.calls.length).toBeLessThanOrEqual(10);
    expect(model.maxRunning()).toBe(1);
  });

  it('keeps the samples of one request together and in order', async () => {
    const model = fakeModel();
    const batcher = new Batcher(model.run, { maxBatchSize: 4, maxWaitMs: 1, maxQueue: 100 }, observer());
    const [a, b] = await Promise.all([
      batcher.submit([sample(1), sample(2), sample(3)]),
      batcher.submit([sample(4), sample(5), sample(6)]),
    ]);
    expect(a.map(valueOf)).toEqual([2, 4, 6]);
    expect(b.map(valueOf)).toEqual([8, 10, 12]);
  });

  it('runs a lone request at once, without waiting for a fuller batch', async () => {
    const model = fakeModel(0);
    const batcher = new Batcher(model.run, { maxBatchSize: 64, maxWaitMs: 1000, maxQueue: 100 }, observer());
    const started = performance.now();
    await batcher.submit([sample(1)]);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('waits for requests still being read, but at most max_wait_ms', async () => {
    const model = fakeModel(0);
    const batcher = new Batcher(model.run, { maxBatchSize: 64, maxWaitMs: 300, maxQueue: 100 }, observer());
    // A request whose body takes 60 ms to read: the slowness is what is tested.
    const slow = batcher.collect(() => new Promise((resolve) => setTimeout(() => resolve([sample(2)]), 60)));
    const stuck = batcher.collect(() => new Promise(() => {}));
    const started = performance.now();
    const [first] = await batcher.submit([sample(1)]);
    const waited = performance.now() - started;
    expect(valueOf(first!)).toBe(2);
    expect(valueOf((await slow).outputs[0]!)).toBe(4);
    // The slow request joined the first batch; the stuck one held it back no longer than max_wait_ms.
    expect(model.calls).toEqual([2]);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1000);
    void stuck;
  });

  it('runs samples of different shapes in separate calls', async () => {
    const model = fakeModel();
    const batcher = new Batcher(model.run, { maxBatchSize: 16, maxWaitMs: 5, maxQueue: 100 }, observer());
    const results = await Promise.all([batcher.submit([sample(1, 2)]), batcher.submit([sample(2, 3)]), batcher.submit([sample(3, 2)])]);
    expect(results.map(([o]) => o!.y!.dims[0])).toEqual([2, 3, 2]);
    expect(model.calls.sort()).toEqual([1, 2]);
  });

  it('fails only the callers whose samples make the model fail', async () => {
    const model = fakeModel();
    const batcher = new Batcher(model.run, { maxBatchSize: 16, maxWaitMs: 5, maxQueue: 100 }, observer());
    const outcomes = await Promise.allSettled([batcher.submit([sample(1)]), batcher.submit([sample(-1)]), batcher.submit([sample(3)])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(valueOf((outcomes[2] as PromiseFulfilledResult<Sample[]>).value[0]!)).toBe(6);
    const [after] = await batcher.submit([sample(5)]);
    expect(valueOf(after!)).toBe(10);
  });

  it('refuses work past max_queue with a 503 and Retry-After, counting it', async () => {
    const model = fakeModel(20);
    const seen = observer();
    const batcher = new Batcher(model.run, { maxBatchSize: 2, maxWaitMs: 0, maxQueue: 4 }, seen);
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => batcher.submit([sample(i)])));
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const { reason } of rejected) {
      expect(reason).toBeInstanceOf(HttpError);
      expect(reason).toMatchObject({ status: 503, code: 'OVERLOADED', headers: { 'Retry-After': '1' } });
    }
    expect(seen.overloads).toBe(rejected.length);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses samples past the byte limit of the queue, but always admits a request when nothing waits', async () => {
    const model = fakeModel(20);
    const seen = observer();
    const batcher = new Batcher(model.run, { maxBatchSize: 64, maxWaitMs: 1000, maxQueue: 100 }, seen);
    // 1,000 floats a sample: 4,000 bytes; the limit holds two.
    batcher.limitQueueBytes(8_000);
    const big = (i: number) => sample(i, 1000);
    const alone = batcher.submit([big(1), big(2), big(3)]);
    const second = batcher.submit([big(4)]);
    await expect(second).rejects.toMatchObject({ status: 503, code: 'OVERLOADED' });
    expect((await alone).map(valueOf)).toEqual([2, 4, 6]);
    // Once the queue is taken by the model, its bytes are free again.
    expect((await batcher.submit([big(5)])).map(valueOf)).toEqual([10]);
    expect(seen.overloads).toBe(1);
  });

  it('drains: stops waiting for fuller batches and resolves when nothing is left', async () => {
    const model = fakeModel(0);
    const batcher = new Batcher(model.run, { maxBatchSize: 64, maxWaitMs: 1000, maxQueue: 100 }, observer());
    const started = performance.now();
    const pending = batcher.submit([sample(1)]);
    await batcher.drain();
    expect(valueOf((await pending)[0]!)).toBe(2);
    expect(performance.now() - started).toBeLessThan(500);
    expect(batcher.depth).toBe(0);
  });
});
