/** The CLI's inspect, init and in-process predict on ONNX models: what it prints, and what it refuses. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.ts';

const digits = 'assets/examples/digits';
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('craneml inspect', () => {
  it('prints the digits model as JSON with format, signature, opset and producer', async () => {
    const { code, stdout } = await runCli(['inspect', `${digits}/model.onnx`, '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.format).toBe('onnx');
    expect(info.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28], dim_names: ['batch', null, null, null] }]);
    expect(info.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: [-1, 10], dim_names: ['batch', null] }]);
    expect(info.metadata.opset).toBeGreaterThanOrEqual(13);
    expect(info.metadata.producer_name).toBe('pytorch');
  });

  it('prints a readable summary by default', async () => {
    const { code, stdout } = await runCli(['inspect', `${digits}/model.onnx`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/format:\s+onnx/);
    expect(stdout).toMatch(/input\s+float32\s+\[-1 \(batch\), 1, 28, 28\]/);
  });
});

/** `craneml init <digits model> --preset digits` into `tmp/project`, once for the tests that read it. */
let digitsInit: Promise<{ out: string; init: CliResult }> | undefined;
function digitsProject(): Promise<{ out: string; init: CliResult }> {
  const out = path.join(tmp, 'project');
  digitsInit ??= runCli(['init', `${digits}/model.onnx`, '--preset', 'digits', '-o', out]).then((init) => ({ out, init }));
  return digitsInit;
}

describe('craneml predict (in process)', () => {
  const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  // One run reads all ten samples: it prints a line per picture, in the order given.
  let samples: CliResult;
  beforeAll(async () => {
    samples = await runCli(['predict', digits, '--image', ...DIGITS.map((digit) => `${digits}/samples/${digit}.png`)]);
  });

  it.each(DIGITS)('reads sample %i.png as that digit', (digit) => {
    expect(samples.code).toBe(0);
    const line = samples.stdout.split('\n')[digit];
    expect(line).toMatch(new RegExp(`^${digit}\\.png: ${digit}  \\(score 0\\.\\d+; top-3: ${digit} `));
  });

  it('answers JSON with top-k scores for several images at once', async () => {
    const { code, stdout } = await runCli([
      'predict',
      digits,
      '--image',
      `${digits}/samples/3.png`,
      `${digits}/samples/8.png`,
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.predictions.map((p: { label: string }) => p.label)).toEqual(['3', '8']);
    expect(body.predictions[0].top_k).toHaveLength(3);
    expect(body.model).toEqual({ name: 'digits', version: expect.any(String) });
  });

  it('takes JSON instances from stdin and names the expected shape when it is wrong', async () => {
    const zeros = Array.from({ length: 28 }, () => new Array(28).fill(0));
    const good = await runCli(['predict', digits, '--json', '-'], { input: JSON.stringify({ instances: [[zeros]] }) });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^instance 0: \d/);
    const bad = await runCli(['predict', digits, '--json', '-'], { input: JSON.stringify({ instances: [[[1, 2, 3]]] }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('craneml: input "input" has shape [1, 3] but the model expects [1, 28, 28]');
  });

  it('predicts with a bare model file and a preset, through init and a project folder', async () => {
    const { out, init } = await digitsProject();
    expect(init.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8'));
    expect(manifest.input).toMatchObject({ kind: 'image', center: 'mnist' });
    expect(manifest.model.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await runCli(['init', `${digits}/model.onnx`, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists \(use --force/);
    const bare = await runCli(['predict', `${digits}/model.onnx`, '--preset', 'digits', '--image', `${digits}/samples/5.png`]);
    expect(bare.stdout).toMatch(/^5\.png: 5 /);
  });

  it('refuses a project whose model changed after init', async () => {
    // A copy of the project init wrote: the same files, then one byte of its model flipped.
    const made = await digitsProject();
    expect(made.init.code).toBe(0);
    const out = path.join(tmp, 'changed');
    await cp(made.out, out, { recursive: true });
    const model = path.join(out, 'model.onnx');
    const bytes = await readFile(model);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(model, bytes);
    const result = await runCli(['predict', out, '--image', `${digits}/samples/1.png`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/model\.onnx changed after "craneml init"/);
  });
});

describe('a model with external weights (the default torch exporter)', () => {
  it('init copies the weights file beside the model and lists both in the manifest; predict uses them', async () => {
    const project = path.join(tmp, 'external');
    const init = await runCli(['init', 'test/fixtures/onnx/torch_dynamo_external/model.onnx', '-o', project, '--name', 'external']);
    expect(init.code, init.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8'));
    expect(manifest.model.files.map((f: { path: string }) => f.path)).toEqual(['model.onnx', 'model.onnx.data']);
    expect((await readFile(path.join(project, 'model.onnx.data'))).length).toBe(9600);
    const result = await runCli(['predict', project, '--json', '-', '-o', 'json'], {
      input: JSON.stringify({ instances: [[1, 2, 3, 4]] }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).predictions[0].outputs.scores.shape).toEqual([3]);
  });
});

describe('an image model that takes raw uint8 pixels (NHWC), as TensorFlow exports often do', () => {
  it('init proposes an image codec without scaling, and predict feeds it uint8 pixels', async () => {
    const project = path.join(tmp, 'uint8');
    const init = await runCli(['init', 'test/fixtures/onnx/helper_uint8_image.onnx', '-o', project]);
    expect(init.code, init.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8'));
    expect(manifest.input).toMatchObject({ kind: 'image', tensor: 'pixels', width: 8, height: 8, channels: 3, layout: 'NHWC', scale: 1 });
    const sharp = (await import('sharp')).default;
    const grey = path.join(tmp, 'grey.png');
    await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 100, g: 150, b: 200 } } })
      .png()
      .toFile(grey);
    const result = await runCli(['predict', project, '--image', grey, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    // The model answers the mean of its uint8 input: (100 + 150 + 200) / 3.
    expect(JSON.parse(result.stdout).predictions[0].outputs.brightness.data[0]).toBeCloseTo(150, 3);
  });
});

describe('softmax decided by what the model answers', () => {
  async function initWith(model: string, ...args: string[]) {
    const project = path.join(tmp, path.basename(model, '.onnx'));
    const init = await runCli(['init', model, '-o', project, ...args]);
    expect(init.code, init.stderr).toBe(0);
    return { project, manifest: JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) };
  }

  it('adds none to a digits model that already ends in Softmax, so its scores stay probabilities', async () => {
    const model = 'test/fixtures/onnx/helper_softmax_digits.onnx';
    const { project, manifest } = await initWith(model, '--preset', 'digits');
    expect(manifest.postprocess.softmax).toBe(false);
    const input = path.join(tmp, 'drawing.json');
    const drawing = Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, x) => [Math.abs(x - y) < 3 ? 1 : 0]));
    await writeFile(input, JSON.stringify({ instances: [drawing] }));
    const raw = await runCli(['predict', model, '--json', input, '-o', 'json']);
    const probabilities = JSON.parse(raw.stdout).predictions[0].outputs.probabilities.data as number[];
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const result = await runCli(['predict', project, '--json', input, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    // The model's own probability, not squeezed towards 0.1 by a second softmax.
    expect(JSON.parse(result.stdout).predictions[0].score).toBeCloseTo(Math.max(...probabilities), 5);
  });

  it('adds it to a digits model whose outputs are logits', async () => {
    const { out, init } = await digitsProject();
    expect(init.code, init.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8'));
    expect(manifest.postprocess.softmax).toBe(true);
  });

  it('reads the probabilities output of a scikit-learn classifier whose first output is the label', async () => {
    const labels = path.join(tmp, 'iris.txt');
    await writeFile(labels, 'setosa\nversicolor\nvirginica\n');
    const { project, manifest } = await initWith('test/fixtures/onnx/skl2onnx_iris_probabilities.onnx', '--labels', labels);
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false });
    const input = path.join(tmp, 'iris.json');
    await writeFile(
      input,
      JSON.stringify({
        instances: [
          [5.1, 3.5, 1.4, 0.2],
          [6.7, 3.0, 5.2, 2.3],
        ],
      }),
    );
    const result = await runCli(['predict', project, '--json', input, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const predictions = JSON.parse(result.stdout).predictions;
    expect(predictions.map((p: { label: string }) => p.label)).toEqual(['setosa', 'virginica']);
    expect(predictions[0].score).toBeGreaterThan(0.9);
  });

  it('refuses labels for a model whose only output already names the class', async () => {
    const labels = path.join(tmp, 'iris-zipmap.txt');
    await writeFile(labels, 'setosa\nversicolor\nvirginica\n');
    const result = await runCli([
      'init',
      'test/fixtures/onnx/skl2onnx_iris_zipmap.onnx',
      '--labels',
      labels,
      '-o',
      path.join(tmp, 'zipmap'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no float output has 3 entries on its class axis \(outputs: output_label string \[-1\]\)/);
    expect(result.stderr).toMatch(/a ZipMap \(output_probability\).*options=\{"zipmap": False\}/);
  });
});
