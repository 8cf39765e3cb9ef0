/**
 * Cost-based admission for image work. A picture's cost is known from its header before anything
 * is decoded; work is admitted against a budget of bytes in flight sized from the memory the
 * container may use, and against the wait the codec queue would add. Beyond either, the request is
 * refused at once with 503 and Retry-After instead of queueing until memory or patience runs out.
 */
import { decodeCost } from '../../../../main/codec/decode-cost.ts';
import { HttpError } from '../../../../main/http/http-errors.ts';
import { memoryLimit } from './cgroup.ts';

/** What the server needs besides image work: Node, the model runtime, the workers' heaps. */
const RESERVED_BYTES = 160 * 1024 * 1024;
/** At least this much is always admitted (one large picture at a time, even in a small container). */
const MIN_BUDGET = 64 * 1024 * 1024;
/** The share of the memory left after the reserve that image work may take. */
const SHARE = 0.5;

/**
 * Bytes of image work admitted at once for a memory limit.
 * @example workBudgetFor(256 * 1024 * 1024) // 64 MiB
 */
export function workBudgetFor(memory = memoryLimit()): number {
  return Math.max(MIN_BUDGET, Math.floor((memory - RESERVED_BYTES) * SHARE));
}

/** The bytes one picture costs while it is decoded, from its header (decode-cost.ts). */
export function pictureCost(bytes: Uint8Array): number {
  return decodeCost(bytes);
}

const MB = 1024 * 1024;

function overloaded(message: string, retrySeconds: number): HttpError {
  return new HttpError(503, 'OVERLOADED', message, { 'Retry-After': String(retrySeconds) });
}

export class WorkBudget {
  inFlight = 0;

  /**
   * @param max bytes of work in flight at once (set again once the server knows its memory: memory-plan.ts)
   * @param maxWaitMs longest expected codec queue wait a new request accepts
   * @param maxCost the most one request may cost: beyond it, 413 (a container's memory cannot hold it)
   */
  constructor(
    public max: number,
    readonly maxWaitMs = 2_000,
    public maxCost = Infinity,
  ) {}

  /** Throws 503 with Retry-After when the codec queue is longer than a request accepts (checked before its body is read, too). */
  checkWait(expectedWaitMs: number): void {
    if (expectedWaitMs > this.maxWaitMs)
      throw overloaded(
        `the server is busy decoding pictures (about ${Math.ceil(expectedWaitMs / 1000)} s of work queued); retry shortly`,
        Math.max(1, Math.ceil(expectedWaitMs / 1000)),
      );
  }

  /**
   * Admits `cost` bytes of work or throws 503 with Retry-After (413 past `maxCost`); the returned
   * function gives them back (once). A single request larger than the budget is admitted only when
   * nothing else is in flight.
   * @example const release = budget.admit(cost, pool.expectedWaitMs); try { ... } finally { release(); }
   */
  admit(cost: number, expectedWaitMs = 0): () => void {
    if (cost > this.maxCost)
      throw new HttpError(
        413,
        'INPUT_TOO_LARGE',
        `decoding this picture takes about ${Math.ceil(cost / MB)} MB; this server's memory limit lets it decode at most ` +
          `${Math.floor(this.maxCost / MB)} MB at once: send it smaller (a progressive JPEG or an interlaced PNG costs the most; a baseline JPEG the least)`,
      );
    this.checkWait(expectedWaitMs);
    if (this.inFlight > 0 && this.inFlight + cost > this.max)
      throw overloaded('the server is busy decoding large pictures; retry shortly', 1);
    this.inFlight += cost;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.inFlight -= cost;
    };
  }
}
