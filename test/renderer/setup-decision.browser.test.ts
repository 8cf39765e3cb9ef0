/**
 * The core's one set-up decision in the wizard, in real Chromium against the real web mode and core: a
 * scikit-learn classifier (outputs label int64 and probabilities [-1, 2], made here with the test venv)
 * takes malignant/benign, is packaged and answers them with probabilities, and the Run step's curl example
 * sends its 30 features and gets 200; an [N, 1000, 1, 1] classifier takes 1000 labels; a Keras .h5 model
 * ending in logits gets softmax on, as `craneml init` decides it, and no negative percentage.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pasteText } from './paste-text.ts';
import { SCREENS } from './screens.ts';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { inspectModel } from '../../main/formats/index.ts';
import { createManifest } from '../../main/project.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { LOCAL_BASE, removeImageAndItsContainers, requireDocker } from '../docker/require-docker.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const docker = await requireDocker({ localBase: true });
const TAG = `craneml-test/setup-decision:${process.pid}`;
const NC11 = path.resolve('test/fixtures/onnx/classifiers/nc11_image_classifier.onnx');
const KERAS_LOGITS = path.resolve('test/fixtures/keras/depthwise.h5');

/** Breast cancer (y: 0 malignant, 1 benign) as skl2onnx writes a classifier without ZipMap. */
const MAKE_CANCER = `
import sys
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from skl2onnx import to_onnx
X, y = load_breast_cancer(return_X_y=True)
X = X.astype(np.float32)
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y)
onx = to_onnx(model, X[:1], options={LogisticRegression: {"zipmap": False}})
open(sys.argv[1], "wb").write(onx.SerializeToString())
`;

let work: TempDir;
let cancer: string;
let core: CraneCore;
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  work = await tempDir('setup-decision-e2e');
  const venv = (await run('bash', ['scripts/tabular-venv.sh'])).stdout.trim();
  cancer = path.join(work.path, 'cancer.onnx');
  await writeFile(path.join(work.path, 'make.py'), MAKE_CANCER);
  await run(path.join(venv, 'bin/python'), [path.join(work.path, 'make.py'), cancer]);
  core = createCraneCore({ settings: new SettingsStore(work.path), projectsDir: path.join(work.path, 'projects') });
  server = await startWebServer(core, 0);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (docker) await removeImageAndItsContainers(docker, TAG);
  await work?.remove();
}, 120_000);

/** Drops `file` on the Drop step and goes on to Input and output. */
async function dropModel(file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.getByLabel(/^Model files/).setInputFiles(file);
  await page.getByText(/^Ready: /).waitFor();
  for (const heading of ['Inspect', 'Input and output']) {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: heading }).waitFor();
  }
  return { page, errors };
}

const labelsHint = (page: Page) => page.locator('#field-labels-hint').textContent();

async function written(dir: string): Promise<{ labels: string[]; postprocess: Record<string, unknown> }> {
  return JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')) as { labels: string[]; postprocess: Record<string, unknown> };
}

describe('the set-up decision in the wizard', () => {
  it('takes 1000 labels for an [N, 1000, 1, 1] classifier, naming the field while they do not fit', async () => {
    const { page, errors } = await dropModel(NC11);
    const labels = Array.from({ length: 1000 }, (_, i) => `class ${i}`);
    await pasteText(page.getByLabel('Labels (one per line)'), labels.slice(0, 999).join('\n'));
    await expect.poll(() => page.locator('#field-labels-error').textContent()).toMatch(/^Labels: 999 labels given/);
    // The preview names the field to fix and keeps the picture picker while Image input is chosen.
    await expect.poll(() => page.getByRole('list', { name: 'What to fix' }).textContent()).toMatch(/^Labels: 999 labels given/);
    expect(await page.getByLabel('Sample picture (PNG or JPEG)').count()).toBe(1);
    expect(await page.getByLabel('Instance (JSON)').count()).toBe(0);

    await pasteText(page.getByLabel('Labels (one per line)'), labels.join('\n'));
    await expect.poll(() => labelsHint(page)).toBe('1000 labels for 1000 classes.');
    await expect.poll(() => page.locator('#field-labels-error').count()).toBe(0);
    expect(await page.locator('#field-softmax-hint').textContent()).toBe(
      'Auto: on, because probe outputs fall outside 0..1, so they are logits.',
    );
    await page.screenshot({ path: `${SCREENS}/setup-1000-classes.png`, fullPage: true });

    const dir = path.join(work.path, 'written', 'nc11');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    const manifest = await written(dir);
    expect(manifest.labels).toEqual(labels);
    const cli = await createManifest(await inspectModel(NC11), { labels });
    expect(manifest.postprocess).toEqual(cli.postprocess);
    expect(manifest.postprocess).toMatchObject({ output: 'logits', softmax: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('gives a Keras .h5 classifier that ends in logits softmax, as init does, and no negative percentage', async () => {
    const { page, errors } = await dropModel(KERAS_LOGITS);
    await page.getByLabel('Labels (one per line)').fill('dog\ncat');
    await expect.poll(() => labelsHint(page)).toBe('2 labels for 2 classes.');
    await expect
      .poll(() => page.locator('#field-softmax-hint').textContent())
      .toBe('Auto: on, because probe outputs fall outside 0..1, so they are logits.');
    expect(await page.getByLabel('Softmax').inputValue()).toBe('auto');
    // Tried on an instance of zeros: the answer is a probability per label.
    await page.getByRole('radio', { name: 'Tensor' }).check();
    const answer = page.locator('.preview-result');
    await answer.waitFor();
    const text = await answer.innerText();
    expect(text).toMatch(/dog|cat/);
    expect(await page.locator('body').innerText()).not.toMatch(/-\d+(\.\d+)?\s?%/);
    await page.screenshot({ path: `${SCREENS}/setup-keras-softmax.png`, fullPage: true });

    // Off by the user's choice, said as theirs.
    await page.getByLabel('Softmax').selectOption('off');
    await expect.poll(() => page.locator('#field-softmax-hint').textContent()).toBe('Off, as you chose.');
    await page.getByLabel('Softmax').selectOption('auto');
    const dir = path.join(work.path, 'written', 'keras');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await expect.poll(() => page.locator('#field-softmax-hint').textContent()).toMatch(/^Auto: on/);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    const cli = await createManifest(await inspectModel(KERAS_LOGITS), { labels: ['dog', 'cat'] });
    expect((await written(dir)).postprocess).toEqual(cli.postprocess);
    expect(cli.postprocess.softmax).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it.skipIf(!docker)(
    'packages a scikit-learn classifier with labels; its curl example sends 30 features and gets malignant or benign',
    async () => {
      const { page, errors } = await dropModel(cancer);
      await page.getByLabel('Labels (one per line)').fill('malignant\nbenign');
      await expect.poll(() => labelsHint(page)).toBe('2 labels for 2 classes.');
      await expect.poll(() => page.locator('#field-scoreOutput-hint').textContent()).toBe('Auto: probabilities, class axis 1 of [-1, 2].');
      const options = await page.getByLabel('Score output').locator('option').allTextContents();
      expect(options).toEqual(['Auto (probabilities)', 'probabilities (float32 [-1, 2], 2 classes)']);
      // The core checks the labels against the model after the fill: an error shown meanwhile goes with its answer.
      await expect.poll(() => page.locator('.field-error').count()).toBe(0);
      await page.screenshot({ path: `${SCREENS}/setup-sklearn-labels.png`, fullPage: true });

      const dir = path.join(work.path, 'written', 'cancer');
      await page.getByLabel('Project folder', { exact: true }).fill(dir);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: 'Docker image' }).waitFor();
      expect((await written(dir)).postprocess).toMatchObject({ output: 'probabilities', softmax: false, top_k: 2 });
      await page.getByLabel('Image name and tag').fill(TAG);
      await page.getByLabel('Base image (optional)').fill(LOCAL_BASE);
      await page.getByLabel('Port').fill(String(await freePort()));
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/^Built /).waitFor({ timeout: 400_000 });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText(/^Container .*: Ready/).waitFor({ timeout: 120_000 });

      const curl = await page
        .locator('.snippet', { has: page.getByRole('heading', { name: 'curl' }) })
        .locator('code')
        .textContent();
      expect(curl).toContain(`{"instances":[[${new Array(30).fill(0).join(',')}]]}`);
      const { stdout } = await run('sh', ['-c', `${curl!} -s -w '\\n%{http_code}'`]);
      const [body, status] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      expect(status).toBe('200');
      const [prediction] = (
        JSON.parse(body) as { predictions: { label: string; score: number; top_k: { label: string; score: number }[] }[] }
      ).predictions;
      expect(['malignant', 'benign']).toContain(prediction!.label);
      expect(prediction!.top_k.map((t) => t.label).sort()).toEqual(['benign', 'malignant']);
      expect(prediction!.top_k.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(1, 5);
      for (const snippet of await page.locator('.snippet code').allTextContents()) expect(snippet).not.toContain('[[0, 0, 0]]');
      await page.screenshot({ path: `${SCREENS}/run-tensor-examples.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    },
    600_000,
  );
});
