/**
 * The arguments of one call from its request body: JSON, or a form whose "args" field is JSON
 * with `{"$binary": i}` where the file part "binary<i>" goes (dropped model files, pictures).
 */
import type { IncomingMessage } from 'node:http';
import { mediaType, readBody, type BodyAccount } from '../http/body.ts';
import { HttpError } from '../http/http-errors.ts';
import { readForm } from '../http/multipart.ts';
import { joinBinary } from '../shared/binary-envelope.ts';

/** A JSON call (settings, set-up) is small. */
export const MAX_JSON_ARGS_BYTES = 1024 * 1024;
/**
 * A form read whole into memory (a picture to preview). Dropped model files never come this way:
 * stageModel's form is streamed to disk (upload-to-disk.ts).
 */
export const MAX_FORM_BYTES = 64 * 1024 ** 2;
const MAX_PARTS = 64;

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'the call arguments are not valid JSON');
  }
}

export async function readCallArgs(req: IncomingMessage, account: BodyAccount): Promise<unknown> {
  const type = mediaType(req.headers['content-type']);
  if (type === 'application/json' || type === '') return parseJson((await readBody(req, MAX_JSON_ARGS_BYTES, account)).toString('utf8'));
  if (type !== 'multipart/form-data')
    throw new HttpError(415, 'UNSUPPORTED_MEDIA', 'send the call arguments as application/json or multipart/form-data');
  const form = await readForm(req, { maxBytes: MAX_FORM_BYTES, maxFiles: MAX_PARTS, maxFieldBytes: MAX_JSON_ARGS_BYTES }, account);
  const blobs: Uint8Array[] = [];
  for (const file of form.files) {
    const index = /^binary(\d{1,2})$/.exec(file.field)?.[1];
    if (index === undefined) throw new HttpError(400, 'BAD_REQUEST', `unexpected form part "${file.field.slice(0, 40)}"`);
    blobs[Number(index)] = new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length);
  }
  return joinBinary(parseJson(form.fields.args ?? ''), blobs);
}
