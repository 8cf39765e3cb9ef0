/**
 * The Test window for a table model in Chromium, against a fake model container over HTTP: its form by
 * column (filled from /metadata's columns and their examples) posts the row as an instance by column name,
 * and shows the classifier's label or the regressor's value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';
import { classified } from './harness/classified.ts';
import { startFakeContainer, type FakeContainer } from './harness/fake-container.ts';
import { DIABETES, TITANIC } from './harness/notebook-models.ts';

let harness: Harness;
let container: FakeContainer | undefined;
let url: string;
const posted: unknown[] = [];
let task: 'classification' | 'regression' = 'classification';

function metadata() {
  const model = task === 'classification' ? TITANIC : DIABETES;
  return {
    name: model.setup.name,
    version: '1.0.0',
    format: 'onnx',
    platform: 'onnxruntime',
    inputs: model.inputs,
    outputs: model.outputs,
    ...(model.notebook!.classes ? { labels: model.notebook!.classes } : {}),
    input: { kind: 'table', columns: model.notebook!.columns },
    task,
    postprocess: { softmax: false, top_k: 2 },
    batching: { batchable: true, max_batch_size: 32, max_wait_ms: 2 },
    limits: { max_body_bytes: 1e7, max_image_pixels: 4e7, max_queue: 512 },
    runtime: { name: 'node', version: '22' },
  };
}

const ANSWERS = {
  classification: classified([
    ['1', 0.81],
    ['0', 0.19],
  ]),
  regression: { value: 152.25 },
};

beforeAll(async () => {
  container = await startFakeContainer((request) => {
    if (request.path === '/metadata') return { status: 200, body: metadata() };
    posted.push(JSON.parse(request.body.toString('utf8')));
    return { status: 200, body: { predictions: [ANSWERS[task]], model: { name: metadata().name, version: '1.0.0' } } };
  });
  url = container.url;
  harness = await startHarness(['test-window']);
});

afterAll(async () => {
  await harness?.close();
  await container?.close();
});

describe('the Test window for a table model', () => {
  it('posts the row of its form by column name and shows the class it is answered with', async () => {
    task = 'classification';
    posted.length = 0;
    const { page, errors } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    await page.getByRole('button', { name: 'Example row' }).click();
    expect(await page.getByLabel('sex', { exact: true }).inputValue()).toBe('female');
    expect(await page.getByLabel('fare', { exact: true }).inputValue()).toBe('14.45');
    // No drawing pad for a table.
    expect(await page.getByRole('button', { name: 'Clear' }).count()).toBe(0);
    await page.getByLabel('sex', { exact: true }).selectOption('male');
    await page.getByLabel('embarked', { exact: true }).selectOption('C');
    await page.getByLabel('age', { exact: true }).fill('40');
    await page.getByLabel('fare', { exact: true }).fill('80');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-label').textContent()).toBe('1');
    expect(posted).toEqual([{ instances: [{ sex: 'male', embarked: 'C', age: 40, fare: 80 }] }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a regressor's value", async () => {
    task = 'regression';
    posted.length = 0;
    const { page, errors } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    await page.getByRole('button', { name: 'Example row' }).click();
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-value').textContent()).toBe('152.25');
    expect(await page.getByRole('list', { name: 'Top scores' }).count()).toBe(0);
    expect(Object.keys((posted[0] as { instances: Record<string, unknown>[] }).instances[0]!)).toEqual(
      DIABETES.notebook!.columns.map((column) => column.name),
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
