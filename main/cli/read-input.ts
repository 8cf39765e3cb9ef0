/**
 * Reads CLI inputs: image files and JSON instances from a file or stdin, with the limit the model
 * server puts on a request body, so `--image /dev/zero` stops at the limit instead of reading forever.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { CraneError } from '../errors.ts';
import { serverOptionsSchema } from '../manifest.ts';

/** The server's default `max_body_bytes` (10 MiB). */
export const DEFAULT_INPUT_LIMIT = serverOptionsSchema.parse({}).max_body_bytes;

function label(file: string): string {
  return file === '-' ? 'stdin' : file;
}

/** Reads a stream whole, failing once it passes `limit` bytes (the rest is never read). */
async function readLimited(stream: Readable, file: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new CraneError('USAGE', `${label(file)}: larger than the limit of ${limit} bytes a request may carry (server.max_body_bytes)`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A file's bytes ("-" for stdin), at most `limit`.
 * @example const png = await readInputFile('digit.png');
 */
export async function readInputFile(file: string, limit = DEFAULT_INPUT_LIMIT): Promise<Buffer> {
  try {
    return await readLimited(file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1024 * 1024 }), file, limit);
  } catch (error) {
    if (error instanceof CraneError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : 'cannot read this file';
    throw new CraneError('USAGE', `${file}: ${why}`);
  }
}

/** Instances from `{"instances": [...]}` or a bare array of instances. */
export async function readInstances(file: string, limit = DEFAULT_INPUT_LIMIT): Promise<unknown[]> {
  const text = (await readInputFile(file, limit)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CraneError('USAGE', `${label(file)}: not valid JSON (${(error as Error).message})`);
  }
  if (Array.isArray(json)) return json;
  if (typeof json === 'object' && json !== null && Array.isArray((json as { instances?: unknown }).instances))
    return (json as { instances: unknown[] }).instances;
  throw new CraneError('USAGE', `${label(file)}: expected {"instances": [...]} or a JSON array of instances`);
}
