/** `craneml init --mean/--std/--fit/--kernel`: the flags land in craneml.json, and wrong ones stop with one line. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRaw } from '../helpers/images.ts';
import { runCli } from '../helpers/cli.ts';

/** float32 [N, 3, 8, 8] in, [N, 1000, 1, 1] out: init proposes an RGB image codec for it. */
const IMAGE_MODEL = 'test/fixtures/onnx/classifiers/nc11_image_classifier.onnx';
const TENSOR_MODEL = 'test/fixtures/onnx/classifiers/ends_in_logits.onnx';
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-init-pre-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function manifestIn(dir: string): Promise<Record<string, unknown> & { input: Record<string, unknown> }> {
  return JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8'));
}

describe('craneml init image pre-processing flags', () => {
  it('writes --mean, --std, --fit crop and --kernel into craneml.json and says so', async () => {
    const out = path.join(tmp, 'imagenet');
    const result = await runCli([
      'init',
      IMAGE_MODEL,
      '-o',
      out,
      '--mean',
      '0.485,0.456,0.406',
      '--std',
      '0.229, 0.224, 0.225',
      '--fit',
      'crop',
      '--kernel',
      'bilinear',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'image: 8x8x3 NCHW, fit crop, kernel bilinear, scale 1/255, mean 0.485,0.456,0.406 std 0.229,0.224,0.225',
    );
    const { input } = await manifestIn(out);
    expect(input).toMatchObject({
      kind: 'image',
      channels: 3,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      fit: 'crop',
      kernel: 'bilinear',
    });

    // The project predicts through that codec: a wide picture is cropped, not refused.
    const picture = path.join(tmp, 'wide.png');
    await writeFile(picture, await encodeRaw(new Uint8Array(40 * 10 * 3).fill(200), 40, 10, 3));
    const predicted = await runCli(['predict', out, '--image', picture, '-o', 'json']);
    expect(predicted.stderr).toBe('');
    expect(predicted.code).toBe(0);
  });

  it('without the flags writes the defaults of before (fill, lanczos3, no mean/std)', async () => {
    const out = path.join(tmp, 'plain');
    const result = await runCli(['init', IMAGE_MODEL, '-o', out]);
    expect(result.code).toBe(0);
    const { input } = await manifestIn(out);
    expect(input).toMatchObject({ fit: 'fill', kernel: 'lanczos3', scale: 1 / 255 });
    expect(input).not.toHaveProperty('mean');
    expect(input).not.toHaveProperty('std');
  });

  it.each([
    [['--mean', '0.5,abc'], /^craneml: --mean takes numbers separated by commas, one per channel .*not "0\.5,abc"$/],
    [['--std', '0.2,0.2'], /input\.std: must have 1 or 3 values \(one per channel\)$/],
    [['--std', '0'], /input\.std\.0: must not be 0$/],
    [['--fit', 'cover'], /^craneml: --fit takes one of fill, contain, crop, not "cover"$/],
    [['--kernel', 'cubic'], /^craneml: --kernel takes one of lanczos3, bilinear, nearest, not "cubic"$/],
  ])('%j: exit 2 and one line', async (flags, message) => {
    const out = path.join(tmp, `bad-${flags.join('-').replace(/[^a-z0-9]/gi, '')}`);
    const result = await runCli(['init', IMAGE_MODEL, '-o', out, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    await expect(readFile(path.join(out, 'craneml.json'))).rejects.toThrow();
  });

  it('with the digits preset (MNIST centring) takes --mean/--std and says --fit/--kernel are not used', async () => {
    const out = path.join(tmp, 'digits');
    const result = await runCli([
      'init',
      'assets/examples/digits/model.onnx',
      '--preset',
      'digits',
      '-o',
      out,
      '--mean',
      '0.1307',
      '--std',
      '0.3081',
      '--kernel',
      'nearest',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('image: 28x28x1 NCHW, MNIST centring, scale 1/255, mean 0.1307 std 0.3081');
    expect(result.stdout).toContain('note: --kernel not used: MNIST centring fits the ink itself');
    expect((await manifestIn(out)).input).toMatchObject({ center: 'mnist', mean: [0.1307], std: [0.3081], kernel: 'nearest' });
  });

  it('refuses image flags for a model whose input is a tensor, naming the input', async () => {
    const result = await runCli(['init', TENSOR_MODEL, '-o', path.join(tmp, 'tensor'), '--mean', '0.5', '--fit', 'crop']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'craneml: --mean, --fit describe an image input, but input "features" [-1, 4] float32 is taken as a tensor',
    );
  });
});
