/** The digits model's setup as the core proposes it: the fake core stages it, the form tests start from it. */
import type { ModelSetup } from '../../../main/shared/crane-api.ts';

export const DIGITS_SETUP: ModelSetup = {
  name: 'digits',
  version: '1.0.0',
  input: {
    kind: 'image',
    width: 28,
    height: 28,
    channels: 1,
    layout: 'NCHW',
    scale: 1 / 255,
    invert: true,
    center: 'mnist',
    fit: 'contain',
    kernel: 'lanczos3',
    background: '#ffffff',
  },
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  postprocess: { softmax: true, top_k: 3 },
};
