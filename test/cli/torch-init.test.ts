/**
 * PyTorch files through the real CLI: init on a .pt2 writes a python manifest with torch_export, the
 * declared tensors and torch pinned; on TorchScript it takes --input-shape (or --preset digits) and,
 * without it, exits 2 saying how to give it; labels and image flags go through ONNX's code path;
 * inspect shows the runtime and why; a state_dict or a pickled module exits 2 saying what to hand over.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { expectPythonManifest, manifestAt } from '../helpers/python-manifest.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { torchFixture } from '../helpers/torch-env.ts';

const exists = async (file: string): Promise<boolean> => (await stat(file).catch(() => undefined)) !== undefined;

describe('craneml init and inspect on a PyTorch file', () => {
  it('writes a torch.export project: its tensors, torch pinned, served by Python', async () => {
    await using dir = await tempDir('torch-cli-pt2');
    const out = path.join(dir.path, 'cancer');
    const init = await runCli(['init', torchFixture('cancer_mlp.pt2'), '-o', out]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('served by the Python runtime because: a torch.export file (torch.export.save, torch 2.13.0+cpu)');
    const manifest = await manifestAt(out);
    expectPythonManifest(manifest, {
      name: 'cancer_mlp',
      input: { kind: 'tensor' },
      signature: {
        inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 30] }],
        outputs: [{ name: 'output', dtype: 'float32', shape: [-1, 2] }],
      },
      python: { requirements: ['torch==2.13.0'], source: { kind: 'torch_export', file: 'cancer_mlp.pt2' } },
    });
    expect(await exists(path.join(out, 'cancer_mlp.pt2'))).toBe(true);
  });

  it('labels a torch classifier the way ONNX init does, softmax as told', async () => {
    await using dir = await tempDir('torch-cli-labels');
    const labels = path.join(dir.path, 'labels.txt');
    await import('node:fs/promises').then((fs) => fs.writeFile(labels, 'malignant\nbenign\n'));
    const out = path.join(dir.path, 'cancer');
    const init = await runCli(['init', torchFixture('cancer_mlp.pt2'), '-o', out, '--labels', labels, '--softmax']);
    expect(init.code, init.stderr).toBe(0);
    const manifest = await manifestAt(out);
    expect(manifest.labels).toEqual(['malignant', 'benign']);
    expect(manifest.postprocess).toMatchObject({ output: 'output', softmax: true, top_k: 2 });
    // Nothing runs a torch file on the host, so nothing can probe whether it answers logits.
    expectOneLineError(
      await runCli(['init', torchFixture('cancer_mlp.pt2'), '-o', path.join(dir.path, 'unsaid'), '--labels', labels]),
      /cannot tell whether "output" holds logits or probabilities: .*pass --softmax or --no-softmax$/,
    );
    expect(await exists(path.join(dir.path, 'unsaid'))).toBe(false);
  });

  it("takes a TorchScript file's input shape from --input-shape or the digits preset", async () => {
    await using dir = await tempDir('torch-cli-script');
    const cancer = path.join(dir.path, 'cancer');
    expect((await runCli(['init', torchFixture('cancer_mlp.pt'), '-o', cancer, '--input-shape', '30'])).code).toBe(0);
    expect(await manifestAt(cancer)).toMatchObject({
      input: { kind: 'tensor' },
      signature: { inputs: [{ name: 'input', shape: [-1, 30] }], outputs: [{ name: 'output', shape: [-1, -1] }] },
      python: { requirements: ['torch==2.13.0'], source: { kind: 'torchscript', file: 'cancer_mlp.pt' } },
    });
    const digits = path.join(dir.path, 'digits');
    const init = await runCli(['init', torchFixture('digits_cnn.pt'), '-o', digits, '--preset', 'digits']);
    expect(init.code, init.stderr).toBe(0);
    const manifest = await manifestAt(digits);
    expect(manifest.signature.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28] }]);
    expect(manifest.input).toMatchObject({ kind: 'image', width: 28, height: 28, channels: 1, center: 'mnist' });
    expect(manifest.labels).toHaveLength(10);
    expect(manifest.postprocess).toMatchObject({ softmax: true });
  });

  it('exits 2 with one line for a TorchScript file without its shape, a bad shape, and a shape a .pt2 declares', async () => {
    await using dir = await tempDir('torch-cli-shape');
    const out = path.join(dir.path, 'p');
    expectOneLineError(
      await runCli(['init', torchFixture('cancer_mlp.pt'), '-o', out]),
      /^craneml: cancer_mlp\.pt: a TorchScript file does not declare its input's shape: give it with --input-shape, e\.g\. --input-shape 1,28,28$/,
    );
    expectOneLineError(
      await runCli(['init', torchFixture('cancer_mlp.pt'), '-o', out, '--input-shape', '1,-28']),
      /--input-shape takes one row's sizes, whole numbers of at least 1 .* not "1,-28"$/,
    );
    expectOneLineError(
      await runCli(['init', torchFixture('cancer_mlp.pt2'), '-o', out, '--input-shape', '30']),
      /--input-shape: not for cancer_mlp\.pt2, a torch\.export file that declares its input shapes$/,
    );
    expect(await exists(out)).toBe(false);
  });

  it('exits 2 for a state_dict or a pickled module, saying what to hand over, and writes nothing', async () => {
    await using dir = await tempDir('torch-cli-refused');
    const out = path.join(dir.path, 'p');
    expectOneLineError(
      await runCli(['init', torchFixture('weights_only.pt'), '-o', out]),
      /^craneml: weights_only\.pt: a PyTorch state_dict \(weights without the network's code\); hand over a folder with predict\.py .*torch\.export\.save$/,
    );
    expectOneLineError(
      await runCli(['inspect', torchFixture('whole_module.pt')]),
      /^craneml: whole_module\.pt: a whole PyTorch module pickled with torch\.save\(model\) \(predict\.CancerNet\)/,
    );
    expect(await exists(out)).toBe(false);
  });

  it('inspects a .pt2 and a TorchScript file: the runtime, why, and the tensors', async () => {
    const pt2 = await runCli(['inspect', torchFixture('diabetes_reg.pt2')]);
    expect(pt2.code, pt2.stderr).toBe(0);
    expect(pt2.stdout).toMatch(/^runtime: +python, because: a torch\.export file/m);
    expect(pt2.stdout).toMatch(/^packages: torch==2\.13\.0$/m);
    expect(pt2.stdout).toMatch(/^ {2}x {2}float32 {2}\[-1, 10\]$/m);
    expect(pt2.stdout).toMatch(/^ {2}output {2}float32 {2}\[-1, 1\]$/m);
    const script = await runCli(['inspect', torchFixture('digits_cnn.pt'), '--input-shape', '1,28,28', '--json']);
    expect(script.code, script.stderr).toBe(0);
    expect(JSON.parse(script.stdout)).toMatchObject({ format: 'python', inputs: [{ name: 'input', shape: [-1, 1, 28, 28] }] });
  });
});
