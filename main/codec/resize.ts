/** Resizes raw pixel buffers: small lanczos3 shrinks in JavaScript, byte-identical to sharp, everything else with sharp. */
import sharp from './sharp.ts';
import type { RawImage } from './decode.ts';
import { reduceLanczos3, reducesLikeSharp } from './vips-reduce.ts';

/** "fill" stretches, "contain" pads, "crop" resizes the short side and centre-crops the long one. */
export type Fit = 'fill' | 'contain' | 'crop';
/** The resampling kernel; "lanczos3" is the default (sharp's own). */
export type ResizeKernel = 'lanczos3' | 'bilinear' | 'nearest';

const SHARP_FIT = { fill: 'fill', contain: 'contain', crop: 'cover' } as const;
const SHARP_KERNEL = { lanczos3: 'lanczos3', bilinear: 'linear', nearest: 'nearest' } as const;
/**
 * sharp's set-up costs ~3 ms a call, so small shrinks are redone in JavaScript to the same bytes (150x200 ->
 * 15x20: 0.3 ms instead of 2.9). Past about 512x512 its SIMD threads win, and they leave the event loop free.
 */
const JS_REDUCE_MAX_BYTES = 512 * 512;

/**
 * Resizes to exactly width x height. "contain" keeps the aspect ratio and pads with `pad` (0..255);
 * "crop" scales the short side to fit and cuts the long side's overflow equally from both ends.
 */
export async function resizeRaw(
  image: RawImage,
  width: number,
  height: number,
  fit: Fit = 'fill',
  pad = 0,
  kernel: ResizeKernel = 'lanczos3',
): Promise<RawImage> {
  if (image.width === width && image.height === height) return image;
  if (fit === 'fill' && kernel === 'lanczos3' && image.data.length <= JS_REDUCE_MAX_BYTES && reducesLikeSharp(image, width, height)) {
    return reduceLanczos3(image, width, height);
  }
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }).resize(width, height, {
    fit: SHARP_FIT[fit],
    position: 'centre',
    kernel: SHARP_KERNEL[kernel],
    background: { r: pad, g: pad, b: pad, alpha: 1 },
  });
  // sharp writes one-channel input back as sRGB unless told to keep it gray.
  if (image.channels === 1) pipeline = pipeline.toColourspace('b-w');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== image.channels) throw new Error(`resize returned ${info.channels} channels for a ${image.channels}-channel image`);
  return { width, height, channels: image.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
