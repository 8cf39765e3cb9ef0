/** Manifest presets: ready-made input/output descriptions for well-known kinds of model. */
import { ManifestError } from './errors.ts';
import type { ManifestInput, TensorSpec } from './manifest.ts';
import { fitsDigits } from './shared/preset-fit.ts';

export type PresetName = 'digits';
export const PRESETS: readonly PresetName[] = ['digits'];

type PresetPart = Pick<ManifestInput, 'input' | 'labels' | 'postprocess' | 'description'>;

function layoutFor(spec: TensorSpec): 'NCHW' | 'NHWC' {
  const [, a, , c] = spec.shape;
  if (spec.shape.length === 4 && c === 1 && a !== 1) return 'NHWC';
  return 'NCHW';
}

/** Handwritten digits: a 28x28 drawing, MNIST-centred, light ink on dark, labels 0-9. */
function digits(input: TensorSpec): PresetPart {
  if (!fitsDigits(input)) {
    throw new ManifestError(`the digits preset needs a 28x28 one-channel input, but "${input.name}" has shape [${input.shape.join(', ')}]`);
  }
  return {
    description: 'Handwritten digit recognition (MNIST-style 28x28 input).',
    input: {
      kind: 'image',
      tensor: input.name,
      width: 28,
      height: 28,
      channels: 1,
      layout: layoutFor(input),
      scale: 1 / 255,
      invert: 'auto',
      center: 'mnist',
      background: '#ffffff',
    },
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    postprocess: { softmax: true, top_k: 3 },
  };
}

/** The preset's parts of a manifest for a model whose first input is `input`. */
export function applyPreset(name: string, input: TensorSpec): PresetPart {
  if (name === 'digits') return digits(input);
  throw new ManifestError(`unknown preset "${name}" (known: ${PRESETS.join(', ')})`);
}
