/** Otsu's method: the grey level that best splits a picture into a dark and a light class. */
import { byteWords } from './byte-words.ts';

/** Otsu's threshold: the level that best splits the histogram into two classes. */
export function otsuThreshold(histogram: number[], total: number): number {
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * histogram[level]!;
  let sumBelow = 0;
  let countBelow = 0;
  let best = 0;
  let bestVariance = -1;
  for (let level = 0; level < 256; level++) {
    countBelow += histogram[level]!;
    if (countBelow === 0 || countBelow === total) continue;
    sumBelow += level * histogram[level]!;
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sumAll - sumBelow) / (total - countBelow);
    const variance = countBelow * (total - countBelow) * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

/** Histogram of a one-channel image's levels. */
export function histogramOf(data: Uint8Array): number[] {
  // Four interleaved tallies: runs of one level would otherwise make every increment wait for the
  // one before it; words of ground (all 0 or all 255) are counted whole.
  const counts = new Uint32Array(1024);
  const { head, words, tail } = byteWords(data);
  for (let i = 0; i < head; i++) counts[data[i]!]!++;
  let black = 0;
  let white = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (word === 0) black += 4;
    else if (word === 0xffffffff) white += 4;
    else {
      const i = head + w * 4;
      counts[data[i]!]!++;
      counts[256 + data[i + 1]!]!++;
      counts[512 + data[i + 2]!]!++;
      counts[768 + data[i + 3]!]!++;
    }
  }
  for (let i = tail; i < data.length; i++) counts[data[i]!]!++;
  counts[0]! += black;
  counts[255]! += white;
  return Array.from({ length: 256 }, (_, level) => counts[level]! + counts[256 + level]! + counts[512 + level]! + counts[768 + level]!);
}
