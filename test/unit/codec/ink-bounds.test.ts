import { describe, expect, it } from 'vitest';
import { inkBounds } from '../../../main/codec/ink-bounds.ts';

/** The box every byte above `threshold` lies in, read byte by byte: the reference. */
function boxByEveryByte(data: Uint8Array, width: number, threshold: number) {
  let box: { x0: number; y0: number; x1: number; y1: number } | null = null;
  data.forEach((v, i) => {
    if (v <= threshold) return;
    const x = i % width;
    const y = Math.floor(i / width);
    box = box
      ? { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) }
      : { x0: x, y0: y, x1: x, y1: y };
  });
  const found = box as { x0: number; y0: number; x1: number; y1: number } | null;
  return found ? { x: found.x0, y: found.y0, width: found.x1 - found.x0 + 1, height: found.y1 - found.y0 + 1 } : null;
}

/** A picture of 0 ground with a few blobs of seeded levels, some faint, some bright, and some ink on its edges. */
function picture(width: number, height: number, seed: number): Uint8Array {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
  const out = new Uint8Array(width * height);
  for (let blob = 0; blob < 1 + (seed % 4); blob++) {
    const cx = next() % width;
    const cy = next() % height;
    const r = 1 + (next() % 6);
    for (let y = Math.max(0, cy - r); y < Math.min(height, cy + r); y++)
      for (let x = Math.max(0, cx - r); x < Math.min(width, cx + r); x++) out[y * width + x] = next();
  }
  // Ink on the edges, away from the first and last ink rows: the searches' ends.
  if (seed % 3 === 0) out[(height >> 1) * width] = 255;
  if (seed % 3 === 1) out[(height - 2) * width + width - 1] = 255;
  return out;
}

describe('ink bounds', () => {
  it('finds the box of the bytes above a level as a byte-by-byte pass does, at any offset and width', () => {
    let checked = 0;
    for (const width of [1, 3, 4, 7, 28, 33])
      for (const offset of [0, 1, 2, 3])
        for (let seed = 1; seed <= 12; seed++) {
          const height = 5 + (seed % 9);
          const data = new Uint8Array(offset + width * height);
          data.set(picture(width, height, seed * 31 + width), offset);
          const view = data.subarray(offset);
          for (const threshold of [0, 40.8, 200]) {
            expect(inkBounds({ width, height, channels: 1, data: view }, threshold)).toEqual(boxByEveryByte(view, width, threshold));
            checked++;
          }
        }
    expect(checked).toBe(6 * 4 * 12 * 3);
  });

  it('finds no box in a blank picture', () => {
    expect(inkBounds({ width: 9, height: 9, channels: 1, data: new Uint8Array(81) }, 0)).toBeNull();
  });
});
