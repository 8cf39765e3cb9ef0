/** Optional API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`, compared in constant time. */
import { readFileSync } from 'node:fs';
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

/** The API key from CRANEML_API_KEY, else from the file CRANEML_API_KEY_FILE names (trailing newline dropped). */
export function apiKeyFrom(
  env: NodeJS.ProcessEnv,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): string | undefined {
  if (env.CRANEML_API_KEY) return env.CRANEML_API_KEY;
  const file = env.CRANEML_API_KEY_FILE;
  if (!file) return undefined;
  let key: string;
  try {
    key = read(file).replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`CRANEML_API_KEY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (key === '') throw new Error(`CRANEML_API_KEY_FILE: ${file} is empty`);
  return key;
}
