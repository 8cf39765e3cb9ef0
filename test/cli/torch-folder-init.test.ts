/** A folder holding one PyTorch file is taken as that file by the real CLI; with two, it asks which. */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { torchFixture } from '../helpers/torch-env.ts';

describe('craneml init on a folder with a PyTorch file', () => {
  it('inits a folder holding one .pt2 as that file', async () => {
    await using dir = await tempDir('torch-folder');
    const folder = path.join(dir.path, 'cancer-model');
    await mkdir(folder);
    await copyFile(torchFixture('cancer_mlp.pt2'), path.join(folder, 'cancer_mlp.pt2'));
    const out = path.join(dir.path, 'out');
    const init = await runCli(['init', folder, '-o', out]);
    expect(init.code, init.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      runtime: 'python',
      signature: { inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 30] }] },
      python: { source: { kind: 'torch_export', file: 'cancer_mlp.pt2' } },
    });
  });

  it('takes a TorchScript file in a folder with its input shape, and asks which of two files', async () => {
    await using dir = await tempDir('torch-folder-two');
    await copyFile(torchFixture('cancer_mlp.pt'), path.join(dir.path, 'cancer_mlp.pt'));
    const one = await runCli(['init', dir.path, '-o', path.join(dir.path, 'out-ts'), '--input-shape', '30']);
    expect(one.code, one.stderr).toBe(0);
    await copyFile(torchFixture('cancer_mlp.pt2'), path.join(dir.path, 'cancer_mlp.pt2'));
    const two = await runCli(['init', dir.path, '-o', path.join(dir.path, 'out-two')]);
    expectOneLineError(two, /holds 2 PyTorch files \(cancer_mlp\.pt, cancer_mlp\.pt2\); pass the one to use$/);
  });
});
