/**
 * PyTorch files told apart on the host without unpickling, on the real files torch wrote
 * (scripts/make-torch-fixtures.sh): TorchScript, torch.export with its declared shapes, a state_dict and
 * a pickled module refused with what to hand over, and hostile zips refused with words.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { inspectModel } from '../../../main/formats/index.ts';
import { readTorchFile } from '../../../main/python-project/torch-file.ts';
import { DEFAULT_TORCH_VERSION } from '../../../main/python-project/torch-model.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { torchExpected, torchFixture } from '../../helpers/torch-env.ts';

/** The one-line error `promise` fails with. */
async function failure(promise: Promise<unknown>): Promise<CraneError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CraneError);
  return error as CraneError;
}

describe('PyTorch file detection', () => {
  it('tells TorchScript, torch.export, a state_dict and a pickled module apart', async () => {
    expect((await readTorchFile(torchFixture('cancer_mlp.pt'))).kind).toBe('torchscript');
    expect((await readTorchFile(torchFixture('digits_cnn.pt'))).kind).toBe('torchscript');
    expect((await readTorchFile(torchFixture('cancer_mlp.pt2'))).kind).toBe('torch_export');
    expect(await readTorchFile(torchFixture('weights_only.pt'))).toEqual({ kind: 'state_dict' });
    expect(await readTorchFile(torchFixture('statedict-project/weights.pt'))).toEqual({ kind: 'state_dict' });
    expect(await readTorchFile(torchFixture('whole_module.pt'))).toEqual({ kind: 'pickled_module', moduleClass: 'predict.CancerNet' });
  });

  it('reads the shapes, dtypes and torch version a .pt2 declares, the batch axis open', async () => {
    const expected = torchExpected();
    const cancer = await inspectModel(torchFixture('cancer_mlp.pt2'));
    expect(cancer).toMatchObject({ format: 'python', metadata: { runtime: 'python', requirements: 'torch==2.13.0' } });
    expect(cancer.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [-1, ...expected.files['cancer_mlp.pt2']!.input_shape!] }]);
    expect(cancer.outputs).toEqual([{ name: 'output', dtype: 'float32', shape: [-1, 2] }]);
    expect(cancer.python?.section.source).toEqual({ kind: 'torch_export', file: 'cancer_mlp.pt2' });
    expect(cancer.python?.section.reason).toContain(`torch ${expected.torch_version}`);
    const diabetes = await inspectModel(torchFixture('diabetes_reg.pt2'));
    expect([diabetes.inputs, diabetes.outputs]).toEqual([
      [{ name: 'x', dtype: 'float32', shape: [-1, 10] }],
      [{ name: 'output', dtype: 'float32', shape: [-1, 1] }],
    ]);
  });

  it("takes a TorchScript file's input shape from the caller, or the digits preset", async () => {
    const given = await inspectModel(torchFixture('cancer_mlp.pt'), { torch: { inputShape: [30] } });
    expect(given.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [-1, 30] }]);
    expect(given.outputs).toEqual([{ name: 'output', dtype: 'float32', shape: [-1, -1] }]);
    expect(given.python?.section.requirements).toEqual([`torch==${DEFAULT_TORCH_VERSION}`]);
    const preset = await inspectModel(torchFixture('digits_cnn.pt'), { torch: { preset: 'digits' } });
    expect(preset.inputs[0]!.shape).toEqual([-1, 1, 28, 28]);
    const missing = await failure(inspectModel(torchFixture('cancer_mlp.pt')));
    expect(missing.message).toBe(
      "cancer_mlp.pt: a TorchScript file does not declare its input's shape: give it with --input-shape, e.g. --input-shape 1,28,28",
    );
  });

  it('refuses a state_dict and a pickled module, saying what to hand over', async () => {
    const weights = await failure(inspectModel(torchFixture('weights_only.pt')));
    expect(weights.code).toBe('MODEL_FORMAT');
    expect(weights.message).toMatch(
      /^weights_only\.pt: a PyTorch state_dict \(weights without the network's code\); hand over a folder with predict\.py/,
    );
    const module = await failure(inspectModel(torchFixture('whole_module.pt')));
    expect(module.message).toMatch(/^whole_module\.pt: a whole PyTorch module pickled with torch\.save\(model\) \(predict\.CancerNet\)/);
    expect(module.message).toContain('torch.jit.save or torch.export.save');
  });

  it('serves a folder with predict.py and a state_dict as a predictor project, unchanged', async () => {
    const info = await inspectModel(torchFixture('statedict-project'));
    expect(info.python?.section).toMatchObject({ source: { kind: 'predictor' }, requirements_file: 'requirements.txt' });
    expect(info.files.map((f) => f.path).sort()).toEqual(['predict.py', 'requirements.txt', 'weights.pt']);
  });
});

describe('hostile PyTorch zips', () => {
  it('refuses a zip bomb by its declared sizes before inflating anything', async () => {
    await using dir = await tempDir('torch-bomb');
    const file = path.join(dir.path, 'bomb.pt2');
    // 4 MiB of zeros deflate to a few kB: past the 100:1 ratio once declared above 1 MiB.
    await writeFile(
      file,
      zipSync(
        { 'bomb/archive_format': new TextEncoder().encode('pt2'), 'bomb/models/model.json': new Uint8Array(4 * 1024 ** 2) },
        { level: 9 },
      ),
    );
    const error = await failure(readTorchFile(file));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toMatch(/its entry "bomb\/models\/model\.json" would expand \d+:1 .*refused as a decompression bomb$/);
  });

  it('refuses a model JSON past its size limit with words, without reading it', async () => {
    await using dir = await tempDir('torch-json');
    const file = path.join(dir.path, 'huge.pt2');
    const json = new Uint8Array(65 * 1024 ** 2).fill(0x20);
    await writeFile(
      file,
      zipSync({ 'huge/archive_format': new TextEncoder().encode('pt2'), 'huge/models/model.json': json }, { level: 0 }),
    );
    const error = await failure(readTorchFile(file));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toMatch(/its model JSON \("huge\/models\/model\.json"\) declares 68157440 bytes, past the limit of 67108864$/);
  });

  it("refuses torch.save's format before 1.6 (bare pickles) without reading past its first bytes", async () => {
    await using dir = await tempDir('torch-legacy');
    const file = path.join(dir.path, 'old.pt');
    // pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2): the magic number torch.save writes first, then more pickles.
    await writeFile(file, Buffer.from('80028a0a6cfc9c46f9206aa850192e80024de9032e', 'hex'));
    expect(await readTorchFile(file)).toEqual({ kind: 'legacy_pickle' });
    expect((await failure(inspectModel(file))).message).toMatch(
      /^old\.pt: a torch\.save file in the format before torch 1\.6 \(bare pickles, which CraneML does not read\); hand over a folder with predict\.py/,
    );
  });

  it('refuses an entry that climbs out of the archive, and a zip torch did not write', async () => {
    await using dir = await tempDir('torch-names');
    const climbing = path.join(dir.path, 'climb.pt');
    await writeFile(climbing, zipSync({ '../evil/data.pkl': new Uint8Array([0x80, 2, 0x2e]) }));
    expect((await failure(readTorchFile(climbing))).code).toBe('MODEL_CORRUPT');
    const other = path.join(dir.path, 'other.pt');
    await writeFile(other, zipSync({ 'other/readme.txt': new TextEncoder().encode('hello') }));
    expect((await failure(readTorchFile(other))).message).toBe(
      'other.pt: a zip archive, but not one torch.jit.save, torch.export.save or torch.save writes (no code/, models/ or data.pkl)',
    );
  });

  it('refuses a .pt2 whose model JSON is not JSON, or declares no tensors', async () => {
    await using dir = await tempDir('torch-badjson');
    const bad = path.join(dir.path, 'bad.pt2');
    const enc = new TextEncoder();
    await writeFile(bad, zipSync({ 'bad/archive_format': enc.encode('pt2'), 'bad/models/model.json': enc.encode('{"graph_module": ') }));
    expect((await failure(readTorchFile(bad))).message).toBe(`${bad}: its model JSON (models/model.json) is not valid JSON`);
    const empty = path.join(dir.path, 'empty.pt2');
    await writeFile(empty, zipSync({ 'empty/archive_format': enc.encode('pt2'), 'empty/models/model.json': enc.encode('{}') }));
    expect((await failure(readTorchFile(empty))).message).toMatch(/declares no tensor inputs and outputs/);
  });
});
