/** The Test window in Chromium against a fake model container over HTTP: it posts the drawing as PNG and shows the answer. */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';
import { classified } from './harness/classified.ts';
import { startFakeContainer, type FakeContainer, type FakeRequest } from './harness/fake-container.ts';
import { stroke } from './pointer.ts';

let harness: Harness;
let container: FakeContainer | undefined;
let url: string;
const seen: FakeRequest[] = [];
let mode: 'image' | 'tensor' | 'failing' | 'busy' = 'image';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

function metadata() {
  return {
    name: 'digits',
    version: '1.0.0',
    format: 'onnx',
    platform: 'onnxruntime',
    inputs: [{ name: 'input', dtype: 'float32', shape: mode === 'tensor' ? [-1, 2, 3] : [-1, 1, 28, 28] }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, 10] }],
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    input: { kind: mode === 'tensor' ? 'tensor' : 'image' },
    postprocess: { softmax: true, top_k: 3 },
    batching: { batchable: true, max_batch_size: 32, max_wait_ms: 2 },
    limits: { max_body_bytes: 1e7, max_image_pixels: 4e7, max_queue: 512 },
    runtime: { name: 'node', version: '22' },
  };
}

beforeAll(async () => {
  container = await startFakeContainer((request) => {
    seen.push(request);
    if (request.path === '/metadata') return { status: 200, body: metadata() };
    if (mode === 'failing') return { status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA', message: 'send a PNG or JPEG picture' } } };
    if (mode === 'busy')
      return { status: 503, body: { error: { code: 'OVERLOADED', message: 'the codec queue is full' } }, headers: { 'Retry-After': '3' } };
    if (mode === 'tensor')
      return {
        status: 200,
        body: {
          predictions: [{ outputs: { logits: { dtype: 'float32', shape: [1, 2], data: [0.25, 0.75] } } }],
          model: { name: 'digits', version: '1.0.0' },
        },
      };
    return {
      status: 200,
      body: {
        predictions: [
          classified([
            ['7', 0.982],
            ['1', 0.01],
            ['9', 0.005],
          ]),
        ],
        model: { name: 'digits', version: '1.0.0' },
        previews: [PIXEL],
      },
    };
  });
  url = container.url;
  harness = await startHarness(['test-window']);
});

beforeEach(() => {
  seen.length = 0;
  mode = 'image';
});

afterAll(async () => {
  await harness?.close();
  await container?.close();
});

/** Opens the Test window on the fake container and draws a vertical bar, for the answer the container gives. */
async function drawBar(): Promise<Page> {
  const { page } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
  await stroke(page, page.getByRole('application', { name: /drawing/i }), [
    [140, 40],
    [140, 240],
  ]);
  return page;
}

describe('test window', () => {
  it('posts the drawing as a 280x280 PNG to /predict?preview=true and shows label, top-k, latency and what the model saw', async () => {
    const { page, errors } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    const canvas = page.getByRole('application', { name: /drawing/i });
    await stroke(page, canvas, [
      [100, 60],
      [200, 60],
      [130, 240],
    ]);
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('7 — 98.2%');
    const post = seen.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/predict?preview=true');
    expect(post.type).toBe('image/png');
    const { info } = await sharp(post.body).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([280, 280]);
    expect(await page.getByRole('img', { name: 'What the model sees' }).getAttribute('src')).toBe(PIXEL);
    expect(await page.getByText(/Round trip: \d+ ms/).count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Top scores' }).getByRole('listitem').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends a pasted JPEG as it is, with its own content type, and shows it', async () => {
    const { page } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    await page.getByRole('application', { name: /drawing/i }).waitFor();
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } })
      .jpeg()
      .toBuffer();
    await page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'photo.jpg', { type: 'image/jpeg' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer }));
    }, jpeg.toString('base64'));
    await expect.poll(() => page.getByRole('status').textContent()).toContain('7 — 98.2%');
    const post = seen.find((request) => request.method === 'POST')!;
    expect(post.type).toBe('image/jpeg');
    expect(post.body.equals(jpeg)).toBe(true);
    expect(await page.getByRole('img', { name: 'The picture you sent' }).count()).toBe(1);
    await page.close();
  });

  it("shows the container's error in place", async () => {
    mode = 'failing';
    const page = await drawBar();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('The model does not take this kind of input: send a PNG or JPEG picture.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it("tells a busy container's refusal in words, with the wait it asks for", async () => {
    mode = 'busy';
    const page = await drawBar();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('The model server is busy: the codec queue is full. Try again in 3 s.');
    await page.close();
  });

  it('says the container did not answer when nothing listens at its URL', async () => {
    const { page } = await harness.open('test-window', `?url=${encodeURIComponent('http://127.0.0.1:9')}`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The container at http://127.0.0.1:9 did not answer: is it running? (Containers)');
    await page.close();
  });

  it('for tensor input, edits zeros shaped like the input and posts them as instances', async () => {
    mode = 'tensor';
    const { page } = await harness.open('test-window', `?url=${encodeURIComponent(url)}`);
    const editor = page.getByLabel('Instances (JSON)');
    await expect
      .poll(() => editor.inputValue().then((text) => JSON.parse(text)))
      .toEqual([
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
      ]);
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.locator('.outputs').textContent()).toContain('0.75');
    const post = seen.find((request) => request.method === 'POST')!;
    expect([post.path, post.type]).toEqual(['/predict', 'application/json']);
    expect(JSON.parse(post.body.toString())).toEqual({
      instances: [
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
      ],
    });
    await page.close();
  });
});
