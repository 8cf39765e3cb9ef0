/** Optional API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** A checker for one key; `undefined` when no key is configured (every request passes). */
export function createKeyCheck(key: string | undefined): ((headers: IncomingHttpHeaders) => boolean) | undefined {
  if (!key) return undefined;
  const expected = digest(key);
  return (headers) => {
    const authorization = headers.authorization;
    let given: string | undefined;
    if (typeof authorization === 'string' && /^bearer /i.test(authorization)) given = authorization.slice(7).trim();
    else if (typeof headers['x-api-key'] === 'string') given = headers['x-api-key'];
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}
