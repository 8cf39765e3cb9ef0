import { describe, expect, it } from 'vitest';
import { invertImage } from '../../../main/codec/invert.ts';
import { histogramOf } from '../../../main/codec/otsu.ts';
import { byteMismatch } from '../../helpers/byte-mismatch.ts';

/** Bytes from a seeded generator, with long runs of one level as a cleared ground has. */
function bytes(length: number, seed: number): Uint8Array {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
  return Uint8Array.from({ length }, (_, i) => (i % 50 < 30 ? 0 : next()));
}

describe('whole-picture passes done a word at a time', () => {
  // Views that start at any byte offset and end at any length, as subarrays of a decoded buffer do.
  const views = [0, 1, 2, 3].flatMap((offset) =>
    [0, 1, 2, 3, 77].map((length) => bytes(4096 + offset + length, offset * 7 + length).subarray(offset)),
  );

  it('counts every level as a byte-by-byte tally does', () => {
    for (const view of views) {
      const expected = new Array<number>(256).fill(0);
      for (const v of view) expected[v]!++;
      expect(histogramOf(view)).toEqual(expected);
    }
  });

  it('flips every byte of a one-channel picture and leaves the source as it was', () => {
    for (const view of views) {
      const before = Uint8Array.from(view);
      const flipped = invertImage({ width: view.length, height: 1, channels: 1, data: view }).data;
      const inverted = Uint8Array.from(before, (v) => 255 - v);
      expect(byteMismatch(flipped, inverted)).toBeUndefined();
      expect(byteMismatch(view, before)).toBeUndefined();
    }
  });
});
