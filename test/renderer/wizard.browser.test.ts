/** The wizard in real Chromium on a fake core: Next refuses bad input, says what to do, focuses the field, and advances when fixed. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';
import { toSetupStep } from './fake-wizard-steps.ts';
import { stroke } from './pointer.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['wizard']);
});

afterAll(async () => {
  await harness?.close();
});

async function currentStep(page: Page): Promise<string> {
  return (await page.locator('[aria-current="step"]').textContent()) ?? '';
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe('wizard validation', () => {
  it('does not leave the Drop step without a model, and says what to do', async () => {
    const { page, errors } = await harness.open('wizard');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/drop or pick the model files/);
    expect(await currentStep(page)).toContain('Drop');
    expect(await focusedId(page)).toBe('field-files');
    expect(await page.getByLabel(/model files/i).getAttribute('aria-invalid')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the core's error in place for a file that is not a model, and lets the user try again", async () => {
    const { page } = await harness.open('wizard');
    await page.getByLabel(/model files/i).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not a model CraneML knows/);
    await page
      .getByLabel(/model files/i)
      .setInputFiles({ name: 'digits.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('onnx') });
    await page.getByText('Ready: digits.onnx').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('stages files dropped on the drop zone', async () => {
    const { page } = await harness.open('wizard');
    const files = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([1, 2, 3])], 'model.onnx'));
      transfer.items.add(new File([new Uint8Array([4])], 'model.onnx.data'));
      return transfer;
    });
    await page.locator('.drop-zone').dispatchEvent('dragover', { dataTransfer: files });
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: files });
    await page.getByText('Ready: digits.onnx').waitFor();
    const staged = await page.evaluate(() => window.__calls.find(([name]) => name === 'stageDropped')?.[1]);
    expect(staged).toEqual(['model.onnx', 'model.onnx.data']);
    await page.close();
  });

  it('shows the inputs and outputs with named dynamic axes', async () => {
    const { page } = await harness.open('wizard');
    await page.getByRole('button', { name: 'Use the digits example' }).click();
    await page.getByText('Ready: digits.onnx').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    const table = page.getByRole('table', { name: 'Inputs and outputs' });
    await expect.poll(() => table.textContent()).toContain('[-1 (batch), 1, 28, 28]');
    expect(await table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Kind', 'Name', 'Type', 'Shape']);
    await page.close();
  });

  it('refuses a capitalised model name and a mean of the wrong length, focusing the name', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('Digits');
    await page.getByLabel(/^Mean/).fill('0.5, 0.5');
    await page.getByRole('button', { name: 'Next' }).click();
    const alert = page.locator('.error-summary');
    await expect.poll(() => alert.textContent()).toMatch(/Model name: use lowercase letters/);
    expect(await alert.textContent()).toMatch(/Mean: give 1 value \(the input has 1 channel\); you gave 2/);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await focusedId(page)).toBe('field-name');
    expect(await currentStep(page)).toContain('Input and output');
    expect(await page.getByLabel(/^Mean/).getAttribute('aria-invalid')).toBe('true');
    const calls = await page.evaluate(() => window.__calls.map(([name]) => name));
    expect(calls).not.toContain('createProject');
    await page.close();
  });

  it('previews the exact tensor and picture the model gets for a sample drawing', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    const canvas = page.getByRole('application', { name: /Preview drawing/ });
    await canvas.scrollIntoViewIfNeeded();
    await stroke(page, canvas, [
      [140, 40],
      [140, 240],
    ]);
    await expect.poll(() => page.locator('.preview-result').textContent()).toContain('input float32 [1, 1, 28, 28]');
    expect(await page.locator('.preview-result').getByRole('img', { name: 'What the model sees' }).count()).toBe(1);
    const previews = await page.evaluate(() => window.__calls.filter(([name]) => name === 'previewInput').map(([, args]) => args));
    expect(previews.at(-1)).toMatchObject({ name: 'digits', pictureBytes: expect.any(Number) });
    expect((previews.at(-1) as { pictureBytes: number }).pictureBytes).toBeGreaterThan(100);
    await page.close();
  });

  it('writes the project and advances once the form is valid', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('Digits');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.error-summary').waitFor();
    await page.getByLabel('Model name').fill('my-digits');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    expect(await currentStep(page)).toContain('Docker image');
    expect(await page.getByLabel('Image name and tag').inputValue()).toBe('my-digits:1.0.0');
    const create = await page.evaluate(() => window.__calls.find(([name]) => name === 'createProject')?.[1]);
    expect(create).toMatchObject({
      dir: '/home/me/CraneML/digits',
      replace: false,
      setup: { name: 'my-digits', labels: expect.any(Array) },
    });
    await page.close();
  });

  it('goes on by itself when Next is pressed while the core still checks the labels', async () => {
    const { page } = await harness.open('wizard');
    await page.evaluate(() => (window.__holdDecisions = true));
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('slow-check');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('status').filter({ hasText: 'Checking the labels against the model…' }).waitFor();
    expect(await currentStep(page)).toContain('Input and output');
    expect(await page.locator('.error-summary').count()).toBe(0);
    await page.evaluate(() => window.__releaseDecisions());
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    const create = await page.evaluate(() => window.__calls.find(([name]) => name === 'createProject')?.[1]);
    expect(create).toMatchObject({ setup: { name: 'slow-check', postprocess: { output: 'logits', softmax: true } } });
    expect(await page.getByText('Checking the labels against the model…').count()).toBe(0);
    await page.close();
  });

  it('stops waiting when the core cannot check the labels, and says why', async () => {
    const { page } = await harness.open('wizard');
    await page.evaluate(() => (window.__holdDecisions = true));
    await toSetupStep(page);
    await page.getByRole('button', { name: 'Next' }).click();
    const waiting = page.getByRole('status').filter({ hasText: 'Checking the labels against the model…' });
    await waiting.waitFor();
    await page.evaluate(() => window.__releaseDecisions('the staged model is gone; drop it again'));
    await page.getByText('the staged model is gone; drop it again').waitFor();
    await expect.poll(() => waiting.count()).toBe(0);
    // Pressed again: no answer is coming until the labels change, so it does not wait.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.evaluate(() => new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted))));
    expect(await waiting.count()).toBe(0);
    expect(await currentStep(page)).toContain('Input and output');
    await page.close();
  });

  it('starts over from the Drop step with nothing chosen, from any later step', async () => {
    const { page } = await harness.open('wizard');
    expect(await page.getByRole('button', { name: 'Start over' }).count()).toBe(0);
    await toSetupStep(page);
    await page.getByLabel('Model name').fill('my-digits');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
    expect(await currentStep(page)).toContain('Drop');
    expect(await page.getByText('Ready: digits.onnx').count()).toBe(0);
    // Nothing carried over: Next asks for a model again.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/drop or pick the model files/);
    await page.close();
  });

  it('offers no Replace for a folder CraneML never writes, and says why at the folder', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByLabel('Project folder').fill('/home/me');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/is your home folder/);
    expect(await page.getByLabel(/Replace/).count()).toBe(0);
    await page.close();
  });

  it('offers Replace when the folder already holds a project', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByLabel('Project folder').fill('/home/me/taken');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/taken already exists/);
    expect(await page.locator('.error-summary').textContent()).toMatch(/tick "Replace the project in this folder"/);
    await expect.poll(() => focusedId(page)).toBe('field-replace');
    await page.getByLabel(/Replace/).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.close();
  });

  it('shows a port already in use in place on the Run step, with what to do', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Port').fill('8081');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Built /).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/port 8081 is already in use\. Go Back to the Docker image step and choose another port/);
    await page.close();
  });

  it('refuses a port in use at the Image step, before any build, in words without CLI flags', async () => {
    const { page } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Port').fill('8082');
    await page.getByRole('button', { name: 'Next' }).click();
    const alert = page.locator('.error-summary');
    await expect
      .poll(() => alert.textContent())
      .toContain('Port: 8082 is already in use on 127.0.0.1; choose another, or stop what uses it (Containers).');
    await expect.poll(() => focusedId(page)).toBe('field-port');
    expect(await currentStep(page)).toContain('Docker image');
    expect(await page.evaluate(() => window.__calls.some(([name]) => name === 'buildImage'))).toBe(false);
    await page.getByLabel('Port').fill('8080');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Built /).waitFor();
    await page.close();
  });

  it('refuses a tag with capital letters and a port out of range on the Image step, then builds and runs', async () => {
    const { page, errors } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();

    await page.getByLabel('Image name and tag').fill('Digits:1.0.0');
    await page.getByLabel('Port').fill('70000');
    await page.getByRole('button', { name: 'Next' }).click();
    const alert = page.locator('.error-summary');
    await expect.poll(() => alert.textContent()).toMatch(/no capitals/);
    expect(await alert.textContent()).toMatch(/Port: enter a whole number from 1 to 65535/);
    expect(await focusedId(page)).toBe('field-tag');
    expect(await currentStep(page)).toContain('Docker image');

    await page.getByLabel('Image name and tag').fill('digits:1.0.0');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => focusedId(page)).toBe('field-port');
    await page.getByLabel('Port').fill('8080');
    await page.getByLabel('Memory limit in MB (optional)').fill('512');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Build' }).waitFor();

    // Reaching the step starts the build, once.
    await page.getByText('Built digits:1.0.0 — 150.0 MB in 4.2 s. Press Next to run it.').waitFor();
    expect(await page.evaluate(() => window.__calls.filter(([name]) => name === 'buildImage').length)).toBe(1);
    expect(await page.getByRole('progressbar', { name: 'Build progress' }).evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
    expect(await page.getByRole('log', { name: 'Build log' }).textContent()).toContain('FROM node:22-slim');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('link', { name: 'http://127.0.0.1:8080' }).waitFor();
    expect(await page.getByRole('link', { name: 'API docs' }).getAttribute('href')).toBe('http://127.0.0.1:8080/docs');
    expect(await page.getByRole('button', { name: 'Copy curl example' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Test', exact: true }).count()).toBe(1);
    const run = await page.evaluate(() => window.__calls.find(([name]) => name === 'runImage')?.[1]);
    expect(run).toEqual({ image: 'digits:1.0.0', port: 8080, memoryMb: 512 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
