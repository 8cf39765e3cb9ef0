/**
 * Dynamic batching: samples from concurrent requests wait in one bounded queue and are merged into
 * one model call (up to `maxBatchSize` samples of equal shape, after at most `maxWaitMs`). One call
 * runs at a time; each caller gets its own outputs back, and a failing call fails only its callers.
 *
 * The wait is adaptive: a batch waits for more samples only while requests are on their way (their
 * bodies being read or decoded, see `collect`), and never longer than `maxWaitMs`. With nothing on
 * its way it runs at once, so a lone request pays no batching delay.
 */
import { shapeOf, type Sample } from '../../../main/inference/batch.ts';
import { unavailable } from '../../../main/http/http-errors.ts';

export interface BatcherOptions {
  maxBatchSize: number;
  maxWaitMs: number;
  /** Most samples waiting at once; more are refused with 503 and Retry-After. */
  maxQueue: number;
  /**
   * Most bytes of samples waiting at once (the container's memory plan); a request that would pass it
   * is refused the same way, unless nothing waits (one request within the body limits always runs).
   */
  maxQueueBytes?: number;
}

/** Runs a group of samples with equal keys in one model call and returns their outputs in order. */
export type RunSamples = (samples: Sample[]) => Promise<Sample[]>;

export interface BatchObserver {
  batch(size: number, seconds: number): void;
  waited(seconds: number): void;
  overloaded(): void;
}

interface Pending {
  sample: Sample;
  bytes: number;
  key: string;
  enqueued: number;
  resolve: (output: Sample) => void;
  reject: (error: unknown) => void;
}

export class Batcher {
  private queue: Pending[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private flushAt = 0;
  private urgent = false;
  private idleWaiters: (() => void)[] = [];
  /** Requests that will submit samples soon. */
  private incoming = 0;
  private immediate: NodeJS.Immediate | undefined;
  private queuedBytes = 0;

  constructor(
    private readonly run: RunSamples,
    private readonly options: BatcherOptions,
    private readonly observer: BatchObserver,
  ) {}

  /** Sets the byte limit of the queue (known once the model is loaded: memory-plan.ts). */
  limitQueueBytes(bytes: number): void {
    this.options.maxQueueBytes = bytes;
  }

  /** Samples waiting now. */
  get depth(): number {
    return this.queue.length;
  }

  /**
   * Queues samples and resolves with their outputs in the same order.
   * @example const [out] = await batcher.submit([sample]);
   */
  submit(samples: Sample[]): Promise<Sample[]> {
    const shapes = samples.map(shapeOf);
    const bytes = shapes.reduce((sum, shape) => sum + shape.bytes, 0);
    const overBytes = this.queue.length > 0 && this.queuedBytes + bytes > (this.options.maxQueueBytes ?? Infinity);
    if (this.queue.length + samples.length > this.options.maxQueue || overBytes) {
      this.observer.overloaded();
      return Promise.reject(unavailable('OVERLOADED', `the server is busy (${this.queue.length} samples queued); retry shortly`));
    }
    const now = performance.now();
    this.queuedBytes += bytes;
    const promises = samples.map(
      (sample, i) =>
        new Promise<Sample>((resolve, reject) =>
          this.queue.push({ sample, bytes: shapes[i]!.bytes, key: shapes[i]!.key, enqueued: now, resolve, reject }),
        ),
    );
    this.schedule();
    return samples.length === 1 ? promises[0]!.then((one) => [one]) : Promise.all(promises);
  }

  /**
   * Produces a request's samples (reading and decoding its body) and submits them; while it
   * produces, batches wait for it (up to max_wait_ms).
   * @example const { outputs } = await batcher.collect(() => samplesOf(request));
   */
  async collect(produce: () => Promise<Sample[]>): Promise<{ samples: Sample[]; outputs: Sample[] }> {
    this.incoming++;
    let samples: Sample[];
    try {
      samples = await produce();
    } catch (error) {
      this.incoming--;
      this.schedule();
      throw error;
    }
    const outputs = this.submit(samples);
    this.incoming--;
    this.schedule();
    return { samples, outputs: await outputs };
  }

  /** Stops waiting for fuller batches and resolves once the queue is empty and no call runs. */
  drain(): Promise<void> {
    this.urgent = true;
    this.schedule();
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const waited = performance.now() - this.queue[0]!.enqueued;
    if (this.urgent || this.queue.length >= this.options.maxBatchSize || waited >= this.options.maxWaitMs) {
      this.clearTimer();
      void this.flush();
      return;
    }
    if (this.incoming === 0) {
      // Nothing else is on its way: run after the requests already read in this turn of the event loop.
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        if (!this.running && this.queue.length > 0 && (this.incoming === 0 || this.urgent)) {
          this.clearTimer();
          void this.flush();
        } else this.schedule();
      });
      return;
    }
    const due = this.queue[0]!.enqueued + this.options.maxWaitMs;
    if (this.timer && this.flushAt <= due) return;
    this.clearTimer();
    this.flushAt = due;
    this.timer = setTimeout(this.onTimer, Math.max(0, due - performance.now()));
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.schedule();
  };

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Takes up to maxBatchSize samples with the first sample's key, keeping the others in order. */
  private take(): Pending[] {
    const key = this.queue[0]!.key;
    const max = this.options.maxBatchSize;
    if (this.queue.length <= max && this.queue.every((p) => p.key === key)) {
      const all = this.queue;
      this.queue = [];
      return all;
    }
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      if (batch.length < max && pending.key === key) batch.push(pending);
      else rest.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(): Promise<void> {
    this.running = true;
    const batch = this.take();
    for (const pending of batch) this.queuedBytes -= pending.bytes;
    const started = performance.now();
    for (const pending of batch) this.observer.waited((started - pending.enqueued) / 1000);
    try {
      const outputs = await this.run(batch.map((p) => p.sample));
      this.observer.batch(batch.length, (performance.now() - started) / 1000);
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(outputs[i]!);
    } catch (error) {
      this.observer.batch(batch.length, (performance.now() - started) / 1000);
      await this.isolate(batch, error);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
      else this.notifyIdle();
    }
  }

  /** After a failed call, runs each sample alone so that only the samples that fail are rejected. */
  private async isolate(batch: Pending[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]!.reject(error);
      return;
    }
    for (const pending of batch) {
      try {
        const [output] = await this.run([pending.sample]);
        pending.resolve(output!);
      } catch (alone) {
        pending.reject(alone);
      }
    }
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
