/**
 * Clears a non-black ground under light ink (a photo or scan of paper, once inverted): MNIST digits
 * sit on pure black, and a grey ground would otherwise count as ink when the digit is cropped.
 */
import type { RawImage } from './decode.ts';

/** Below this mean level the ground is already black (a canvas drawing, an MNIST digit). */
const BLACK_ENOUGH = 12;

/** Otsu's threshold: the level that best splits the histogram into two classes. */
function otsuThreshold(histogram: number[], total: number): number {
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

/**
 * Maps the ground to 0 and stretches the ink above it to 0..255, for a one-channel light-on-dark image.
 * @example clearGround(invertImage(photoOfPaper))
 */
export function clearGround(image: RawImage): RawImage {
  const { data } = image;
  const histogram = new Array<number>(256).fill(0);
  for (const v of data) histogram[v]!++;
  const threshold = otsuThreshold(histogram, data.length);
  let count = 0;
  let sum = 0;
  let squares = 0;
  let max = 0;
  for (let level = 0; level < 256; level++) {
    const n = histogram[level]!;
    if (n > 0) max = level;
    if (level > threshold) continue;
    count += n;
    sum += n * level;
    squares += n * level * level;
  }
  const mean = count > 0 ? sum / count : 0;
  if (mean < BLACK_ENOUGH) return image;
  const spread = Math.sqrt(Math.max(0, squares / count - mean * mean));
  const floor = Math.min(threshold, mean + 3 * spread);
  if (max <= floor) return image;
  const scale = 255 / (max - floor);
  const out = Uint8Array.from(data, (v) => (v <= floor ? 0 : Math.round((v - floor) * scale)));
  return { ...image, data: out };
}
