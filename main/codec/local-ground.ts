/** The light level of a photographed sheet under every pixel, for a light-on-dark image whose ink is the bright part. */
import type { RawImage } from './decode.ts';

/** The ground is measured on a grid this many cells across. */
const GRID = 32;
/** Per cell, the ground is this low percentile of its pixels (ink is the bright part). */
const GROUND_PERCENTILE = 0.2;
/** How many cells around each one a stroke may fill before it would be taken for ground. */
const REACH = 3;

function percentile(values: Uint8Array, fraction: number): number {
  const histogram = new Array<number>(256).fill(0);
  for (const v of values) histogram[v]!++;
  const wanted = values.length * fraction;
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
  const { width, height, data } = image;
  const cellW = Math.ceil(width / GRID);
  const cellH = Math.ceil(height / GRID);
  const cols = Math.ceil(width / cellW);
  const rows = Math.ceil(height / cellH);
  const levels = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x1 = Math.min(width, (c + 1) * cellW);
      const y1 = Math.min(height, (r + 1) * cellH);
      const cell = new Uint8Array((x1 - c * cellW) * (y1 - r * cellH));
      let i = 0;
      for (let y = r * cellH; y < y1; y++) for (let x = c * cellW; x < x1; x++) cell[i++] = data[y * width + x]!;
      levels[r * cols + c] = percentile(cell, GROUND_PERCENTILE);
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
  const ground = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cellH - 0.5));
    const r0 = Math.floor(gy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / cellW - 0.5));
      const c0 = Math.floor(gx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const fx = gx - c0;
      const top = eroded[r0 * cols + c0]! * (1 - fx) + eroded[r0 * cols + c1]! * fx;
      const bottom = eroded[r1 * cols + c0]! * (1 - fx) + eroded[r1 * cols + c1]! * fx;
      ground[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return ground;
}
