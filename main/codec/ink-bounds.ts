/**
 * The bounding box of a one-channel picture's bytes above a level, found from its edges inward: the
 * first and last such byte give the top and bottom rows, then each row between is read only from its
 * ends to the box found so far. The inside of the box, where a drawing's ink is, is never read.
 */
import { byteWords } from './byte-words.ts';
import type { RawImage } from './decode.ts';

export interface InkBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Searches a picture's bytes for ones above a level, skipping words of ground (0) whole. */
class AboveSearch {
  private readonly head: number;
  private readonly words: Uint32Array;

  constructor(
    private readonly data: Uint8Array,
    private readonly threshold: number,
  ) {
    ({ head: this.head, words: this.words } = byteWords(data));
  }

  /** The first index in [from, to) whose byte is above the level, or -1. */
  first(from: number, to: number): number {
    const { data, threshold, head, words } = this;
    for (let i = from; i < to;) {
      if (i >= head && ((i - head) & 3) === 0 && i + 4 <= to && words[(i - head) >> 2] === 0) i += 4;
      else if (data[i]! > threshold) return i;
      else i++;
    }
    return -1;
  }

  /** The last index in [from, to) whose byte is above the level, or -1. */
  last(from: number, to: number): number {
    const { data, threshold, head, words } = this;
    for (let i = to - 1; i >= from;) {
      // i is the last byte of an aligned word when i - 3 starts one.
      if (i - 3 >= head && ((i - 3 - head) & 3) === 0 && i - 3 >= from && words[(i - 3 - head) >> 2] === 0) i -= 4;
      else if (data[i]! > threshold) return i;
      else i--;
    }
    return -1;
  }
}

/**
 * The smallest box holding every byte above `threshold` (0 or more), or null when none is.
 * @example inkBounds({ width: 3, height: 2, channels: 1, data: Uint8Array.of(0, 0, 0, 0, 9, 0) }, 4) // { x: 1, y: 1, width: 1, height: 1 }
 */
export function inkBounds(image: RawImage, threshold: number): InkBounds | null {
  const { width, data } = image;
  if (threshold < 0) throw new Error(`inkBounds needs a level of 0 or more, got ${threshold}`);
  const search = new AboveSearch(data, threshold);
  const first = search.first(0, data.length);
  if (first < 0) return null;
  const last = search.last(first, data.length);
  const top = Math.floor(first / width);
  const bottom = Math.floor(last / width);
  let left = Math.min(first - top * width, last - bottom * width);
  let right = Math.max(first - top * width, last - bottom * width);
  for (let y = top; y <= bottom; y++) {
    const start = y * width;
    const before = search.first(start, start + left);
    if (before >= 0) left = before - start;
    const after = search.last(start + right + 1, start + width);
    if (after >= 0) right = after - start;
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}
