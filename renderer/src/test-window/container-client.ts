/** A small HTTP client for a running model container, used from the browser exactly as any outside client would. */
import type { Metadata, PredictResponse } from '../../../main/shared/http-contract.ts';

/** What went wrong talking to the container, in one sentence for the user. */
export class ContainerCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
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

function unreachable(url: string): ContainerCallError {
  return new ContainerCallError(`The container at ${url} did not answer: is it running? (Containers)`, 'UNREACHABLE');
}

/** Fetches and reads a JSON answer; an `{error: {code, message}}` body becomes a ContainerCallError. */
async function callJson<T>(url: string, path: string, init?: RequestInit): Promise<Timed<T>> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, init);
  } catch {
    throw unreachable(url);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const ms = performance.now() - started;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } | string } | undefined)?.error;
    if (typeof error === 'string') throw new ContainerCallError(error, String(response.status));
    throw new ContainerCallError(
      error?.message ?? `the container answered ${response.status} ${response.statusText}`,
      error?.code ?? String(response.status),
    );
  }
  if (body === undefined) throw new ContainerCallError(`the container's answer to ${path} was not JSON`, 'BAD_ANSWER');
  return { value: body as T, ms };
}

/** GET /metadata: labels, input codec, inputs and outputs. */
export async function fetchMetadata(url: string): Promise<Metadata> {
  return (await callJson<Metadata>(url, '/metadata')).value;
}

/** POST /predict?preview=true with a picture as its own content type (PNG or JPEG). */
export function predictPicture(url: string, picture: Blob, contentType = picture.type || 'image/png'): Promise<Timed<PredictResponse>> {
  return callJson<PredictResponse>(url, '/predict?preview=true', {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: picture,
  });
}

/** POST /predict with {"instances": [instance]} as JSON. */
export function predictInstance(url: string, instance: unknown): Promise<Timed<PredictResponse>> {
  return callJson<PredictResponse>(url, '/predict', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ instances: [instance] }),
  });
}
