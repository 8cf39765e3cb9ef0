/** A multipart/form-data body read whole, with limits on its size, files, fields and parts, counted against the body budget. */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { busy, checkBodyHeaders, DEFAULT_MIN_RATE, hold, tooLarge, tooSlow, watchPace, type BodyAccount } from './body.ts';
import { ClientGoneError, HttpError } from './http-errors.ts';

export interface MultipartLimits {
  maxBytes: number;
  maxFiles: number;
  /** Largest text field (default 64 KiB). */
  maxFieldBytes?: number;
}

export interface FormFile {
  field: string;
  bytes: Buffer;
}

export interface Form {
  /** Files in the order they came. */
  files: FormFile[];
  fields: Record<string, string>;
}

/** A form busboy cannot read: its message says why. */
export function malformedForm(error: Error): HttpError {
  return new HttpError(400, 'BAD_REQUEST', `malformed multipart/form-data: ${error.message}`);
}

/** Stops feeding `parser` after a failure; what it says later is dropped (the request has its answer). */
export function detachParser(req: IncomingMessage, parser: busboy.Busboy): void {
  req.unpipe(parser);
  parser.removeAllListeners();
  parser.on('error', () => {});
}

/** Feeds `req` to `parser`: `closed` once the parser has read the whole form; `fail` on a malformed form or a client gone first. */
export function pipeForm(req: IncomingMessage, parser: busboy.Busboy, fail: (error: Error) => void, closed: () => void): void {
  parser.on('error', (error: Error) => fail(malformedForm(error)));
  parser.on('close', closed);
  req.on('aborted', () => fail(new ClientGoneError()));
  req.on('close', () => {
    if (!req.complete) fail(new ClientGoneError());
  });
  req.pipe(parser);
}

/**
 * Every file and text field of a form.
 * @example const { files, fields } = await readForm(req, { maxBytes: 10e6, maxFiles: 64 });
 */
export function readForm(req: IncomingMessage, limits: MultipartLimits, account?: BodyAccount): Promise<Form> {
  let parser: busboy.Busboy;
  try {
    checkBodyHeaders(req, limits.maxBytes);
  } catch (error) {
    return Promise.reject(error);
  }
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        fileSize: limits.maxBytes,
        files: limits.maxFiles,
        fields: 32,
        fieldSize: limits.maxFieldBytes ?? 64 * 1024,
        parts: limits.maxFiles + 32,
        headerPairs: 32,
      },
    });
  } catch (error) {
    return Promise.reject(malformedForm(error as Error));
  }
  return new Promise((resolve, reject) => {
    const files: FormFile[] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    let settled = false;
    let pending = 0;
    let parserDone = false;
    const pace = watchPace(account?.minRate ?? DEFAULT_MIN_RATE, () => fail(tooSlow()));
    req.on('data', (chunk: Buffer) => pace.count(chunk.length));
    const fail = (error: Error): void => {
      pace.stop();
      if (settled) return;
      settled = true;
      detachParser(req, parser);
      req.resume();
      reject(error);
    };
    const finish = (): void => {
      if (settled || !parserDone || pending > 0) return;
      pace.stop();
      settled = true;
      resolve({ files, fields });
    };
    parser.on('file', (field, stream, info) => {
      pending++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxBytes) fail(tooLarge(limits.maxBytes));
        else if (!hold(account, chunk.length)) fail(busy());
        else chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits.maxBytes)));
      stream.on('error', (error: Error) => fail(malformedForm(error)));
      stream.on('end', () => {
        pending--;
        // A browser sends an empty, unnamed part for a file input left empty.
        if (chunks.length > 0 || info.filename) files.push({ field, bytes: Buffer.concat(chunks) });
        finish();
      });
    });
    parser.on('field', (name, value) => {
      total += value.length;
      if (total > limits.maxBytes) fail(tooLarge(limits.maxBytes));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new HttpError(413, 'INPUT_TOO_LARGE', `at most ${limits.maxFiles} files per request`)));
    parser.on('partsLimit', () => fail(new HttpError(413, 'INPUT_TOO_LARGE', 'the form has too many parts')));
    parser.on('fieldsLimit', () => fail(new HttpError(413, 'INPUT_TOO_LARGE', 'the form has too many fields')));
    pipeForm(req, parser, fail, () => {
      parserDone = true;
      finish();
    });
  });
}
