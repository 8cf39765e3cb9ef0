/** Reads request bodies with a size limit; anything past the limit is refused with 413 before it is buffered. */
import type { IncomingMessage } from 'node:http';
import { ClientGoneError, HttpError, unavailable } from './http-errors.ts';

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'INPUT_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes`);
}

/**
 * Bytes of request bodies held in memory by all requests together; past `max`, requests are
 * refused with 503 instead of growing memory without bound.
 */
export class BodyBudget {
  used = 0;
  constructor(readonly max: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.max) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** What one request holds of the budget; given back when it is answered. */
export interface BodyAccount {
  budget: BodyBudget;
  held: number;
}

/** Counts a chunk against the budget; false when the budget is spent. */
export function hold(account: BodyAccount | undefined, bytes: number): boolean {
  if (!account) return true;
  if (!account.budget.take(bytes)) return false;
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
    const onData = (chunk: Buffer): void => {
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
