/**
 * The Test window for models the Python runtime serves, in Chromium against a fake model container over
 * HTTP: a predict.py project that declares no columns gets its instances (rows) to fill in (not a drawing pad), and
 * whatever its predict answers (a string, a dict of its own) is shown as it came, with no crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';
import { startFakeContainer, type FakeContainer } from './harness/fake-container.ts';

let harness: Harness;
let container: FakeContainer | undefined;
let url: string;
const posted: unknown[] = [];
let answer: unknown = 'hello 0.4621';

/** /metadata of a predict.py project without declared columns, as the Python runtime describes it. */
const METADATA = {
  name: 'e2e-features',
  version: '1.0.0',
  format: 'python',
  platform: 'python',
  inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }],
  outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
  input: { kind: 'rows' },
  postprocess: { softmax: false, top_k: 3 },
  batching: { batchable: true, max_batch_size: 32, max_wait_ms: 2 },
  limits: { max_body_bytes: 1e7, max_image_pixels: 4e7, max_queue: 512 },
  runtime: { name: 'python', version: '3.11' },
};

beforeAll(async () => {
  container = await startFakeContainer((request) => {
    if (request.path === '/metadata') return { status: 200, body: METADATA };
    posted.push(JSON.parse(request.body.toString('utf8')));
    return { status: 200, body: { predictions: [answer], model: { name: METADATA.name, version: '1.0.0' } } };
  });
  url = container.url;
  harness = await startHarness(['test-window']);
});

afterAll(async () => {
  await harness?.close();
  await container?.close();
});

describe('the Test window for a Python project', () => {
  it('posts a row as typed and shows a string answer as it came', async () => {
    answer = 'hello 0.4621';
    posted.length = 0;
    const { page, errors } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    const row = page.getByLabel('Instances (JSON)');
    await row.waitFor();
    expect(await row.inputValue()).toBe('[{}]');
    expect(await page.getByRole('button', { name: 'Clear' }).count()).toBe(0);
    await row.fill(JSON.stringify([{ 'sepal length (cm)': 5.1, 'petal width (cm)': 0.2 }]));
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-answer').textContent()).toBe('"hello 0.4621"');
    expect(posted).toEqual([{ instances: [{ 'sepal length (cm)': 5.1, 'petal width (cm)': 0.2 }] }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a dict answer's label, and its own fields rather than top scores it does not have", async () => {
    answer = { label: 'setosa', score: 0.97 };
    const { page, errors } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    await page.getByLabel('Instances (JSON)').waitFor();
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-label').textContent()).toBe('setosa');
    expect(await page.getByRole('list', { name: 'Top scores' }).count()).toBe(0);
    expect(JSON.parse(await page.locator('pre.outputs').innerText())).toEqual({ label: 'setosa', score: 0.97 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
