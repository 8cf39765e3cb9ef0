/** The light level of a photographed sheet under every pixel, for a light-on-dark image whose ink is the bright part. */
import type { RawImage } from './decode.ts';

/** The ground is measured on a grid this many cells across. */
const GRID = 32;
/** Per cell, the ground is this low percentile of its pixels (ink is the bright part). */
const GROUND_PERCENTILE = 0.2;
/** How many cells around each one a stroke may fill before it would be taken for ground. */
const REACH = 3;

/** The level at or below which `fraction` of a cell's pixels lie, counted in place. */
function cellPercentile(image: RawImage, x0: number, y0: number, x1: number, y1: number, histogram: Int32Array): number {
  const { width, data } = image;
  histogram.fill(0);
  for (let y = y0; y < y1; y++) for (let i = y * width + x0, end = y * width + x1; i < end; i++) histogram[data[i]!]!++;
  const wanted = (x1 - x0) * (y1 - y0) * GROUND_PERCENTILE;
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level]!;
    if (seen >= wanted) return level;
  }
  return 255;
}

/**
 * The ground's level under every pixel: a low percentile per grid cell, then the smallest of each
 * cell's neighbours (so a thick stroke filling a cell does not count as ground), interpolated.
 */
export function localGround(image: RawImage): Float32Array {
  const { width, height } = image;
  const cellW = Math.ceil(width / GRID);
  const cellH = Math.ceil(height / GRID);
  const cols = Math.ceil(width / cellW);
  const rows = Math.ceil(height / cellH);
  const levels = new Float32Array(cols * rows);
  const histogram = new Int32Array(256);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x1 = Math.min(width, (c + 1) * cellW);
      const y1 = Math.min(height, (r + 1) * cellH);
      levels[r * cols + c] = cellPercentile(image, c * cellW, r * cellH, x1, y1, histogram);
    }
  }
  const eroded = new Float32Array(levels.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let low = 255;
      for (let dr = -REACH; dr <= REACH; dr++) {
        for (let dc = -REACH; dc <= REACH; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) low = Math.min(low, levels[rr * cols + cc]!);
        }
      }
      eroded[r * cols + c] = low;
    }
  }
  // Each column's two grid cells and weight, worked out once rather than on every row.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const weight = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / cellW - 0.5));
    left[x] = Math.floor(gx);
    right[x] = Math.min(cols - 1, left[x]! + 1);
    weight[x] = gx - left[x]!;
  }
  const ground = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cellH - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    const upper = r0 * cols;
    const lower = r1 * cols;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const c0 = left[x]!;
      const c1 = right[x]!;
      const fx = weight[x]!;
      const top = eroded[upper + c0]! * (1 - fx) + eroded[upper + c1]! * fx;
      const bottom = eroded[lower + c0]! * (1 - fx) + eroded[lower + c1]! * fx;
      ground[i] = top * (1 - fy) + bottom * fy;
    }
  }
  return ground;
}
