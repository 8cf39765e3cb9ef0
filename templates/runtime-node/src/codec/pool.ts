/**
 * A pool of codec worker threads: pictures are decoded and encoded there, one at a time per
 * worker, so the event loop only parses requests, admits work and answers. A job past its
 * deadline is dropped from the queue, or its worker is replaced (the only way to stop JavaScript
 * that is running).
 */
import type { Worker } from 'node:worker_threads';
import type { EncodedImage } from '../../../../main/codec/image-codec.ts';
import { InputError } from '../../../../main/errors.ts';
import type { ImageCodec } from '../../../../main/manifest.ts';
import { HttpError } from '../../../../main/http/http-errors.ts';
import { spawnEntry } from '../worker-entry.ts';
import { ownBuffer, type CodecReply, type CodecTask } from './protocol.ts';

export interface CodecJob {
  bytes: Uint8Array;
  codec: ImageCodec;
  maxPixels: number;
  preview?: boolean;
  /** The picture's pixels from its header (for the wait estimate); unknown counts as small. */
  pixels?: number;
  /** performance.now() after which the job is abandoned with 503. */
  deadline: number;
}

export interface CodecResult {
  encoded: EncodedImage;
  preview?: string;
}

/** Pictures above this many pixels teach the per-pixel cost; smaller ones the fixed cost of a job. */
const LARGE_PIXELS = 1_000_000;
/** The cost model before anything is learnt: a small picture's job, and each pixel of a large one. */
const INITIAL_FIXED_MS = 3;
const INITIAL_MS_PER_PIXEL = 50e-6;
/** A worker that dies this soon after it started, this many times in a row, is not replaced again. */
const EARLY_DEATH_MS = 2_000;
const MAX_EARLY_DEATHS = 3;
/**
 * Up to this many jobs per worker are always admitted, whatever the estimate: the workers never
 * idle for want of work, and a refusal costs the event loop too (the body was read to price it).
 */
const ALWAYS_ADMITTED_PER_WORKER = 32;

interface Queued {
  job: CodecJob;
  resolve: (result: CodecResult) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  born: number;
  /** What the worker's last reply said of its heap (heap-free.ts); 0 before its first. */
  heapFreeBytes: number;
  current?: Queued & { id: number; timer: NodeJS.Timeout; started: number };
}

/** Starts one worker: the bundled `codec-worker.mjs` in the image, the TypeScript source through tsx otherwise. */
export function spawnCodecWorker(): Worker {
  return spawnEntry('codec-worker', 'codec/worker.ts');
}

export function deadlinePassed(seconds: number): HttpError {
  return new HttpError(503, 'OVERLOADED', `the picture was not decoded within the request deadline of ${seconds} s; retry shortly`, {
    'Retry-After': '2',
  });
}

/** Rebuilds the error a worker reported: input errors keep their code, anything else is internal. */
function revive(error: { name: string; message: string; code?: string }): Error {
  if (error.code === 'INPUT_INVALID' || error.code === 'INPUT_TOO_LARGE' || error.code === 'UNSUPPORTED_MEDIA')
    return new InputError(error.message, { code: error.code });
  return Object.assign(new Error(error.message), { name: error.name });
}

export class CodecPool {
  private readonly slots: Slot[] = [];
  private queue: Queued[] = [];
  private nextId = 1;
  private closed = false;
  /** A job's milliseconds in a worker are modelled as fixedMs + msPerPixel x pixels, both moving averages. */
  fixedMs = INITIAL_FIXED_MS;
  msPerPixel = INITIAL_MS_PER_PIXEL;
  /** Jobs and pixels queued or running. */
  private jobs = 0;
  private pixels = 0;
  private earlyDeaths = 0;
  /** Set when workers cannot start at all: every job then fails with it. */
  private broken: Error | undefined;

  constructor(
    readonly size: number,
    private readonly spawn: () => Worker = spawnCodecWorker,
    private readonly deadlineSeconds = 20,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Jobs running in a worker. */
  get running(): number {
    return this.slots.filter((s) => s.current).length;
  }

  /** Committed but free heap in the workers, as their last replies said (heap-free.ts). */
  get heapFreeBytes(): number {
    return this.slots.reduce((sum, slot) => sum + slot.heapFreeBytes, 0);
  }

  /** Milliseconds a new job would wait before a worker takes it, from the work ahead of it and recent speed. */
  get expectedWaitMs(): number {
    if (this.jobs < this.size * ALWAYS_ADMITTED_PER_WORKER) return 0;
    return (this.jobs * this.fixedMs + this.pixels * this.msPerPixel) / this.size;
  }

  /**
   * Decodes and encodes a picture in a worker; `bytes` is transferred when it owns its buffer.
   * @example const { encoded } = await pool.run({ bytes, codec, maxPixels: 16e6, deadline: performance.now() + 20_000 });
   */
  run(job: CodecJob): Promise<CodecResult> {
    if (this.closed) return Promise.reject(new HttpError(503, 'NOT_READY', 'the server is shutting down', { 'Retry-After': '1' }));
    if (this.broken) return Promise.reject(this.broken);
    const pixels = job.pixels ?? 0;
    this.jobs++;
    this.pixels += pixels;
    return new Promise<CodecResult>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    }).finally(() => {
      this.jobs--;
      this.pixels -= pixels;
    });
  }

  /** Runs a small picture through every worker, so the first requests do not wait for them to load. */
  async warm(pngBase64: string, codec: ImageCodec): Promise<void> {
    const jobs = this.slots.map(() =>
      this.run({ bytes: Buffer.from(pngBase64, 'base64'), codec, maxPixels: 1_000_000, deadline: performance.now() + 60_000 }).catch(
        () => {},
      ),
    );
    await Promise.all(jobs);
    // A worker's first job loads its modules (seconds from source): its time says nothing of the work.
    this.fixedMs = INITIAL_FIXED_MS;
    this.msPerPixel = INITIAL_MS_PER_PIXEL;
  }

  /** Stops every worker; jobs still queued or running are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new HttpError(503, 'NOT_READY', 'the server is shutting down'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.current) {
          clearTimeout(slot.current.timer);
          slot.current.reject(new HttpError(503, 'NOT_READY', 'the server is shutting down'));
          slot.current = undefined;
        }
        slot.worker.removeAllListeners();
        await slot.worker.terminate();
      }),
    );
  }

  private start(): Slot {
    const slot: Slot = { worker: this.spawn(), born: performance.now(), heapFreeBytes: 0 };
    slot.worker.on('message', (reply: CodecReply) => this.onReply(slot, reply));
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', () => this.replace(slot, new Error('a codec worker exited')));
    slot.worker.unref();
    return slot;
  }

  /** A worker died or ran past a deadline: its job fails, and a fresh worker takes its place. */
  private replace(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const current = slot.current;
    slot.current = undefined;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (current) {
      clearTimeout(current.timer);
      current.reject(error);
    }
    this.earlyDeaths = !current && performance.now() - slot.born < EARLY_DEATH_MS ? this.earlyDeaths + 1 : 0;
    if (this.earlyDeaths >= MAX_EARLY_DEATHS) {
      // The worker cannot start (a missing file, say): fail the work instead of respawning forever.
      this.broken = new Error(`the codec workers cannot start: ${error instanceof Error ? error.message : String(error)}`);
      this.slots.splice(index, 1);
      for (const queued of this.queue.splice(0)) queued.reject(this.broken);
      return;
    }
    this.slots[index] = this.start();
    this.pump();
  }

  private onReply(slot: Slot, reply: CodecReply): void {
    slot.heapFreeBytes = reply.heapFreeBytes;
    const current = slot.current;
    if (!current || current.id !== reply.id) return;
    clearTimeout(current.timer);
    slot.current = undefined;
    this.learn(current.job.pixels ?? 0, performance.now() - current.started);
    if (reply.ok) current.resolve({ encoded: reply.encoded, preview: reply.preview });
    else current.reject(revive(reply.error));
    this.pump();
  }

  private learn(pixels: number, ms: number): void {
    if (pixels > LARGE_PIXELS) this.msPerPixel = this.msPerPixel * 0.7 + (Math.max(0, ms - this.fixedMs) / pixels) * 0.3;
    else this.fixedMs = this.fixedMs * 0.8 + Math.max(0.1, ms - this.msPerPixel * pixels) * 0.2;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.current) continue;
      const next = this.takeLive();
      if (!next) return;
      const id = this.nextId++;
      const now = performance.now();
      const timer = setTimeout(() => this.replace(slot, deadlinePassed(this.deadlineSeconds)), Math.max(0, next.job.deadline - now));
      slot.current = { ...next, id, timer, started: now };
      const bytes = ownBuffer(next.job.bytes, (a) => Uint8Array.from(a));
      const task: CodecTask = { id, bytes, codec: next.job.codec, maxPixels: next.job.maxPixels, preview: next.job.preview === true };
      slot.worker.postMessage(task, [bytes.buffer as ArrayBuffer]);
    }
  }

  /** The next queued job whose deadline has not passed; the others are refused. */
  private takeLive(): Queued | undefined {
    const now = performance.now();
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (next.job.deadline > now) return next;
      next.reject(deadlinePassed(this.deadlineSeconds));
    }
    return undefined;
  }
}
