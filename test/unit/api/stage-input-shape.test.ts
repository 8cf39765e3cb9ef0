/**
 * A TorchScript file staged through the core as the desktop app sends it (by path) and as the page's
 * bytes: without its input's shape the core refuses with INPUT_SHAPE_NEEDED, the code the app asks on;
 * with one it stages the model with that shape, and a shape the rule forbids is refused by the schema.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore, type CraneCore } from '../../../main/api/crane-core.ts';
import { SettingsStore } from '../../../main/api/settings.ts';
import { CALL_SCHEMAS } from '../../../main/shared/crane-api.ts';
import { tempDir, type TempDir } from '../../helpers/temp-dir.ts';
import { torchFixture } from '../../helpers/torch-env.ts';

let core: CraneCore;
let config: TempDir;

beforeAll(async () => {
  config = await tempDir('stage-shape');
  core = createCraneCore({ settings: new SettingsStore(config.path), projectsDir: path.join(config.path, 'projects') });
});

afterAll(async () => {
  await core.close();
  await config.remove();
});

describe('staging a TorchScript file with its input shape', () => {
  it('refuses it by path without a shape as INPUT_SHAPE_NEEDED, and stages it with one', async () => {
    const paths = [torchFixture('cancer_mlp.pt')];
    await expect(core.handlers.stageModelPaths({ paths })).rejects.toMatchObject({ code: 'INPUT_SHAPE_NEEDED' });
    const staged = await core.handlers.stageModelPaths({ paths, inputShape: [30] });
    expect(staged.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [-1, 30] }]);
    expect(staged.python?.section.source).toEqual({ kind: 'torchscript', file: 'cancer_mlp.pt' });
  });

  it('stages the bytes with a shape too', async () => {
    const files = [{ name: 'digits_cnn.pt', bytes: new Uint8Array(await readFile(torchFixture('digits_cnn.pt'))) }];
    await expect(core.handlers.stageModel({ files })).rejects.toMatchObject({ code: 'INPUT_SHAPE_NEEDED' });
    const staged = await core.handlers.stageModel({ files, inputShape: [1, 28, 28] });
    expect(staged.inputs[0]!.shape).toEqual([-1, 1, 28, 28]);
  });

  it('has the schema refuse a shape the rule forbids', () => {
    const paths = [torchFixture('cancer_mlp.pt')];
    for (const inputShape of [[], [0], [1.5], [100_001], [1, 2, 3, 4, 5, 6, 7, 8, 9]])
      expect(CALL_SCHEMAS.stageModelPaths.safeParse({ paths, inputShape }).success, JSON.stringify(inputShape)).toBe(false);
    expect(CALL_SCHEMAS.stageModel.safeParse({ files: [{ name: 'a.pt', bytes: new Uint8Array(1) }], inputShape: [30] }).success).toBe(true);
  });
});
