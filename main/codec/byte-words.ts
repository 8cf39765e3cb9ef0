/**
 * A byte picture read four bytes at a time: most of a drawing is ground (0 once inverted, 255 before),
 * and a whole-picture pass that skips such words does a quarter of the work there.
 */

export interface ByteWords {
  /** Bytes before the first aligned word (read one by one), then `words.length` words, then the rest. */
  head: number;
  words: Uint32Array;
  /** The index of the first byte after the last word. */
  tail: number;
}

/**
 * The aligned 32-bit words inside `data` (any offset, any length).
 * @example const { head, words, tail } = byteWords(image.data); // words[w] holds bytes head + 4w .. head + 4w + 3
 */
export function byteWords(data: Uint8Array): ByteWords {
  const head = Math.min(data.length, (4 - (data.byteOffset & 3)) & 3);
  const count = (data.length - head) >> 2;
  return { head, words: new Uint32Array(data.buffer, data.byteOffset + head, count), tail: head + count * 4 };
}
