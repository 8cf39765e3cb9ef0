/** Resizes raw pixel buffers with sharp (area-averaging when shrinking, like MNIST's anti-aliasing). */
import sharp from 'sharp';
import type { RawImage } from './decode.ts';

export type Fit = 'fill' | 'contain';

/** Resizes to exactly width x height; "contain" keeps the aspect ratio and pads with `pad` (0..255). */
export async function resizeRaw(image: RawImage, width: number, height: number, fit: Fit = 'fill', pad = 0): Promise<RawImage> {
  if (image.width === width && image.height === height) return image;
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .resize(width, height, {
      fit,
      kernel: 'lanczos3',
      background: { r: pad, g: pad, b: pad, alpha: 1 },
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width, height, channels: image.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
