/** One request and its answer: the route it matched, its id, and the one way to write an answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { ErrorBody } from '../shared/http-contract.ts';
import type { BodyAccount, BodyBudget } from './body.ts';
import type { HttpError } from './http-errors.ts';

const BOOT = randomBytes(3).toString('hex');
let counter = 0;
const CLIENT_ID = /^[\w.:@/+=-]{1,128}$/;

/** Everything the log line and the metrics need about one answered request. */
export interface AnswerRecord {
  exchange: Exchange;
  status: number;
  bytesOut: number;
}

export type AnswerListener = (record: AnswerRecord) => void;

/** What all exchanges of one server share. */
export interface ExchangeShared {
  budget: BodyBudget;
  onAnswer: AnswerListener;
  /** True once the server is shutting down: answers then close their connections. */
  draining: boolean;
}

export class Exchange implements BodyAccount {
  get budget(): BodyBudget {
    return this.shared.budget;
  }

  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly start = performance.now();
  readonly id: string;
  /** The route pattern (a metrics label), e.g. "/v2/models/{name}/infer"; "unmatched" before routing. */
  route = 'unmatched';
  path = '';
  /** V2 paths answer errors as `{"error": "<message>"}`. */
  v2 = false;
  /** Headers every answer carries (CORS). */
  baseHeaders: Record<string, string> = {};
  errorCode: string | undefined;
  /** The Retry-After of an error answer, in seconds. */
  retryAfter: number | undefined;
  samples: number | undefined;
  answered = false;
  /** Body bytes this request holds of the server's budget. */
  held = 0;
  private readonly shared: ExchangeShared;

  constructor(req: IncomingMessage, res: ServerResponse, shared: ExchangeShared) {
    this.req = req;
    this.res = res;
    this.shared = shared;
    const given = req.headers['x-request-id'];
    this.id = typeof given === 'string' && CLIENT_ID.test(given) ? given : `${BOOT}-${(++counter).toString(36)}`;
  }

  /** Writes the whole answer at once, with Content-Length, and records it. */
  send(status: number, contentType: string, body: string | Buffer, headers?: Record<string, string>): void {
    if (this.answered) return;
    this.answered = true;
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const all: Record<string, string | number> = {
      'Content-Type': contentType,
      'Content-Length': length,
      'X-Request-Id': this.id,
      ...this.baseHeaders,
      ...headers,
    };
    if (this.shared.draining) all.Connection = 'close';
    this.res.writeHead(status, all);
    this.res.end(body);
    this.shared.onAnswer({ exchange: this, status, bytesOut: length });
  }

  json(status: number, body: string, headers?: Record<string, string>): void {
    this.send(status, 'application/json; charset=utf-8', body, headers);
  }

  /** An empty answer (204, preflight). */
  empty(status: number, headers: Record<string, string>): void {
    this.send(status, 'text/plain; charset=utf-8', '', headers);
  }

  /** The error body of this path's API: native `{"error": {"code", "message"}}` or V2 `{"error": "..."}`. */
  error(error: HttpError): void {
    this.errorCode = error.code;
    const retry = error.headers['Retry-After'];
    if (retry !== undefined) this.retryAfter = Number(retry);
    const body = this.v2 ? { error: error.message } : ({ error: { code: error.code, message: error.message } } satisfies ErrorBody);
    this.json(error.status, JSON.stringify(body), error.headers);
  }

  /**
   * Reads and discards what is left of the request body after an early answer, so the client gets
   * to read that answer instead of a reset; past `maxBytes` or `maxMs` the connection is closed.
   */
  discardBody(maxBytes = 32 * 1024 * 1024, maxMs = 5_000): void {
    const { req } = this;
    if (req.complete || req.destroyed) return;
    let seen = 0;
    const timer = setTimeout(() => req.socket.destroy(), maxMs);
    const stop = (): void => {
      clearTimeout(timer);
      req.off('data', count);
    };
    const count = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > maxBytes) {
        stop();
        req.socket.destroy();
      }
    };
    req.on('data', count);
    req.once('end', stop);
    req.once('close', stop);
    req.resume();
  }

  /** The client went away: nothing can be sent; the record says 499 like nginx. */
  abandon(): void {
    if (this.answered) return;
    this.answered = true;
    this.res.destroy();
    this.shared.onAnswer({ exchange: this, status: 499, bytesOut: 0 });
  }
}
