/**
 * The colour to paint a transparent picture's see-through pixels on. Normally the manifest's
 * background; but ink of about that colour (white strokes on a transparent canvas, say) would vanish
 * on it, so such a picture is painted on the opposite colour instead.
 */
import sharp from 'sharp';

/** How close (0..255 brightness) the ink may be to the background before it counts as invisible on it. */
const TOO_CLOSE = 64;
/** Below this share of visible pixels standing out, the ink would vanish on the background. */
const NEARLY_NONE = 0.01;

function brightness(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return (((n >> 16) & 255) + ((n >> 8) & 255) + (n & 255)) / 3;
}

/**
 * The share (by opacity) of visible pixels that stand out from the background; undefined when
 * nothing is visible. A black digit on a white card with transparent margins stands out; white
 * strokes on a transparent canvas, to be painted on white, do not.
 */
async function standingOut(bytes: Uint8Array, background: number, maxPixels: number, maxSide?: number): Promise<number | undefined> {
  let pipeline = sharp(bytes, { limitInputPixels: maxPixels }).ensureAlpha();
  if (maxSide !== undefined) pipeline = pipeline.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  let visible = 0;
  let distinct = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha === 0) continue;
    visible += alpha;
    if (Math.abs((data[i]! + data[i + 1]! + data[i + 2]!) / 3 - background) >= TOO_CLOSE) distinct += alpha;
  }
  return visible === 0 ? undefined : distinct / visible;
}

/**
 * For a picture with an alpha channel (`hasAlpha`, from its header).
 * @example await groundFor(png, true, '#ffffff', 40e6) // '#000000' for white strokes on a transparent canvas
 */
export async function groundFor(
  bytes: Uint8Array,
  hasAlpha: boolean,
  background: string,
  maxPixels: number,
  maxSide?: number,
): Promise<string> {
  if (!hasAlpha) return background;
  const share = await standingOut(bytes, brightness(background), maxPixels, maxSide);
  if (share === undefined || share >= NEARLY_NONE) return background;
  return brightness(background) > 127 ? '#000000' : '#ffffff';
}
