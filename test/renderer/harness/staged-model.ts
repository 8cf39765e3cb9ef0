/** A staged model as the core returns it from stageFiles: the digits ONNX model, with any field replaced. */
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import { DIGITS_SETUP } from './digits-setup.ts';

/** @example stagedModel({ setup: { ...DIGITS_SETUP, name: 'tiny' }, suggestedDir: '/home/me/CraneML/tiny' }) */
export function stagedModel(overrides: Partial<StagedModel> = {}): StagedModel {
  return {
    stagedId: 'staged-1',
    format: 'onnx',
    fileName: 'digits.onnx',
    files: [{ path: 'digits.onnx', bytes: 26_000 }],
    sizeBytes: 26_000,
    inputs: [{ name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28], dim_names: ['batch', null, null, null] }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, 10] }],
    metadata: { producer: 'pytorch', opset: 17 },
    setup: DIGITS_SETUP,
    suggestedDir: '/home/me/CraneML/digits',
    ...overrides,
  };
}
