/** Small builders shared by the parts of the OpenAPI document. */

export type Doc = Record<string, unknown>;

export const ref = (name: string): Doc => ({ $ref: `#/components/schemas/${name}` });

export function content(schema: Doc, example?: unknown): Doc {
  return { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON or a body that does not have the expected form',
  401: 'Missing or wrong API key',
  404: 'Unknown model or version',
  413: 'Body over the size limit, too many inputs, or an image over the pixel limit',
  415: 'Unsupported Content-Type or image format',
  422: 'Input of the wrong shape, dtype or value (the message names the expected shape)',
  503: 'Model not ready yet, or the queue is full (see Retry-After)',
};

export function errors(statuses: number[], v2 = false): Doc {
  const out: Doc = {};
  for (const status of statuses) out[status] = { description: ERROR_TEXT[status], content: content(ref(v2 ? 'V2Error' : 'Error')) };
  return out;
}

export function get(summary: string, schema: Doc, example?: unknown, extra: Doc = {}): Doc {
  return { get: { summary, responses: { 200: { description: 'OK', content: content(schema, example) }, ...extra } } };
}
