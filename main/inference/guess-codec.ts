/** Sensible input codec and postprocessing for a model with no preset, from its signature alone. */
import type { ManifestInput, TensorSpec } from '../manifest.ts';

const IMAGE_DTYPES = new Set(['float32', 'float16', 'float64', 'uint8']);

/**
 * An image codec when the first input looks like [N, C, H, W] or [N, H, W, C] with C in 1/3, as
 * floats (pixels scaled to 0..1) or uint8 (raw pixels 0..255); else tensors.
 */
export function guessInputCodec(input: TensorSpec): NonNullable<ManifestInput['input']> {
  if (!IMAGE_DTYPES.has(input.dtype) || input.shape.length !== 4) return { kind: 'tensor' };
  const [, d1, d2, d3] = input.shape as [number, number, number, number];
  const isChannel = (d: number): d is 1 | 3 => d === 1 || d === 3;
  const scale = input.dtype === 'uint8' ? { scale: 1 } : {};
  if (isChannel(d1) && d2 > 1 && d3 > 1)
    return { kind: 'image', tensor: input.name, width: d3, height: d2, channels: d1, layout: 'NCHW', ...scale };
  if (isChannel(d3) && d1 > 1 && d2 > 1)
    return { kind: 'image', tensor: input.name, width: d2, height: d1, channels: d3, layout: 'NHWC', ...scale };
  return { kind: 'tensor' };
}
