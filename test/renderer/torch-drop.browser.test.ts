/**
 * A TorchScript file dropped in the wizard, in real Chromium against the real web mode and core: the file
 * does not say its input's shape, so the Drop step asks for it in words (no CLI flag anywhere), refuses
 * a bad shape in the page, and stages the same file again with a good one: Inspect shows a TorchScript
 * model served by the Python runtime with the input [-1, 30].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealApp, type RealApp } from './real-app.ts';
import { torchFixture } from '../helpers/torch-env.ts';

let app: RealApp;

beforeAll(async () => {
  app = await startRealApp('torch-drop');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('a TorchScript file in the wizard', () => {
  it('asks for its input shape in words, refuses a bad one, and stages it with a good one', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.server.url);
    await page.getByLabel(/model files/i).setInputFiles(torchFixture('cancer_mlp.pt'));

    const field = page.getByLabel('Input shape', { exact: true });
    await field.waitFor();
    const alert = page.getByRole('alert');
    expect(await alert.innerText()).toContain(
      'A TorchScript file does not say what one input row looks like. Give its shape, e.g. 30 for 30 numbers, or 1,28,28 for a 28x28 grey picture.',
    );
    expect(await page.locator('body').innerText()).not.toContain('--');

    await field.fill('0,x');
    await page.getByRole('button', { name: 'Use this shape' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await alert.innerText()).toMatch(/“0,x” is not a shape\. Give 1 to 8 whole numbers from 1 to 100000, separated by commas/);
    expect(await page.getByText(/^Ready:/).count()).toBe(0);

    await field.fill('30');
    await page.getByRole('button', { name: 'Use this shape' }).click();
    await page.getByText(/^Ready: cancer_mlp\.pt \(python,/).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Inspect' }).waitFor();
    const runtime = await page.getByRole('region', { name: 'Served by the Python runtime' }).innerText();
    expect(runtime).toContain('a TorchScript file (torch.jit.save), which torch loads');
    expect(await page.getByRole('table', { name: 'Inputs and outputs' }).innerText()).toMatch(/input\s+input\s+float32\s+\[-1, 30\]/);
    // A tensor model: no "declared columns" wording from predict.py projects.
    expect(await page.locator('body').innerText()).toContain('Takes tensors');
    expect(await page.locator('body').innerText()).not.toContain('No declared columns');
    expect(await page.locator('body').innerText()).not.toContain('--');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
