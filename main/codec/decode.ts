/** Decodes a PNG or JPEG into raw pixels on the canvas colour, refusing bombs before decoding. */
import sharp, { type Metadata, type Sharp } from './sharp.ts';
import { InputError } from '../errors.ts';
import { groundFor } from './contrasting-ground.ts';
import { toChannels } from './flatten.ts';
import { probeHeader } from './probe-header.ts';
import { decodeSmallPng } from './small-png.ts';

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
  refuseAbove(width, height, maxPixels);
  return { width, height, hasAlpha: meta.hasAlpha === true };
}

function refuseAbove(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new InputError(`the image is ${width}x${height} pixels, more than the limit of ${maxPixels}`, { code: 'INPUT_TOO_LARGE' });
  }
}

/**
 * Decodes to `channels` interleaved bytes, with any transparency painted on `background` (or, when
 * the ink would vanish on it, on the opposite colour: see contrasting-ground.ts).
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<RawImage> {
  const header = probeHeader(bytes);
  if (header?.format === 'png') {
    refuseAbove(header.width, header.height, options.maxPixels);
    const small = Math.max(header.width, header.height) <= (options.maxSide ?? Infinity) ? decodeSmallPng(bytes) : undefined;
    if (small) return toChannels(small, options.channels, options.background);
  }
  const { hasAlpha, width, height } = await probe(bytes, options.maxPixels);
  let pipeline = sharp(bytes, { limitInputPixels: options.maxPixels, failOn: 'error' }).rotate();
  if (options.maxSide !== undefined && Math.max(width, height) > options.maxSide)
    pipeline = pipeline.resize(options.maxSide, options.maxSide, { fit: 'inside' });
  if (options.channels === 4) pipeline = pipeline.ensureAlpha().toColourspace('srgb');
  else if (hasAlpha) {
    // Decoded once to sRGB + alpha: the ground is chosen from those bytes, then painted on them.
    const rgba = await rawBytes(pipeline.toColourspace('srgb').ensureAlpha());
    pipeline = sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } }).flatten({
      background: groundFor(rgba.data, 4, options.background),
    });
    pipeline = pipeline.toColourspace(options.channels === 1 ? 'b-w' : 'srgb');
  } else pipeline = pipeline.toColourspace(options.channels === 1 ? 'b-w' : 'srgb');
  return fitChannels(await rawBytes(pipeline), options.channels);
}

async function rawBytes(pipeline: Sharp): Promise<RawImage> {
  try {
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      channels: info.channels as 1 | 3 | 4,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
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
