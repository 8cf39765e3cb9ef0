/**
 * The Drop step in real Chromium, in desktop mode (the harness's fake sets window.craneml like the
 * preload): dropped and picked files go to stageDropped, and the page never reads their bytes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['wizard']);
});

afterAll(async () => {
  await harness?.close();
});

declare global {
  interface Window {
    /** Every read of a Blob's or File's bytes in the page, by method. */
    __reads: string[];
  }
}

/** Counts every way a page can read a Blob's bytes, from now on. */
async function spyOnReads(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__reads = [];
    const spy = (proto: object, method: string): void => {
      const original = (proto as Record<string, unknown>)[method] as ((...args: unknown[]) => unknown) | undefined;
      if (typeof original !== 'function') return;
      Object.defineProperty(proto, method, {
        configurable: true,
        value(this: unknown, ...args: unknown[]) {
          window.__reads.push(method);
          return original.apply(this, args);
        },
      });
    };
    for (const method of ['arrayBuffer', 'text', 'stream', 'bytes']) {
      spy(Blob.prototype, method);
      spy(File.prototype, method);
    }
    for (const method of ['readAsArrayBuffer', 'readAsText', 'readAsDataURL', 'readAsBinaryString']) spy(FileReader.prototype, method);
  });
}

const callsOf = (page: Page, name: string) =>
  page.evaluate((n) => window.__calls.filter(([call]) => call === n).map(([, args]) => args), name);

describe('the Drop step in the desktop app', () => {
  it('sends dropped files to stageDropped without reading them', async () => {
    const { page } = await harness.open('wizard');
    await spyOnReads(page);
    const files = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([1, 2, 3])], 'model.onnx'));
      transfer.items.add(new File([new Uint8Array([4])], 'model.onnx.data'));
      return transfer;
    });
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: files });
    await page.getByText('Ready: digits.onnx').waitFor();
    expect(await callsOf(page, 'stageDropped')).toEqual([['model.onnx', 'model.onnx.data']]);
    expect(await callsOf(page, 'stageModel')).toEqual([]);
    expect(await page.evaluate(() => window.__reads)).toEqual([]);
    await page.close();
  });

  it('sends picked files to stageDropped without reading them', async () => {
    const { page } = await harness.open('wizard');
    await spyOnReads(page);
    await page.getByLabel(/model files/i).setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{}') },
      { name: 'net.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('onnx') },
    ]);
    await page.getByText('Ready: digits.onnx').waitFor();
    expect(await callsOf(page, 'stageDropped')).toEqual([['model.json', 'net.onnx']]);
    expect(await page.evaluate(() => window.__reads)).toEqual([]);
    await page.close();
  });
});
