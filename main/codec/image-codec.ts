/**
 * The image codec: PNG/JPEG bytes in, one model-ready sample out, exactly as the manifest says.
 * The server, the CLI and the renderer's preview all go through this one function.
 */
import type { ImageCodec } from '../manifest.ts';
import { clearGround } from './clear-ground.ts';
import { decodeImage, type RawImage } from './decode.ts';
import { brightness } from './hex-colour.ts';
import { invertImage, shouldInvert } from './invert.ts';
import { isolateSheet } from './isolate-sheet.ts';
import { MAX_IMAGE_PIXELS_CEILING, workingSide } from './limits.ts';
import { centerLikeMnist } from './mnist-center.ts';
import { removeRuledLines } from './ruled-lines.ts';
import { resizeRaw } from './resize.ts';

export interface EncodedImage {
  /** One sample (no batch dimension) in the codec's layout: [C,H,W] for NCHW, [H,W,C] for NHWC. */
  data: Float32Array;
  dims: number[];
  /** The 8-bit picture the model sees, before scaling and normalisation (for previews). */
  pixels: RawImage;
}

export const DEFAULT_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS_CEILING;

/** Turns 8-bit pixels into the float sample the model takes. */
export function normalise(pixels: RawImage, codec: ImageCodec): EncodedImage {
  const { width, height, channels, data } = pixels;
  const out = new Float32Array(width * height * channels);
  const mean = codec.mean ?? [0];
  const std = codec.std ?? [1];
  const planar = codec.layout === 'NCHW';
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < channels; c++) {
      const value = (data[i * channels + c]! * codec.scale - (mean[c] ?? mean[0]!)) / (std[c] ?? std[0]!);
      out[planar ? c * width * height + i : i * channels + c] = value;
    }
  }
  const dims = planar ? [channels, height, width] : [height, width, channels];
  return { data: out, dims, pixels };
}

/**
 * Decodes (reduced to the working size, see limits.ts), inverts, centres or resizes, and normalises
 * one image for the model.
 */
export async function encodeImage(bytes: Uint8Array, codec: ImageCodec, maxPixels = DEFAULT_MAX_IMAGE_PIXELS): Promise<EncodedImage> {
  let image = await decodeImage(bytes, { channels: codec.channels, background: codec.background, maxPixels, maxSide: workingSide(codec) });
  if (codec.center === 'mnist') {
    image = isolateSheet(image);
    if (shouldInvert(codec.invert, image)) image = invertImage(image);
    image = await centerLikeMnist(removeRuledLines(clearGround(image)), codec.width, codec.height);
  } else {
    // Invert before resizing so that "contain" padding takes the ink-free ground colour.
    const flip = shouldInvert(codec.invert, image);
    if (flip) image = invertImage(image);
    const pad = flip ? 0 : Math.round(brightness(codec.background));
    image = await resizeRaw(image, codec.width, codec.height, codec.fit, pad, codec.kernel);
  }
  return normalise(image, codec);
}
