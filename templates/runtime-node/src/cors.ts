/** CORS for the configured origins ("*" for any): headers on answers, and preflight answers. */
import type { IncomingHttpHeaders } from 'node:http';

export interface Cors {
  /** Headers to add to an answer for this request (empty when the origin is not allowed). */
  headers(requestHeaders: IncomingHttpHeaders): Record<string, string>;
  /** Headers of a preflight (OPTIONS) answer for a route that answers the `allow` methods. */
  preflight(requestHeaders: IncomingHttpHeaders, allow: string): Record<string, string>;
}

const ALLOWED_HEADERS = 'Content-Type, Authorization, X-API-Key, X-Request-Id';
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** @example createCors(['https://app.example']).headers({ origin: 'https://app.example' }) */
export function createCors(origins: string[]): Cors {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '')));
  const allow = (origin: unknown): origin is string => typeof origin === 'string' && (any || allowed.has(origin));
  const headers = (requestHeaders: IncomingHttpHeaders): Record<string, string> => {
    if (allowed.size === 0) return NONE;
    const origin = requestHeaders.origin;
    if (!allow(origin)) return NONE;
    return any
      ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id' }
      : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id' };
  };
  return {
    headers,
    preflight(requestHeaders, allow) {
      const base = headers(requestHeaders);
      if (base === NONE) return { Allow: allow };
      return {
        ...base,
        Allow: allow,
        'Access-Control-Allow-Methods': allow,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      };
    },
  };
}
