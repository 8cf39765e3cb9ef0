/** The wizard's try-it on the real core: fit, kernel, mean and std of the set-up change the tensor the preview shows. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../../main/api/crane-core.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import type { ModelSetup, StagedModel } from '../../../main/shared/crane-api.ts';
import { encodeRaw } from '../../helpers/images.ts';

/** float32 [N, 3, 8, 8]: the core proposes an 8x8 RGB image codec. */
const MODEL = 'test/fixtures/onnx/classifiers/nc11_image_classifier.onnx';
let dir: string;
let core: CraneCore;
let staged: StagedModel;
let proposed: ModelSetup;
let picture: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-preview-pre-'));
  core = createCraneCore({ settings: new SettingsStore(dir), projectsDir: path.join(dir, 'projects') });
  staged = await core.handlers.stageModel({ files: [{ name: 'model.onnx', bytes: new Uint8Array(await readFile(MODEL)) }] });
  proposed = staged.setup;
  // 24x8: black, white, black thirds. Cropped it is all white; filled it is a third white.
  const pixels = new Uint8Array(24 * 8 * 3);
  for (let y = 0; y < 8; y++) pixels.fill(255, (y * 24 + 8) * 3, (y * 24 + 16) * 3);
  picture = new Uint8Array(await encodeRaw(pixels, 24, 8, 3));
});

afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

function withInput(patch: Record<string, unknown>): ModelSetup {
  if (proposed.input.kind !== 'image') throw new Error('expected an image set-up');
  return { ...proposed, input: { ...proposed.input, ...patch } };
}

describe('previewInput with image pre-processing', () => {
  it('the proposed set-up is an 8x8 RGB image, fill and lanczos3', () => {
    expect(proposed.input).toMatchObject({ kind: 'image', width: 8, height: 8, channels: 3, fit: 'fill', kernel: 'lanczos3' });
  });

  it('crop shows the white middle, fill the squeezed thirds; mean/std move the values as (x - m) / s', async () => {
    const preview = (patch: Record<string, unknown>) =>
      core.handlers.previewInput({ stagedId: staged.stagedId, setup: withInput(patch), picture });
    const filled = await preview({ fit: 'fill', kernel: 'nearest' });
    const cropped = await preview({ fit: 'crop', kernel: 'nearest' });
    expect(filled.tensor.shape).toEqual([3, 8, 8]); // one sample
    expect(cropped.tensor).toMatchObject({ min: 1, max: 1 });
    expect(filled.tensor.min).toBe(0);
    // About a third of the columns are white (which ones, nearest's sampling decides).
    expect(filled.tensor.mean).toBeGreaterThan(0.2);
    expect(filled.tensor.mean).toBeLessThan(0.45);
    const normalised = await preview({ fit: 'crop', kernel: 'nearest', mean: [0.5, 0.25, 0], std: [0.5, 0.5, 2] });
    expect(normalised.tensor.head.slice(0, 2)).toEqual([1, 1]); // red plane: (1 - 0.5) / 0.5
    expect(normalised.tensor.min).toBeCloseTo(0.5, 6); // blue plane: (1 - 0) / 2
    expect(normalised.tensor.max).toBeCloseTo(1.5, 6); // green plane: (1 - 0.25) / 0.5
  });
});
