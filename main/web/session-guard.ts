/**
 * Who may use the web mode: a client on this machine (loopback peer), asking for this server by its
 * loopback name (no DNS rebinding), from its own page (Origin), with the token `craneml ui` printed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SessionGuard {
  token: string;
  /** Why the request is refused, or undefined when it may go on. */
  refuse(headers: IncomingHttpHeaders, presentedToken: string | undefined, peer: string | undefined): string | undefined;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** @example createSessionGuard(5173).refuse({ host: '127.0.0.1:5173' }, token, '127.0.0.1') // undefined */
export function createSessionGuard(port: number, token = randomBytes(24).toString('base64url')): SessionGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const expected = Buffer.from(token);
  return {
    token,
    refuse(headers, presentedToken, peer) {
      if (!isLoopback(peer)) return 'not a loopback client';
      if (!hosts.has(headers.host ?? '')) return 'unknown host';
      if (headers.origin !== undefined && !origins.has(headers.origin)) return 'cross-origin request';
      const presented = Buffer.from(presentedToken ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'missing or wrong session token';
      return undefined;
    },
  };
}
