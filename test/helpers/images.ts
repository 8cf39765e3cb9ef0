/** Builds test pictures in memory: grey, RGB(A) and JPEG encodings of raw pixels. */
import sharp from 'sharp';

export async function encodeRaw(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const image = sharp(Buffer.from(data), { raw: { width, height, channels } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

/** A one-channel canvas of `ground` with a filled rectangle of `ink`. */
export function rectangle(
  width: number,
  height: number,
  box: { x: number; y: number; w: number; h: number },
  ink = 0,
  ground = 255,
): Uint8Array {
  const data = new Uint8Array(width * height).fill(ground);
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) data[y * width + x] = ink;
  return data;
}

/** Centre of mass (x, y) of a one-channel float image stored row-major. */
export function massCentre(data: ArrayLike<number>, width: number, height: number): { x: number; y: number } {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      total += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return { x: sx / total, y: sy / total };
}
