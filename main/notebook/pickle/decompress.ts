/**
 * joblib's compressed files (`joblib.dump(model, f, compress=…)`): recognised by joblib 1.6's own
 * prefixes (compressor.py), inflated in Node within a bound when zlib or gzip, refused with how to
 * re-save otherwise (Node has no bz2, lzma or xz decoder, and CraneML runs no Python on the host).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CraneError, ModelCorruptError, ModelFormatError } from '../../errors.ts';
import type { SourceFacts } from '../types.ts';

export type Compression = NonNullable<SourceFacts['compression']>;

const MIB = 1024 ** 2;
/** Inflated bytes allowed per stored byte, and at least / at most this much in all. */
export const MAX_INFLATE_RATIO = 200;
export const MIN_INFLATE_BYTES = 16 * MIB;
export const MAX_INFLATE_BYTES = 2 * 1024 * MIB;

const inflate = promisify(zlib.inflate);
const gunzip = promisify(zlib.gunzip);

/** The compression joblib's prefix names, from a file's first bytes. */
export function compressionOf(head: Uint8Array): Compression | undefined {
  const [a = -1, b = -1, c = -1, d = -1] = head;
  // zlib: deflate with a 32 KiB window (0x78), and the header check FLG makes ((CMF << 8) | FLG) a multiple of 31.
  if (a === 0x78 && ((a << 8) | b) % 31 === 0) return 'zlib';
  if (a === 0x1f && b === 0x8b && c === 0x08) return 'gzip';
  if (a === 0x42 && b === 0x5a && c === 0x68 && d >= 0x31 && d <= 0x39) return 'bz2';
  if (head.length >= 6 && [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00].every((byte, i) => head[i] === byte)) return 'xz';
  // LZMA "alone": properties 0x5d, then a little-endian dictionary size whose low bytes are zero.
  if (a === 0x5d && b === 0x00 && c === 0x00) return 'lzma';
  return undefined;
}

export function canInflate(compression: Compression): compression is 'zlib' | 'gzip' {
  return compression === 'zlib' || compression === 'gzip';
}

/** The first bytes a zlib or gzip stream inflates to, from its first 2 KiB (at most 4 MiB out). */
export function inflateHead(head: Uint8Array, compression: 'zlib' | 'gzip'): Uint8Array | undefined {
  const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 4 * MIB };
  const start = head.subarray(0, 2048);
  try {
    return compression === 'zlib' ? zlib.inflateSync(start, options) : zlib.gunzipSync(start, options);
  } catch {
    return undefined;
  }
}

/** The most a file of `stored` bytes may inflate to. */
export function inflateLimit(stored: number): number {
  return Math.min(MAX_INFLATE_BYTES, Math.max(stored * MAX_INFLATE_RATIO, MIN_INFLATE_BYTES));
}

/**
 * The whole inflated stream of a zlib or gzip joblib file, refused past inflateLimit as a bomb;
 * bz2, lzma and xz are refused with how to re-save the model.
 * @example await inflateJoblib(bytes, 'zlib', 'model.joblib')
 */
export async function inflateJoblib(bytes: Uint8Array, compression: Compression, source: string): Promise<Uint8Array> {
  if (!canInflate(compression)) {
    throw new ModelFormatError(
      `${source}: a joblib file compressed with ${compression}, which CraneML cannot read without running Python; ` +
        're-save it with joblib.dump(model, "model.joblib", compress=3) (zlib) or without compress',
    );
  }
  const limit = inflateLimit(bytes.length);
  try {
    return compression === 'zlib' ? await inflate(bytes, { maxOutputLength: limit }) : await gunzip(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CraneError(
        'INPUT_TOO_LARGE',
        `${source}: inflates past ${Math.round(limit / MIB)} MiB (${MAX_INFLATE_RATIO} times its ${bytes.length} bytes, at most ${MAX_INFLATE_BYTES / MIB} MiB); it is refused as a decompression bomb`,
      );
    }
    throw new ModelCorruptError(
      `${source}: not a complete ${compression} stream (${(error as Error).message}); the file is truncated or damaged`,
      {
        cause: error,
      },
    );
  }
}
