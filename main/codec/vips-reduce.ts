/** sharp's lanczos3 downscale (libvips 8.18 `vips_resize`) redone in plain JavaScript, byte for byte, without its pipeline set-up. */
import type { RawImage } from './decode.ts';

/** vips_resize's default gap: an integer box shrink first, leaving at least x2 to the lanczos pass. */
const GAP = 2;
/** Sub-pixel positions in libvips' coefficient tables: a sample's position is rounded to 1/64 pixel. */
const POSITIONS = 64;
/**
 * libvips computes a picture in regions and restarts its running sample position at each one, which moves
 * a position lying on a 1/64 boundary to either side. Regions are strips 16 rows high across the width
 * (fatstrip), or 128x128 tiles once a vertical box shrink is in the pipeline.
 */
const STRIP_HEIGHT = 16;
const TILE_SIZE = 128;
/** Wider pictures are cut in thinner strips (thinstrip); those are left to sharp. */
const MAX_STRIP_WIDTH = 10000;
/** Coefficients are 4096ths (VIPS_INTERPOLATE_SHIFT), truncated toward zero. */
const SHIFT = 12;
const ONE = 1 << SHIFT;
const LOBES = 3;

/** An image seen along one axis: `outer` runs of `length` samples, each sample `inner` contiguous bytes. */
interface Lines {
  data: Uint8Array;
  outer: number;
  length: number;
  inner: number;
}

/**
 * Whether {@link reduceLanczos3} gives sharp's bytes for this resize: one or three channels (sharp
 * premultiplies an alpha channel, which this does not copy) and a shrink, or no change, on each side.
 */
export function reducesLikeSharp(image: RawImage, width: number, height: number): boolean {
  if (image.channels !== 1 && image.channels !== 3) return false;
  if (width < 1 || height < 1 || width > image.width || height > image.height || width > MAX_STRIP_WIDTH) return false;
  return width < image.width || height < image.height;
}

/**
 * Shrinks to width x height ("fill") with the same bytes as `sharp(...).resize(width, height, { fit: 'fill' })`.
 * The caller checks {@link reducesLikeSharp} first.
 * @example
 * const digit = reduceLanczos3({ width: 150, height: 200, channels: 1, data }, 15, 20);
 */
export function reduceLanczos3(image: RawImage, width: number, height: number): RawImage {
  const { channels } = image;
  let data = image.data;
  let tiled = false;
  // sharp hands libvips the scales 1/(in/out), and libvips inverts them back: keep the same doubles.
  if (height < image.height) {
    const lines = { data, outer: 1, length: image.height, inner: image.width * channels };
    const reduced = reduceAxis(lines, height, 1 / (1 / (image.height / height)), (box) => (box > 1 ? TILE_SIZE : STRIP_HEIGHT));
    data = reduced.data;
    tiled = reduced.box > 1;
  }
  if (width < image.width) {
    const lines = { data, outer: height, length: image.width, inner: channels };
    data = reduceAxis(lines, width, 1 / (1 / (image.width / width)), () => (tiled ? TILE_SIZE : Infinity)).data;
  }
  return { width, height, channels, data };
}

/**
 * vips_reducev / vips_reduceh with gap 2: box-shrink by the integer part, then lanczos3 the rest, with the
 * sample position restarting every `region(box)` outputs.
 */
function reduceAxis(lines: Lines, target: number, factor: number, region: (box: number) => number): { data: Uint8Array; box: number } {
  let shrink = factor;
  const size = Math.floor(lines.length / shrink + 0.5);
  if (size !== target) throw new Error(`lanczos reduce of ${lines.length} by ${shrink} gives ${size}, not ${target}`);
  // Output pixels span more input than exists when the size was rounded up: centre that overhang.
  let extra = size * shrink - lines.length;
  const box = Math.max(1, Math.floor(lines.length / size / GAP));
  if (box > 1) {
    lines = boxShrink(lines, box);
    shrink /= box;
    extra /= box;
  }
  if (shrink === 1) return { data: lines.data, box };
  return { data: lanczos(lines, size, shrink, (1 + extra) / 2 - 1, region(box)), box };
}

/** Mean of each run of `factor` samples, the last run padded with copies of the edge sample. */
function boxShrink(lines: Lines, factor: number): Lines {
  const size = Math.ceil(lines.length / factor);
  const taps = new Int32Array(size * factor);
  for (let i = 0; i < taps.length; i++) taps[i] = Math.min(i, lines.length - 1);
  // libvips' SIMD path divides by multiplying with a truncated reciprocal, so some exact means come out one lower.
  const multiplier = Math.floor(2 ** 32 / (256 * factor));
  const data = convolve(lines, size, factor, taps, new Int32Array(size * factor).fill(1), factor >> 1, multiplier);
  return { data, outer: lines.outer, length: size, inner: lines.inner };
}

/** The fixed-point lanczos3 pass, reading copies of the edge sample beyond either end. */
function lanczos(lines: Lines, size: number, shrink: number, offset: number, region: number): Uint8Array {
  const points = 2 * roundHalfEven(LOBES * shrink) + 1;
  const reach = (points - 1) / 2;
  const tables = new Map<number, Int32Array>();
  const taps = new Int32Array(size * points);
  const weights = new Int32Array(size * points);
  let position = 0;
  for (let j = 0; j < size; j++) {
    if (j % region === 0) position = (j + 0.5) * shrink - 0.5 - offset;
    const step = ((Math.trunc(position * POSITIONS * 2) & (POSITIONS * 2 - 1)) + 1) >> 1;
    let table = tables.get(step);
    if (!table) tables.set(step, (table = coefficients(points, shrink, step / POSITIONS)));
    weights.set(table, j * points);
    const first = Math.trunc(position) - reach;
    for (let t = 0; t < points; t++) taps[j * points + t] = Math.min(Math.max(first + t, 0), lines.length - 1);
    position += shrink;
  }
  return convolve(lines, size, points, taps, weights, ONE >> 1, 0);
}

/**
 * out[j] = start + sum of weights[j][t] * in[taps[j][t]] along the axis, for every outer run and inner
 * byte, brought to a byte by `multiplier` (box) or else by the 4096ths shift (lanczos). Bytes are walked
 * contiguously when a sample is a whole row, one by one when it is a pixel.
 */
function convolve(
  { data, outer, length, inner }: Lines,
  size: number,
  points: number,
  taps: Int32Array,
  weights: Int32Array,
  start: number,
  multiplier: number,
): Uint8Array {
  const out = new Uint8Array(outer * size * inner);
  if (inner <= 4) {
    for (let o = 0; o < outer; o++) {
      const base = o * length * inner;
      for (let j = 0; j < size; j++) {
        const to = (o * size + j) * inner;
        for (let e = 0; e < inner; e++) {
          let sum = start;
          for (let t = j * points; t < (j + 1) * points; t++) sum += weights[t]! * data[base + taps[t]! * inner + e]!;
          out[to + e] = toByte(sum, multiplier);
        }
      }
    }
    return out;
  }
  const sums = new Int32Array(inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < size; j++) {
      sums.fill(start);
      for (let t = j * points; t < (j + 1) * points; t++) {
        const weight = weights[t]!;
        if (weight === 0) continue;
        const from = (o * length + taps[t]!) * inner;
        // A box's weights are all 1: the rows are only added.
        if (weight === 1) for (let e = 0; e < inner; e++) sums[e]! += data[from + e]!;
        else for (let e = 0; e < inner; e++) sums[e]! += weight * data[from + e]!;
      }
      const to = (o * size + j) * inner;
      if (multiplier) for (let e = 0; e < inner; e++) out[to + e] = (sums[e]! * multiplier) >>> 24;
      else for (let e = 0; e < inner; e++) out[to + e] = toByte(sums[e]!, 0);
    }
  }
  return out;
}

/** A sum brought to a byte: by `multiplier` (box), else by the 4096ths shift, clamped (lanczos). */
function toByte(sum: number, multiplier: number): number {
  if (multiplier) return (sum * multiplier) >>> 24;
  const value = sum >> SHIFT;
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/** Lanczos3 weights for taps around a sample `fraction` of a pixel into its pixel, normalised, in truncated 4096ths. */
function coefficients(points: number, shrink: number, fraction: number): Int32Array {
  const half = fraction + points / 2 - 1;
  const weights = new Float64Array(points);
  let sum = 0;
  for (let i = 0; i < points; i++) {
    weights[i] = lanczos3((i - half) / shrink);
    sum += weights[i]!;
  }
  const out = new Int32Array(points);
  for (let i = 0; i < points; i++) out[i] = Math.trunc((weights[i]! / sum) * ONE);
  return out;
}

function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (x < -LOBES || x > LOBES) return 0;
  // Same operation order as libvips, so the doubles (and the truncated coefficients) agree.
  return (LOBES * Math.sin(Math.PI * x) * Math.sin((Math.PI * x) / LOBES)) / (Math.PI * Math.PI * x * x);
}

/** C's rint() in the default rounding mode. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
