/** Decodes a PNG or JPEG into raw pixels on the canvas colour, refusing bombs before decoding. */
import sharp, { type Metadata } from 'sharp';
import { InputError } from '../errors.ts';
import { groundFor } from './contrasting-ground.ts';

export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  /** Interleaved HWC bytes. */
  data: Uint8Array;
}

export interface DecodeOptions {
  channels: 1 | 3 | 4;
  /** The colour transparent pixels are painted on, like "#ffffff". */
  background: string;
  /** Refuse images with more pixels than this (decompression-bomb guard). */
  maxPixels: number;
  /** Reduce (area averaging, aspect kept) to at most this many pixels on the longer side while decoding. */
  maxSide?: number;
}

const ACCEPTED = new Set(['png', 'jpeg']);

/** Reads the header only: format and size, so callers can refuse early. */
async function probe(bytes: Uint8Array, maxPixels: number): Promise<{ width: number; height: number; hasAlpha: boolean }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new InputError('the image could not be read: it is not a valid PNG or JPEG', { code: 'UNSUPPORTED_MEDIA' });
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) {
    throw new InputError(`images must be PNG or JPEG, got ${meta.format ?? 'an unknown format'}`, { code: 'UNSUPPORTED_MEDIA' });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > maxPixels) {
    throw new InputError(`the image is ${width}x${height} pixels, more than the limit of ${maxPixels}`, { code: 'INPUT_TOO_LARGE' });
  }
  return { width, height, hasAlpha: meta.hasAlpha === true };
}

/** Decodes to `channels` interleaved bytes, with any transparency painted on `background`. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RawImage> {
  const { hasAlpha, width, height } = await probe(bytes, options.maxPixels);
  let pipeline = sharp(bytes, { limitInputPixels: options.maxPixels, failOn: 'error' }).rotate();
  if (options.maxSide !== undefined && Math.max(width, height) > options.maxSide)
    pipeline = pipeline.resize(options.maxSide, options.maxSide, { fit: 'inside' });
  if (options.channels === 4) pipeline = pipeline.ensureAlpha();
  else
    pipeline = pipeline.flatten({
      background: await groundFor(bytes, hasAlpha, options.background, options.maxPixels, options.maxSide).catch(() => options.background),
    });
  if (options.channels === 1) pipeline = pipeline.toColourspace('b-w');
  else pipeline = pipeline.toColourspace('srgb');
  try {
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.length);
    return fitChannels({ width: info.width, height: info.height, channels: info.channels as 1 | 3 | 4, data: raw }, options.channels);
  } catch {
    throw new InputError('the image is truncated or corrupt and could not be decoded');
  }
}

/** sharp may keep an extra band (e.g. grey + alpha); keep exactly the channels asked for. */
function fitChannels(image: RawImage, channels: 1 | 3 | 4): RawImage {
  if (image.channels === channels) return image;
  const pixels = image.width * image.height;
  const out = new Uint8Array(pixels * channels);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < channels; c++) out[i * channels + c] = image.data[i * image.channels + Math.min(c, image.channels - 1)]!;
  }
  return { ...image, channels, data: out };
}
