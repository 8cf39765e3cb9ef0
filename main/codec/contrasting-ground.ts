/**
 * The colour to paint a transparent picture's see-through pixels on. Normally the manifest's
 * background; but ink of about that colour (white strokes on a transparent canvas, say) would vanish
 * on it, so such a picture is painted on the opposite colour instead.
 */
import { brightness } from './hex-colour.ts';

/** How close (0..255 brightness) the ink may be to the background before it counts as invisible on it. */
const TOO_CLOSE = 64;
/** Below this share of visible pixels standing out, the ink would vanish on the background. */
const NEARLY_NONE = 0.01;

/**
 * The share (by opacity) of visible pixels that stand out from the background; undefined when
 * nothing is visible. A black digit on a white card with transparent margins stands out; white
 * strokes on a transparent canvas, to be painted on white, do not.
 */
function standingOut(data: Uint8Array, channels: 2 | 4, background: number): number | undefined {
  let visible = 0;
  let distinct = 0;
  for (let i = 0; i < data.length; i += channels) {
    const alpha = data[i + channels - 1]!;
    if (alpha === 0) continue;
    visible += alpha;
    const colour = channels === 2 ? data[i]! : (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
    if (Math.abs(colour - background) >= TOO_CLOSE) distinct += alpha;
  }
  return visible === 0 ? undefined : distinct / visible;
}

/**
 * The colour to paint a picture's see-through pixels on, from its decoded bytes: grey + alpha
 * (`channels` 2) or sRGB + alpha (4).
 * @example groundFor(rgba, 4, '#ffffff') // '#000000' for white strokes on a transparent canvas
 */
export function groundFor(data: Uint8Array, channels: 2 | 4, background: string): string {
  const share = standingOut(data, channels, brightness(background));
  if (share === undefined || share >= NEARLY_NONE) return background;
  return brightness(background) > 127 ? '#000000' : '#ffffff';
}
