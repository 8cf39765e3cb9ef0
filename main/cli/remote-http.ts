/** HTTP for `craneml predict <url>`: API key from the environment, and failures as CraneErrors with the server's message. */
import type { z } from 'zod';
import { errorMessageOf } from '../shared/http-contract.ts';
import { CraneError, type CraneErrorCode } from '../errors.ts';

/** "http://host:8080/" or "http://host:8080/predict" → "http://host:8080". */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/predict$/, '');
}

function authHeaders(): Record<string, string> {
  const key = process.env.CRANEML_API_KEY;
  return key ? { Authorization: `Bearer ${key}` } : {};
}

function codeForStatus(status: number): CraneErrorCode {
  if (status === 413) return 'INPUT_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA';
  if (status === 400 || status === 422) return 'INPUT_INVALID';
  if (status === 404) return 'NOT_FOUND';
  return 'NETWORK';
}

function networkError(url: string, error: unknown): CraneError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason =
    cause?.code === 'ECONNREFUSED'
      ? 'connection refused (is the server running?)'
      : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
  return new CraneError('NETWORK', `cannot reach ${url}: ${reason}`, { cause: error });
}

type RequestOptions = { method?: string; body?: RequestInit['body']; headers?: Record<string, string> };

/** Sends a request; a 2xx answer's text and parsed JSON (undefined when not JSON), else a CraneError with the server's message. */
async function send(url: string, init: RequestOptions): Promise<{ text: string; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: { Accept: 'application/json', ...authHeaders(), ...init.headers },
    });
  } catch (error) {
    throw networkError(url, error);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = errorMessageOf(body) ?? (text.slice(0, 200) || response.statusText);
    throw new CraneError(codeForStatus(response.status), `the server answered ${response.status}: ${message}`);
  }
  return { text, body };
}

/**
 * Sends a request and returns a 2xx answer's text (a CSV answer); anything else throws a CraneError.
 * @example const csv = await requestText(`${base}/predict`, { method: 'POST', body, headers: { Accept: 'text/csv' } });
 */
export async function requestText(url: string, init: RequestOptions = {}): Promise<string> {
  return (await send(url, init)).text;
}

/**
 * Sends a request and parses a 2xx JSON answer with `schema`; anything else throws a CraneError.
 * @example const meta = await requestJson(`${base}/metadata`, metadataSchema);
 */
export async function requestJson<T>(url: string, schema: z.ZodType<T>, init: RequestOptions = {}): Promise<T> {
  const { body } = await send(url, init);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new CraneError(
      'NETWORK',
      `${url} did not answer as a CraneML server does (${parsed.error.issues[0]?.message ?? 'unexpected body'})`,
    );
  return parsed.data;
}
