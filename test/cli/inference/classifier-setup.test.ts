/**
 * Classifier set-up on the models that once gave silently wrong answers (made by
 * scripts/make_classifier_fixtures.py): each is now right, or refused with the flag to use.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectModel } from '../../../main/formats/index.ts';
import { Predictor } from '../../../main/inference/predictor.ts';
import type { ClassPrediction } from '../../../main/shared/http-contract.ts';
import { createManifest, type ManifestOptions } from '../../../main/project.ts';
import { runCli } from '../../helpers/cli.ts';

const DIR = 'test/fixtures/onnx/classifiers';
const labels = (n: number) => Array.from({ length: n }, (_, i) => `class ${i}`);

async function manifestOf(file: string, options: ManifestOptions) {
  return createManifest(await inspectModel(`${DIR}/${file}`), options);
}

async function predict(file: string, options: ManifestOptions, instances: unknown[]): Promise<ClassPrediction[]> {
  const predictor = await Predictor.open(`${DIR}/${file}`, options);
  try {
    return (await predictor.predict(instances.map((i) => predictor.sampleFromInstance(i)))) as ClassPrediction[];
  } finally {
    await predictor.close();
  }
}

const rows = [
  [0.1, 0.2, 0.3, 0.4],
  [1, -1, 0.5, 2],
  [-2, 0, 1, 0.3],
];

describe('classifier set-up', () => {
  it('takes the float probabilities, not the int64 label, of a fixed-batch model', async () => {
    const manifest = await manifestOf('fixed_batch_label_probabilities.onnx', { labels: labels(3) });
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false });
    expect(manifest.postprocess.decided).toMatch(/"probabilities" is the only float output.*ends in softmax/);
  });

  it('answers one row an instance for a fixed batch of 3, with probabilities summing to 1', async () => {
    const answers = await predict('fixed_batch_label_probabilities.onnx', { labels: labels(3) }, rows);
    expect(answers).toHaveLength(3);
    for (const answer of answers) {
      expect(answer.score).toBeGreaterThan(1 / 3);
      expect(answer.top_k.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(1, 5);
    }
    expect(new Set(answers.map((a) => a.top_k.map((t) => t.score.toFixed(6)).join()))).toHaveProperty('size', 3);
  });

  it('refuses another count than the fixed batch, naming it', async () => {
    await expect(predict('fixed_batch_label_probabilities.onnx', { labels: labels(3) }, rows.slice(0, 2))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/fixed batch of 3: send exactly 3 instances/),
    });
  });

  it('reads [N, 1000, 1, 1] as 1000 classes and gives its logits softmax', async () => {
    const manifest = await manifestOf('nc11_image_classifier.onnx', { labels: labels(1000) });
    expect(manifest.postprocess).toMatchObject({ output: 'logits', softmax: true });
    const image = Array.from({ length: 3 }, (_, c) =>
      Array.from({ length: 8 }, (_, y) => Array.from({ length: 8 }, (_, x) => ((c + x + y) % 5) / 5)),
    );
    const [answer] = await predict('nc11_image_classifier.onnx', { labels: labels(1000) }, [image]);
    expect(answer!.score).toBeGreaterThan(0);
    expect(answer!.score).toBeLessThanOrEqual(1);
    expect(answer!.label).toMatch(/^class \d+$/);
  });

  it('probes a text classifier with a dynamic sequence axis and finds logits', async () => {
    const manifest = await manifestOf('text_dynamic_sequence.onnx', { labels: ['negative', 'positive'] });
    expect(manifest.postprocess).toMatchObject({ output: 'logits', softmax: true });
    const [answer] = await predict('text_dynamic_sequence.onnx', { labels: ['negative', 'positive'] }, [[3, 14, 15, 9, 2, 6]]);
    expect(answer!.score).toBeGreaterThanOrEqual(0.5);
    expect(answer!.top_k[0]!.score + answer!.top_k[1]!.score).toBeCloseTo(1, 6);
  });

  it('leaves a model ending in Softmax without a second softmax', async () => {
    const manifest = await manifestOf('ends_in_softmax.onnx', { labels: labels(3) });
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false });
  });

  it('gives a model ending in logits softmax', async () => {
    const manifest = await manifestOf('ends_in_logits.onnx', { labels: labels(3) });
    expect(manifest.postprocess).toMatchObject({ output: 'logits', softmax: true });
    expect(manifest.postprocess.decided).toMatch(/softmax on: probe outputs fall outside 0\.\.1/);
  });

  it('follows --softmax / --no-softmax over the probe', async () => {
    const manifest = await manifestOf('ends_in_logits.onnx', { labels: labels(3), softmax: false });
    expect(manifest.postprocess).toMatchObject({ softmax: false, decided: expect.stringMatching(/--no-softmax given/) });
  });

  it('asks for --scores-output when two outputs could hold the scores, and follows it', async () => {
    await expect(manifestOf('two_score_heads.onnx', { labels: labels(3) })).rejects.toThrow(
      /outputs "logits" and "probabilities" could each hold the 3 class scores; choose one with --scores-output NAME/,
    );
    const manifest = await manifestOf('two_score_heads.onnx', { labels: labels(3), scoresOutput: 'probabilities' });
    expect(manifest.postprocess).toMatchObject({ output: 'probabilities', softmax: false });
  });

  it('refuses labels of the wrong count, naming the outputs', async () => {
    await expect(manifestOf('nc11_image_classifier.onnx', { labels: labels(10) })).rejects.toThrow(
      /10 labels given, but no float output has 10 entries on its class axis \(outputs: logits float32 \[-1 \(N\), 1000, 1, 1\]\)/,
    );
  });

  it('names the zipmap option when the probabilities are a ZipMap', async () => {
    const info = await inspectModel('test/fixtures/onnx/skl2onnx_iris_zipmap.onnx');
    await expect(createManifest(info, { labels: labels(3) })).rejects.toThrow(/options=\{"zipmap": False\}/);
  });
});

describe('craneml init on a classifier', () => {
  it('prints and records what it decided, and takes --scores-output and --no-softmax', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'craneml-init-'));
    try {
      const labelsFile = path.join(tmp, 'labels.txt');
      await writeFile(labelsFile, 'a\nb\nc\n');
      const asked = await runCli(['init', `${DIR}/two_score_heads.onnx`, '--labels', labelsFile, '-o', path.join(tmp, 'p1')]);
      expect(asked.code).toBe(2);
      expect(asked.stderr.trim().split('\n')).toHaveLength(1);
      expect(asked.stderr).toMatch(/--scores-output NAME/);
      const out = path.join(tmp, 'p2');
      const done = await runCli([
        'init',
        `${DIR}/two_score_heads.onnx`,
        '--labels',
        labelsFile,
        '--scores-output',
        'logits',
        '--no-softmax',
        '-o',
        out,
      ]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/decided: scores: "logits" named by --scores-output; softmax off: --no-softmax given/);
      const manifest = JSON.parse(await readFile(path.join(out, 'craneml.json'), 'utf8'));
      expect(manifest.postprocess).toMatchObject({ output: 'logits', softmax: false, decided: expect.stringMatching(/--no-softmax/) });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
