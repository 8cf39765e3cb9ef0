/**
 * Who may use the web mode: requests to this server by its loopback name (no DNS rebinding), from
 * its own page (Origin), carrying the session token that `craneml ui` printed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SessionGuard {
  token: string;
  /** Why the request is refused, or undefined when it may go on. */
  refuse(headers: IncomingHttpHeaders, presentedToken: string | undefined): string | undefined;
}

export function createSessionGuard(port: number, token = randomBytes(24).toString('base64url')): SessionGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const expected = Buffer.from(token);
  return {
    token,
    refuse(headers, presentedToken) {
      if (!hosts.has(headers.host ?? '')) return 'unknown host';
      if (headers.origin !== undefined && !origins.has(headers.origin)) return 'cross-origin request';
      const presented = Buffer.from(presentedToken ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'missing or wrong session token';
      return undefined;
    },
  };
}
