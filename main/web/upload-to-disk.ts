/**
 * The web mode's stageModel upload written straight to the staging folder, file part by file part:
 * the form's "args" field (sent first) names the files, each "binary<i>" part streams into its file,
 * and the whole body never sits in memory. Past the cap (MAX_STAGED_BYTES) the upload is refused at once.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import busboy from 'busboy';
import { z } from 'zod';
import { MAX_STAGED_BYTES, tooManyBytes, type StageOptions } from '../api/staging.ts';
import { CraneError } from '../errors.ts';
import { checkBodyHeaders, DEFAULT_MIN_RATE, tooSlow, watchPace, type BodyAccount } from '../http/body.ts';
import { HttpError } from '../http/http-errors.ts';
import { detachParser, malformedForm, pipeForm } from '../http/multipart.ts';
import { fileUploadSchema, inputShapeSchema } from '../shared/crane-api.ts';

/** The "args" field: stageModel's arguments with each file's bytes as `{"$binary": i}`. */
const argsSchema = z.object({
  files: z
    .array(z.object({ name: fileUploadSchema.shape.name, bytes: z.object({ $binary: z.number().int().min(0).max(63) }) }))
    .min(1)
    .max(64),
  inputShape: inputShapeSchema.optional(),
});
const MAX_ARGS_BYTES = 64 * 1024;
/** What a form adds around the files (boundaries, part headers, the args field). */
const FORM_OVERHEAD = 1024 * 1024;

/** A file that could not be written to the temp folder, said in one line (a full disk, mostly). */
function notStored(error: NodeJS.ErrnoException, name: string): CraneError {
  const why = error.code === 'ENOSPC' ? 'no space left in the temporary folder' : (error.code ?? error.message);
  return new CraneError('USAGE', `${name}: cannot keep the dropped file: ${why}`);
}

function badForm(message: string): HttpError {
  return new HttpError(400, 'BAD_REQUEST', message);
}

/** Which file name each "binary<i>" part carries, from the args field; its input shape goes into `options`. */
function namesOf(json: string, options: StageOptions): Map<number, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw badForm('the call arguments are not valid JSON');
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Arguments the contract refuses are a bad request (400), as any other call's (api-routes.ts).
    throw badForm(`stageModel: ${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  const names = new Map(parsed.data.files.map((f) => [f.bytes.$binary, f.name]));
  if (names.size !== parsed.data.files.length || new Set(names.values()).size !== names.size)
    throw new CraneError('USAGE', 'two dropped files have the same name; drop each file once');
  if (parsed.data.inputShape) options.inputShape = parsed.data.inputShape;
  return names;
}

/**
 * Writes the upload's files into `dir` and returns their names, putting what its args field says of the
 * model (an input shape) into `options`; rejects (after closing every file it opened, so the caller can
 * remove the folder) on the cap, a malformed form, a slow or vanished client.
 * @example const names = await receiveUpload(req, '/tmp/craneml-stage-x', exchange);
 */
export function receiveUpload(
  req: IncomingMessage,
  dir: string,
  account?: BodyAccount,
  maxBytes = MAX_STAGED_BYTES,
  options: StageOptions = {},
): Promise<string[]> {
  let parser: busboy.Busboy;
  try {
    checkBodyHeaders(req, maxBytes + FORM_OVERHEAD);
    parser = busboy({
      headers: req.headers,
      limits: { fileSize: maxBytes, files: 64, fields: 1, fieldSize: MAX_ARGS_BYTES, parts: 65, headerPairs: 32 },
    });
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) return Promise.reject(tooManyBytes(maxBytes));
    return Promise.reject(error instanceof HttpError ? error : malformedForm(error as Error));
  }
  return new Promise((resolve, reject) => {
    const open = new Set<WriteStream>();
    const written: string[] = [];
    let names: Map<number, string> | undefined;
    let total = 0;
    let settled = false;
    let parserDone = false;
    const pace = watchPace(account?.minRate ?? DEFAULT_MIN_RATE, () => fail(tooSlow()));

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      pace.stop();
      detachParser(req, parser);
      const closing = [...open].map((out) => new Promise((done) => (out.closed ? done(null) : (out.once('close', done), out.destroy()))));
      void Promise.all(closing).then(() => reject(error));
    };
    const finish = (): void => {
      if (settled || !parserDone || open.size > 0) return;
      if (!names) return fail(badForm('the form has no "args" field'));
      const missing = [...names.keys()].find((i) => !written.includes(names!.get(i)!));
      if (missing !== undefined) return fail(badForm(`the form has no part "binary${missing}"`));
      settled = true;
      pace.stop();
      resolve([...names.values()]);
    };

    parser.on('field', (field, value, info) => {
      if (field !== 'args' || info.valueTruncated) return fail(badForm(`unexpected form field "${field.slice(0, 40)}"`));
      try {
        names = namesOf(value, options);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (field, stream) => {
      const index = /^binary(\d{1,2})$/.exec(field)?.[1];
      const name = index === undefined ? undefined : names?.get(Number(index));
      if (name === undefined || written.includes(name)) {
        stream.resume();
        return fail(badForm(names ? `unexpected form part "${field.slice(0, 40)}"` : 'send the "args" field before the files'));
      }
      const target = path.join(dir, name);
      // A picked project folder's file keeps its place inside the folder (the args schema allows no climbing out).
      try {
        mkdirSync(path.dirname(target), { recursive: true });
      } catch (error) {
        stream.resume();
        return fail(notStored(error as NodeJS.ErrnoException, name));
      }
      const out = createWriteStream(target, { flags: 'wx' });
      open.add(out);
      written.push(name);
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        pace.count(chunk.length);
        if (total > maxBytes) fail(tooManyBytes(maxBytes));
      });
      stream.on('limit', () => fail(tooManyBytes(maxBytes)));
      stream.on('error', (error: Error) => fail(malformedForm(error)));
      out.on('error', (error: NodeJS.ErrnoException) => fail(notStored(error, name)));
      out.on('close', () => {
        open.delete(out);
        finish();
      });
      stream.pipe(out);
    });
    parser.on('filesLimit', () => fail(tooManyBytes(maxBytes)));
    parser.on('partsLimit', () => fail(badForm('the form has too many parts')));
    parser.on('fieldsLimit', () => fail(badForm('the form has too many fields')));
    pipeForm(req, parser, fail, () => {
      parserDone = true;
      finish();
    });
  });
}
