/** Reads a file a user named in an option (`--labels`, ...) with a size limit: a device or a huge file ends at once with one line. */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CraneError } from '../errors.ts';

/** 1 MB: far above any labels file (ImageNet's 1,000 labels are 22 kB). */
export const OPTION_FILE_LIMIT = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The bytes of `file`, refused when it is not a regular file or holds more than `maxBytes`.
 * @example const text = (await readFileLimited('labels.txt', { what: 'labels file' })).toString('utf8');
 */
export async function readFileLimited(file: string, options: { what: string; maxBytes?: number }): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? OPTION_FILE_LIMIT;
  const tooLarge = (): CraneError =>
    new CraneError('USAGE', `${file}: the ${options.what} is larger than ${megabytes(maxBytes)}, the limit; is it the right file?`);
  const info = await stat(file).catch(() => {
    throw new CraneError('USAGE', `${file}: ${options.what} not found`);
  });
  if (!info.isFile()) throw new CraneError('USAGE', `${file}: the ${options.what} must be a regular file`);
  if (info.size > maxBytes) throw tooLarge();
  // O_NONBLOCK: should the name become a pipe meanwhile, opening it must not wait for a writer.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new CraneError('USAGE', `${file}: the ${options.what} must be a regular file`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge();
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
