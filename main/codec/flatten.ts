/**
 * Decoded 8-bit samples to the channels the model takes, with transparency painted on the ground,
 * in plain JavaScript, the way sharp's flatten and colour-space conversion do it (grey is the
 * luminance of linear-light sRGB, as libvips computes it).
 */
import { groundFor } from './contrasting-ground.ts';
import { rgbOf } from './hex-colour.ts';
import type { RawImage } from './decode.ts';
import type { SmallPng } from './small-png.ts';

const TO_LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

export function toSrgbByte(linear: number): number {
  const c = linear <= 0.0031308 ? linear * 12.92 : 1.055 * linear ** (1 / 2.4) - 0.055;
  return Math.min(255, Math.max(0, Math.round(c * 255)));
}

/**
 * ROUNDS_UP_AT[k]: the least linear-light value toSrgbByte turns into k or more, found by bisecting
 * the doubles. A colour's grey byte is then how many of them its luminance reaches: eight comparisons
 * instead of a power per pixel, with the same byte for all 2^24 colours (test/unit/codec/flatten.test.ts).
 */
const ROUNDS_UP_AT = Float64Array.from({ length: 256 }, (_, k) => {
  if (k === 0) return -Infinity;
  let below = 0;
  let reaches = 1;
  for (;;) {
    const mid = (below + reaches) / 2;
    if (mid === below || mid === reaches) return reaches;
    if (toSrgbByte(mid) >= k) reaches = mid;
    else below = mid;
  }
});

/** The sRGB byte of a linear-light level: the last k whose ROUNDS_UP_AT it reaches. */
function srgbByteOf(linear: number): number {
  let low = 0;
  let high = 255;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (ROUNDS_UP_AT[mid]! <= linear) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The grey an sRGB colour has (its luminance), as one byte. */
export function grey(r: number, g: number, b: number): number {
  if (r === g && g === b) return r;
  return srgbByteOf(0.2126 * TO_LINEAR[r]! + 0.7152 * TO_LINEAR[g]! + 0.0722 * TO_LINEAR[b]!);
}

/** Every layout as RGBA, alpha 255 where the picture has none. */
function asRgba(image: SmallPng): Uint8Array {
  const { channels, data } = image;
  if (channels === 4) return data;
  const pixels = image.width * image.height;
  const out = new Uint8Array(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const from = i * channels;
    const r = data[from]!;
    out[i * 4] = r;
    out[i * 4 + 1] = channels >= 3 ? data[from + 1]! : r;
    out[i * 4 + 2] = channels >= 3 ? data[from + 2]! : r;
    out[i * 4 + 3] = channels === 2 ? data[from + 1]! : 255;
  }
  return out;
}

/**
 * The picture as `channels` interleaved bytes; see-through pixels are painted on `background`,
 * or on the opposite colour when the ink would vanish on it.
 * @example toChannels(decodeSmallPng(canvasPng)!, 1, '#ffffff')
 */
export function toChannels(image: SmallPng, channels: 1 | 3 | 4, background: string): RawImage {
  const { width, height } = image;
  if (image.channels === channels) return { width, height, channels, data: image.data };
  const rgba = asRgba(image);
  if (channels === 4) return { width, height, channels, data: rgba };
  const hasAlpha = image.channels === 2 || image.channels === 4;
  const [gr, gg, gb] = rgbOf(hasAlpha ? groundFor(image.data, image.channels as 2 | 4, background) : background);
  const pixels = width * height;
  const out = new Uint8Array(pixels * channels);
  // Painting on the ground truncates, as libvips does for 8-bit pictures.
  for (let i = 0; i < pixels; i++) {
    const a = rgba[i * 4 + 3]!;
    const r = a === 255 ? rgba[i * 4]! : Math.floor((rgba[i * 4]! * a + gr * (255 - a)) / 255);
    const g = a === 255 ? rgba[i * 4 + 1]! : Math.floor((rgba[i * 4 + 1]! * a + gg * (255 - a)) / 255);
    const b = a === 255 ? rgba[i * 4 + 2]! : Math.floor((rgba[i * 4 + 2]! * a + gb * (255 - a)) / 255);
    if (channels === 1) out[i] = grey(r, g, b);
    else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return { width, height, channels, data: out };
}
