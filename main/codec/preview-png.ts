/** The codec's 8-bit output as a PNG data URL: the picture the model sees, for previews. */
import sharp from './sharp.ts';
import type { EncodedImage } from './image-codec.ts';

/** @example const src = await previewDataUrl(await encodeImage(png, codec)); // "data:image/png;base64,..." */
export async function previewDataUrl(encoded: EncodedImage): Promise<string> {
  const { pixels } = encoded;
  const png = await sharp(Buffer.from(pixels.data), { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
