/**
 * A small HTTP client for a running model container, used from the browser exactly as any outside
 * client would: by the app's Test window (the container's URL) and by the try-it page inside every
 * image (same origin: url ""). The API key, when the image has one, lives in the caller's memory only.
 */
import type { Metadata, PredictResponse } from '../../../main/shared/http-contract.ts';

/** Where the container is, and the key to send with each call. */
export interface ContainerTarget {
  /** "http://127.0.0.1:8080", or "" for the page's own origin. */
  url: string;
  apiKey?: string;
}

/** What went wrong talking to the container, in one sentence for the user. */
export class ContainerCallError extends Error {
  constructor(
    message: string,
    /** The server's error code (`INVALID_INPUT`, …), else the HTTP status as text, or UNREACHABLE / BAD_ANSWER. */
    readonly code: string,
    /** The HTTP status, when the container answered. */
    readonly status?: number,
    /** Seconds the container asked the caller to wait (503 and 429's Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ContainerCallError';
  }
}

export interface Timed<T> {
  value: T;
  /** Round trip, in milliseconds. */
  ms: number;
}

function unreachable(target: ContainerTarget): ContainerCallError {
  // In the app the person can look the container up in Containers; on the page there is only this server.
  const message = target.url
    ? `The container at ${target.url} did not answer: is it running? (Containers)`
    : 'The model server did not answer: is it still running?';
  return new ContainerCallError(message, 'UNREACHABLE');
}

/** The headers every call carries: the API key, when there is one. */
export function keyHeaders(target: ContainerTarget, extra: Record<string, string> = {}): Record<string, string> {
  return target.apiKey ? { ...extra, 'X-API-Key': target.apiKey } : extra;
}

function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** The server's own words as the end of a sentence: a full stop added when it has none. */
function sentence(text: string): string {
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/** What a refusal means for the person waiting, by its status, before the server's own words. */
function leadOf(status: number, target: ContainerTarget): string | undefined {
  if (status === 413) return 'Too large for this model';
  if (status === 400 || status === 422) return 'The model could not use this input';
  if (status === 415) return 'The model does not take this kind of input';
  if (status === 503 || status === 429) return 'The model server is busy';
  if (status >= 500) return target.url ? 'The container failed' : 'The model server failed';
  return undefined;
}

/** The refusal in words: what the status means for the person waiting, then the server's own message (e.g. the column it names). */
function refusal(target: ContainerTarget, response: Response, body: unknown): ContainerCallError {
  const error = (body as { error?: { code?: string; message?: string } | string } | undefined)?.error;
  const retryAfterS = retryAfterOf(response);
  const own =
    typeof error === 'string' ? error : (error?.message ?? `the model server answered ${response.status} ${response.statusText}`.trim());
  const code = typeof error === 'object' && error?.code ? error.code : String(response.status);
  if (response.status === 401) {
    // The key itself is never repeated: it may be on a shared screen.
    const message = target.apiKey
      ? 'That API key was refused: check it and enter it again in "API key".'
      : 'This model needs an API key: enter it in "API key".';
    return new ContainerCallError(message, 'UNAUTHORIZED', 401);
  }
  const lead = leadOf(response.status, target);
  const words = lead ? `${lead}: ${sentence(own)}` : sentence(own);
  const wait = retryAfterS !== undefined ? ` Try again in ${retryAfterS} s.` : '';
  return new ContainerCallError(`${words}${wait}`, code, response.status, retryAfterS);
}

/** Fetches and reads a JSON answer; an `{error: {code, message}}` body becomes a ContainerCallError. */
export async function callJson<T>(target: ContainerTarget, path: string, init: RequestInit = {}): Promise<Timed<T>> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      ...init,
      headers: keyHeaders(target, (init.headers ?? {}) as Record<string, string>),
    });
  } catch {
    throw unreachable(target);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const ms = performance.now() - started;
  if (!response.ok) throw refusal(target, response, body);
  if (body === undefined) throw new ContainerCallError(`the model server's answer to ${path} was not JSON`, 'BAD_ANSWER', response.status);
  return { value: body as T, ms };
}

/** GET /metadata: labels, input codec, inputs and outputs. */
export async function fetchMetadata(target: ContainerTarget): Promise<Metadata> {
  return (await callJson<Metadata>(target, '/metadata')).value;
}

/** POST /predict?preview=true with a picture as its own content type (PNG or JPEG). */
export function predictPicture(
  target: ContainerTarget,
  picture: Blob,
  contentType = picture.type || 'image/png',
): Promise<Timed<PredictResponse>> {
  return callJson<PredictResponse>(target, '/predict?preview=true', {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: picture,
  });
}

/** POST /predict with {"instances": instances} as JSON (one tensor instance, or rows of a table by column name). */
export function predictInstances(target: ContainerTarget, instances: readonly unknown[]): Promise<Timed<PredictResponse>> {
  return callJson<PredictResponse>(target, '/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ instances }),
  });
}

/** POST /predict with {"instances": [instance]} as JSON. */
export function predictInstance(target: ContainerTarget, instance: unknown): Promise<Timed<PredictResponse>> {
  return predictInstances(target, [instance]);
}
