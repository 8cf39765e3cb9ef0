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

/** "http://127.0.0.1:*" allows that scheme and host on any port. */
const ANY_PORT = /^(https?:\/\/[^/:]+):\*$/;
const PORT_SUFFIX = /:\d{1,5}$/;

/**
 * @example createCors(['https://app.example']).headers({ origin: 'https://app.example' })
 * @example createCors(['http://127.0.0.1:*']).headers({ origin: 'http://127.0.0.1:5173' })
 */
export function createCors(origins: string[]): Cors {
  const any = origins.includes('*');
  const trimmed = origins.map((o) => o.replace(/\/+$/, ''));
  const allowed = new Set(trimmed.filter((o) => !ANY_PORT.test(o)));
  const anyPort = new Set(trimmed.flatMap((o) => ANY_PORT.exec(o)?.[1] ?? []));
  const allow = (origin: unknown): origin is string =>
    typeof origin === 'string' &&
    (any || allowed.has(origin) || (PORT_SUFFIX.test(origin) && anyPort.has(origin.replace(PORT_SUFFIX, ''))));
  const headers = (requestHeaders: IncomingHttpHeaders): Record<string, string> => {
    if (allowed.size === 0 && anyPort.size === 0) return NONE;
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
