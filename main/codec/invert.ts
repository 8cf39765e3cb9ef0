/** Decides whether a picture is dark ink on a light ground, and flips it to light on dark. */
import type { RawImage } from './decode.ts';

/** Mean brightness (0..255) of the outermost ring of pixels, a few pixels wide. */
export function borderBrightness(image: RawImage): number {
  const { width, height, channels, data } = image;
  const ring = Math.max(1, Math.round(Math.min(width, height) * 0.04));
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const onEdgeRow = y < ring || y >= height - ring;
    for (let x = 0; x < width; x++) {
      // Inside rows only their two end strips belong to the ring.
      if (!onEdgeRow && x === ring && width - ring > ring) x = width - ring;
      const base = (y * width + x) * channels;
      for (let c = 0; c < Math.min(channels, 3); c++) sum += data[base + c]!;
      count += Math.min(channels, 3);
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** Whether `invert` (true, false or "auto") asks to flip this image. */
export function shouldInvert(invert: boolean | 'auto', image: RawImage): boolean {
  if (invert !== 'auto') return invert;
  return borderBrightness(image) > 127;
}

/** Returns a copy with colour channels flipped (255 - v); alpha is kept. */
export function invertImage(image: RawImage): RawImage {
  const out = new Uint8Array(image.data.length);
  const colour = Math.min(image.channels, 3);
  if (image.channels === 1) {
    // 255 - v is v with every bit flipped: four bytes at a time.
    const words = out.length >> 2;
    const source = image.data.byteOffset % 4 === 0 ? new Uint32Array(image.data.buffer, image.data.byteOffset, words) : undefined;
    if (source) {
      const target = new Uint32Array(out.buffer, 0, words);
      for (let i = 0; i < words; i++) target[i] = ~source[i]!;
    }
    for (let i = source ? words << 2 : 0; i < out.length; i++) out[i] = 255 - image.data[i]!;
    return { ...image, data: out };
  }
  for (let i = 0; i < image.data.length; i++) {
    out[i] = i % image.channels < colour ? 255 - image.data[i]! : image.data[i]!;
  }
  return { ...image, data: out };
}
