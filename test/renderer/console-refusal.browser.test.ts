/**
 * The core's refusals reach the app in words without a line in Chromium's console: a file that is no
 * model, dropped in the web mode against the real core, is named in place and the console holds no
 * "Failed to load resource" (the web mode answers a refusal as the call's {error}, not as a 4xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealApp, type RealApp } from './real-app.ts';

let app: RealApp;

beforeAll(async () => {
  app = await startRealApp('console-refusal');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('a refused input in the app', () => {
  it('is said in place and logs nothing to the console', async () => {
    const page = await app.browser.newPage();
    const console: string[] = [];
    page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
    page.on('pageerror', (error) => console.push(error.message));
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
    await page
      .getByLabel(/^Model files/)
      .setInputFiles([{ name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') }]);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/notes\.onnx/);
    // The next drop still works, and a refused call to the core (a model it no longer holds) is quiet too.
    await page.getByRole('button', { name: 'Use the digits example' }).click();
    await page.getByText(/^Ready: model\.onnx/).waitFor();
    const refused = await page.evaluate(async () => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="craneml-token"]')!.content;
      const answer = await fetch('/api/call/presetSetup', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CraneML-Token': token },
        body: JSON.stringify({ stagedId: 'gone', preset: 'digits' }),
      });
      return { status: answer.status, body: (await answer.json()) as { error?: { code: string } } };
    });
    expect(refused).toEqual({ status: 200, body: { error: expect.objectContaining({ code: 'NOT_FOUND' }) } });
    expect(console).toEqual([]);
    await page.close();
  });
});
