/**
 * MNIST-style centring of a light-on-dark drawing: crop to the ink, scale it so its longer side
 * fills 20/28 of the frame, stretch its brightness so the strongest ink is full white (a thin pen line
 * scaled down is otherwise a faint smudge, unlike MNIST's strokes), then place it so its centre of mass
 * sits at the frame's centre.
 */
import type { RawImage } from './decode.ts';
import { inkBounds, type InkBounds } from './ink-bounds.ts';
import { resizeRaw } from './resize.ts';

const INNER_FRACTION = 20 / 28;

/** Bounding box of pixels brighter than a fraction of the brightest one, or null for a blank image. */
export function inkBox(image: RawImage): InkBounds | null {
  const { data } = image;
  let max = 0;
  for (let i = 0; i < data.length && max < 255; i++) if (data[i]! > max) max = data[i]!;
  if (max < 16) return null;
  return inkBounds(image, max * 0.2);
}

function crop(image: RawImage, box: InkBounds): RawImage {
  const out = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * image.width + box.x;
    out.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, channels: 1, data: out };
}

function centreOfMass(image: RawImage): { x: number; y: number } {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x]!;
      total += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return total === 0 ? { x: (image.width - 1) / 2, y: (image.height - 1) / 2 } : { x: sx / total, y: sy / total };
}

/** Centres a one-channel light-on-dark image into a width x height frame the way MNIST was made. */
export async function centerLikeMnist(image: RawImage, width: number, height: number): Promise<RawImage> {
  const frame = new Uint8Array(width * height);
  const box = inkBox(image);
  if (!box) return { width, height, channels: 1, data: frame };
  const inner = Math.max(1, Math.round(Math.min(width, height) * INNER_FRACTION));
  const ratio = inner / Math.max(box.width, box.height);
  const scaledWidth = Math.max(1, Math.min(width, Math.round(box.width * ratio)));
  const scaledHeight = Math.max(1, Math.min(height, Math.round(box.height * ratio)));
  const digit = stretch(await resizeRaw(crop(image, box), scaledWidth, scaledHeight));
  const mass = centreOfMass(digit);
  const left = clamp(Math.round((width - 1) / 2 - mass.x), 0, width - scaledWidth);
  const top = clamp(Math.round((height - 1) / 2 - mass.y), 0, height - scaledHeight);
  for (let y = 0; y < scaledHeight; y++) {
    frame.set(digit.data.subarray(y * scaledWidth, (y + 1) * scaledWidth), (top + y) * width + left);
  }
  return { width, height, channels: 1, data: frame };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function stretch(image: RawImage): RawImage {
  let max = 0;
  for (const v of image.data) max = Math.max(max, v);
  if (max === 0 || max === 255) return image;
  const data = Uint8Array.from(image.data, (v) => Math.round((v * 255) / max));
  return { ...image, data };
}
