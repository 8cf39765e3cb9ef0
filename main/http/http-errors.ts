/** HTTP errors of the model server, and the mapping from CraneML's named errors to status codes. */
import { CraneError } from '../errors.ts';
import type { ErrorCode } from '../shared/http-contract.ts';

/** An error with the status and code the client will see. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** The client went away before an answer was possible; nothing is sent. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

const STATUS_OF_CODE: Partial<Record<string, [number, ErrorCode]>> = {
  INPUT_INVALID: [422, 'INPUT_INVALID'],
  INPUT_TOO_LARGE: [413, 'INPUT_TOO_LARGE'],
  UNSUPPORTED_MEDIA: [415, 'UNSUPPORTED_MEDIA'],
  NOT_FOUND: [404, 'NOT_FOUND'],
  USAGE: [400, 'BAD_REQUEST'],
};

/**
 * Any thrown value as an HttpError. Unknown exceptions become a 500 with a generic message;
 * `internal` is set so the caller logs the real cause.
 * @example toHttpError(new InputError('bad shape')).status // 422
 */
export function toHttpError(error: unknown): HttpError & { internal?: unknown } {
  if (error instanceof HttpError) return error;
  if (error instanceof CraneError) {
    const mapped = STATUS_OF_CODE[error.code];
    if (mapped) return new HttpError(mapped[0], mapped[1], error.message);
  }
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return new HttpError(422, 'INPUT_INVALID', 'the input is nested too deeply');
    if (/array length|buffer allocation|string length/i.test(error.message))
      return new HttpError(413, 'INPUT_TOO_LARGE', 'the input is too large');
  }
  const internal = new HttpError(500, 'INTERNAL', 'internal server error') as HttpError & { internal?: unknown };
  internal.internal = error;
  return internal;
}

/** 503 with Retry-After, for a full queue or a server that is not ready or is shutting down. */
export function unavailable(code: 'OVERLOADED' | 'NOT_READY', message: string): HttpError {
  return new HttpError(503, code, message, { 'Retry-After': '1' });
}
