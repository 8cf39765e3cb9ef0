/** The codec's bounds on work: the largest picture accepted and the size the full-resolution steps work at. */
import type { ImageCodec, ServerOptions } from '../manifest.ts';

/** The ceiling whatever the target: a 40 MP picture decodes to 120 MB of RGB. */
export const MAX_IMAGE_PIXELS_CEILING = 40_000_000;
/** Any target accepts at least a 4096x4096 picture (a 12 MP phone photo fits). */
const MIN_IMAGE_PIXELS = 4096 * 4096;
/** Otherwise up to this many times the target's pixels. */
const TARGET_FACTOR = 256;
/**
 * The long side the full-resolution steps (sheet isolation, ground clearing, ruled lines, the
 * first resize) work at, as a multiple of the target's long side, and at least this many pixels:
 * for a 28x28 target, 1024. Those steps look for structures much larger than a target pixel
 * (a sheet's edge, the paper's light level, lines across the picture), so a copy reduced with area
 * averaging gives them the same answer at a fraction of the cost.
 */
const WORK_FACTOR = 8;
const MIN_WORK_SIDE = 1024;

/**
 * `server.max_image_pixels`, or when the manifest leaves it out a default fitted to the target size.
 * @example maxImagePixels({}, { width: 28, height: 28 }) // 16777216
 */
export function maxImagePixels(server: Pick<ServerOptions, 'max_image_pixels'>, codec?: Pick<ImageCodec, 'width' | 'height'>): number {
  if (server.max_image_pixels !== undefined) return server.max_image_pixels;
  if (!codec) return MAX_IMAGE_PIXELS_CEILING;
  return Math.min(MAX_IMAGE_PIXELS_CEILING, Math.max(MIN_IMAGE_PIXELS, codec.width * codec.height * TARGET_FACTOR));
}

/**
 * The longest side a picture is reduced to before the codec's full-resolution steps.
 * @example workingSide({ width: 28, height: 28 }) // 1024
 */
export function workingSide(codec: Pick<ImageCodec, 'width' | 'height'>): number {
  return Math.max(MIN_WORK_SIDE, WORK_FACTOR * Math.max(codec.width, codec.height));
}
