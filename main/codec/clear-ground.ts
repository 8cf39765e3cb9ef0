/**
 * Clears a non-black ground under light ink (a photo or scan of paper, once inverted): MNIST digits
 * sit on pure black, and a grey or unevenly lit ground would otherwise count as ink when the digit
 * is cropped.
 */
import type { RawImage } from './decode.ts';
import { localGround } from './local-ground.ts';
import { histogramOf, otsuThreshold } from './otsu.ts';

/** Below this mean level the ground is already black (a canvas drawing, an MNIST digit). */
const BLACK_ENOUGH = 12;

/** Mean and spread of the levels at or below `threshold` (the ground class). */
function groundStats(histogram: number[], threshold: number): { mean: number; spread: number } {
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let level = 0; level <= threshold; level++) {
    const n = histogram[level]!;
    count += n;
    sum += n * level;
    squares += n * level * level;
  }
  const mean = count > 0 ? sum / count : 0;
  return { mean, spread: Math.sqrt(Math.max(0, (count > 0 ? squares / count : 0) - mean * mean)) };
}

/** The level below which `fraction` of the counted pixels lie, from a histogram. */
function quantile(histogram: number[], fraction: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let level = 0; level < histogram.length; level++) {
    seen += histogram[level]!;
    if (seen > total * fraction) return level;
  }
  return histogram.length - 1;
}

/** The median and a robust spread (scaled median absolute deviation) of the ground class. */
function robustGround(histogram: number[], threshold: number): { median: number; spread: number } {
  const ground = histogram.slice(0, threshold + 1);
  const median = quantile(ground, 0.5);
  const deviations = new Array<number>(256).fill(0);
  ground.forEach((n, level) => (deviations[Math.abs(level - median)]! += n));
  return { median, spread: 1.4826 * quantile(deviations, 0.5) };
}

/** On an already black ground, sets faint noise (a camera's or scanner's grain) to 0. */
function dropNoise(image: RawImage, histogram: number[], threshold: number): RawImage {
  const { median, spread } = robustGround(histogram, threshold);
  const floor = Math.min(threshold, median + 4 * spread);
  if (floor <= 0) return image;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = image.data[i]! <= floor ? 0 : image.data[i]!;
  return { ...image, data: out };
}

/** Ink must stand this many noise spreads above the cleared ground, or the picture is blank paper. */
const INK_CONTRAST = 4;

/**
 * Subtracts the ground's local level, then maps what is left of the ground (noise) to 0 and
 * stretches the ink above it to 0..255; for a one-channel light-on-dark image.
 * @example clearGround(invertImage(photoOfPaper))
 */
export function clearGround(image: RawImage): RawImage {
  const { data } = image;
  const before = histogramOf(data);
  // One flat level (a blank grey photo, an empty canvas) holds no ink at all.
  if (before.filter((n) => n > 0).length <= 1) return { ...image, data: new Uint8Array(data.length) };
  const beforeThreshold = otsuThreshold(before, data.length);
  if (groundStats(before, beforeThreshold).mean < BLACK_ENOUGH) return dropNoise(image, before, beforeThreshold);
  const ground = localGround(image);
  const residual = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) residual[i] = Math.max(0, Math.round(data[i]! - ground[i]!));
  const histogram = histogramOf(residual);
  const threshold = otsuThreshold(histogram, residual.length);
  const { mean, spread } = groundStats(histogram, threshold);
  let max = 0;
  for (let level = 255; level >= 0 && max === 0; level--) if (histogram[level]! > 0) max = level;
  const floor = Math.min(threshold, mean + 3 * spread);
  if (max <= floor + INK_CONTRAST * Math.max(spread, 2)) return { ...image, data: new Uint8Array(data.length) };
  const scale = 255 / (max - floor);
  const out = new Uint8Array(residual.length);
  for (let i = 0; i < out.length; i++) out[i] = residual[i]! <= floor ? 0 : Math.round((residual[i]! - floor) * scale);
  return { ...image, data: out };
}
