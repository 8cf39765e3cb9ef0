/**
 * Holds a connection's next work request for a moment after it was refused for overload, so that
 * clients retrying the instant they are refused cannot turn the server's CPU into refusals.
 */
import type { Socket } from 'node:net';

/**
 * Longest hold. Shorter than any Retry-After (at least 1 s), so a client that honours it never
 * waits; long enough that 256 instant retriers draw at most ~700 refusals/s (about 0.15 of a core at
 * 0.2 ms each) instead of thousands; short enough that a held request admitted afterwards still
 * meets a 2 s p99 next to the 1 s codec queue.
 */
export const MAX_HOLD_MS = 500;

/**
 * Remembers, per connection, until when its next work request waits. A refusal holds the
 * connection for between half and all of `maxMs` (at most the refusal's Retry-After): the spread
 * keeps held clients from coming back in one wave. The refusal itself is sent at once, and other
 * connections are not affected. Requests that cost next to nothing to answer (GET, HEAD, OPTIONS:
 * health checks, metrics) are never held.
 * @example hold.refused(socket, 1000); const waitMs = hold.waitFor(socket, 'POST');
 */
export class RefusalHold {
  private readonly until = new WeakMap<Socket, number>();

  constructor(
    readonly maxMs = MAX_HOLD_MS,
    private readonly random: () => number = Math.random,
  ) {}

  /** Notes that a request on `socket` was just refused with a Retry-After of `retryAfterMs`. */
  refused(socket: Socket, retryAfterMs: number): void {
    const ms = Math.min(this.maxMs, retryAfterMs) * (0.5 + this.random() / 2);
    if (ms > 0) this.until.set(socket, performance.now() + ms);
  }

  /** Milliseconds a `method` request arriving on `socket` now waits before it is handled (0: at once). */
  waitFor(socket: Socket, method: string | undefined): number {
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 0;
    const until = this.until.get(socket);
    if (until === undefined) return 0;
    const wait = until - performance.now();
    if (wait > 0) return wait;
    this.until.delete(socket);
    return 0;
  }
}
