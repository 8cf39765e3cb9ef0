/** Reads request bodies with a size limit; anything past the limit is refused with 413 before it is buffered. */
import type { IncomingMessage } from 'node:http';
import { ClientGoneError, HttpError, unavailable } from './http-errors.ts';

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'INPUT_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`);
}

/** A body this small (a typical picture or JSON request) may use the budget's reserve. */
export const SMALL_BODY_BYTES = 1024 * 1024;
/** The share of the budget kept for small bodies: large or unfinished uploads never take it. */
const RESERVE_SHARE = 0.25;

/**
 * The smallest budget that still lets one body of `maxBodyBytes` in (large bodies never take the reserve).
 * @example budgetForOneBody(10 * 1024 * 1024) // 13981014
 */
export function budgetForOneBody(maxBodyBytes: number): number {
  return Math.ceil(maxBodyBytes / (1 - RESERVE_SHARE));
}

/**
 * Bytes of request bodies held in memory by all requests together; past `max`, requests are
 * refused with 503 instead of growing memory without bound. A quarter is reserved for bodies of
 * at most 1 MiB, so uploads that are large or never finish cannot starve ordinary predictions.
 */
export class BodyBudget {
  used = 0;
  /** @param max bytes held at once (the model server sets it again once it knows its memory) */
  constructor(public max: number) {}

  /** Counts `bytes` more for a body that already holds `held`; false when its share is spent. */
  take(bytes: number, held = 0): boolean {
    const limit = held + bytes <= SMALL_BODY_BYTES ? this.max : this.max * (1 - RESERVE_SHARE);
    if (this.used + bytes > limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** Upload pace every body must keep: bytes per second on average once the grace has passed, and no long silence. */
export interface MinRate {
  bytesPerSecond: number;
  graceMs: number;
  idleMs: number;
}

/** 16 KiB/s after 3 s, and never 5 s without a byte: a stalled upload is cut off long before the 60 s request timeout. */
export const DEFAULT_MIN_RATE: MinRate = { bytesPerSecond: 16 * 1024, graceMs: 3_000, idleMs: 5_000 };

export function tooSlow(): HttpError {
  return new HttpError(408, 'BAD_REQUEST', 'the request body arrived too slowly; send it at a steady pace', { Connection: 'close' });
}

/**
 * Watches a body's pace; calls `onSlow` once when it falls behind `rate`. Returns the function that
 * counts received bytes and the one that stops watching.
 * @example const pace = watchPace(DEFAULT_MIN_RATE, () => fail(tooSlow())); req.on('data', (c) => pace.count(c.length));
 */
export function watchPace(rate: MinRate, onSlow: () => void): { count: (bytes: number) => void; stop: () => void } {
  const started = performance.now();
  let last = started;
  let received = 0;
  const timer = setInterval(
    () => {
      const now = performance.now();
      const behind = now - started > rate.graceMs && received < ((now - started) / 1000) * rate.bytesPerSecond;
      if (behind || now - last > rate.idleMs) {
        clearInterval(timer);
        onSlow();
      }
    },
    Math.min(500, rate.idleMs / 2),
  );
  timer.unref();
  return {
    count: (bytes) => {
      received += bytes;
      last = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}

/** What one request holds of the budget; given back when it is answered. */
export interface BodyAccount {
  budget: BodyBudget;
  held: number;
  /** The pace its body must keep (default DEFAULT_MIN_RATE). */
  minRate?: MinRate;
}

/** Counts a chunk against the budget; false when the budget is spent. */
export function hold(account: BodyAccount | undefined, bytes: number): boolean {
  if (!account) return true;
  if (!account.budget.take(bytes, account.held)) return false;
  account.held += bytes;
  return true;
}

export function busy(): HttpError {
  return unavailable('OVERLOADED', 'the server holds too many request bodies right now; retry shortly');
}

/** The media type of a Content-Type header, lower-cased and without parameters ('' when absent). */
export function mediaType(header: string | undefined): string {
  if (!header) return '';
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/** Refuses compressed bodies (a decompression-bomb vector) and declared sizes over the limit. */
export function checkBodyHeaders(req: IncomingMessage, limit: number): void {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA',
      `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send the body uncompressed`,
    );
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * The whole body, at most `limit` bytes.
 * @example const bytes = await readBody(req, 10 * 1024 * 1024, exchange);
 */
export function readBody(req: IncomingMessage, limit: number, account?: BodyAccount): Promise<Buffer> {
  try {
    checkBodyHeaders(req, limit);
  } catch (error) {
    return Promise.reject(error);
  }
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const pace = watchPace(account?.minRate ?? DEFAULT_MIN_RATE, () => {
      if (settled) return;
      settled = true;
      cleanup();
      chunks.length = 0;
      reject(tooSlow());
    });
    const onData = (chunk: Buffer): void => {
      pace.count(chunk.length);
      size += chunk.length;
      const over = size > limit;
      if (over || !hold(account, chunk.length)) {
        settled = true;
        cleanup();
        chunks.length = 0;
        reject(over ? tooLarge(limit) : busy());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onClose = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new ClientGoneError());
    };
    const cleanup = (): void => {
      pace.stop();
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onClose);
    req.on('close', onClose);
  });
}
