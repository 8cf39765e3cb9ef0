/**
 * The colour to paint a transparent picture's see-through pixels on. Normally the manifest's
 * background; but ink of about that colour (white strokes on a transparent canvas, say) would vanish
 * on it, so such a picture is painted on the opposite colour instead.
 */
import sharp from 'sharp';

/** How close (0..255 brightness) the ink may be to the background before it counts as invisible on it. */
const TOO_CLOSE = 64;

function brightness(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return (((n >> 16) & 255) + ((n >> 8) & 255) + (n & 255)) / 3;
}

/** Mean brightness of the visible pixels, weighted by opacity; undefined when nothing is visible. */
async function inkBrightness(bytes: Uint8Array, maxPixels: number): Promise<number | undefined> {
  const { data } = await sharp(bytes, { limitInputPixels: maxPixels }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let weight = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha === 0) continue;
    weight += alpha;
    sum += alpha * (data[i]! + data[i + 1]! + data[i + 2]!);
  }
  return weight === 0 ? undefined : sum / weight / 3;
}

/** @example await groundFor(png, '#ffffff', 40e6) // '#000000' for white strokes on a transparent canvas */
export async function groundFor(bytes: Uint8Array, background: string, maxPixels: number): Promise<string> {
  const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
  if (!meta.hasAlpha) return background;
  const ink = await inkBrightness(bytes, maxPixels);
  if (ink === undefined || Math.abs(ink - brightness(background)) >= TOO_CLOSE) return background;
  return brightness(background) > 127 ? '#000000' : '#ffffff';
}
