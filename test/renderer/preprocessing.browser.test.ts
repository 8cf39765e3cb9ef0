/**
 * The Input step's pre-processing controls in real Chromium on a fake core: Fit (with Crop), Resize
 * kernel, Mean and Std have accessible names, and what they are set to reaches the live preview
 * and the project the wizard writes.
 */
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

type Call = [string, Record<string, unknown>];

async function lastCall(page: Page, name: string): Promise<Record<string, unknown> | undefined> {
  const calls = (await page.evaluate(() => window.__calls)) as Call[];
  return calls.filter(([n]) => n === name).at(-1)?.[1];
}

describe('image pre-processing in the wizard', () => {
  it('names the Fit, Resize kernel, Mean and Std controls, showing the set-up the core proposed', async () => {
    const { page, errors } = await harness.open('wizard');
    await toSetupStep(page);
    const fit = page.getByRole('combobox', { name: 'Fit', exact: true });
    const kernel = page.getByRole('combobox', { name: 'Resize kernel' });
    expect(await fit.inputValue()).toBe('contain'); // the fake core's digits set-up
    expect(await kernel.inputValue()).toBe('lanczos3');
    expect(await fit.locator('option').allTextContents()).toEqual([
      'Fill (stretch)',
      'Contain (pad)',
      'Crop (resize the short side, centre crop)',
    ]);
    expect(await kernel.locator('option').allTextContents()).toEqual(['Lanczos3 (default)', 'Bilinear', 'Nearest']);
    expect(await page.getByRole('textbox', { name: 'Mean (per channel, optional)' }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Std (per channel, optional)' }).count()).toBe(1);
    // The digits set-up centres like MNIST, which fits the ink itself: Fit and Resize kernel are off and say why.
    expect(await fit.isDisabled()).toBe(true);
    expect(await kernel.isDisabled()).toBe(true);
    expect(await kernel.getAttribute('aria-describedby')).toBe('field-kernel-hint');
    expect(await page.locator('#field-kernel-hint').textContent()).toMatch(/Not used with MNIST centring/);
    await page.getByRole('combobox', { name: 'Centring' }).selectOption('none');
    expect(await fit.isEnabled()).toBe(true);
    expect(await kernel.isEnabled()).toBe(true);
    expect(await page.locator('#field-kernel-hint').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends crop, bilinear, mean and std to the live preview and into the project it writes', async () => {
    const { page, errors } = await harness.open('wizard');
    await toSetupStep(page);
    await page.getByRole('combobox', { name: 'Centring' }).selectOption('none');
    await page.getByRole('combobox', { name: 'Fit', exact: true }).selectOption('crop');
    await page.getByRole('combobox', { name: 'Resize kernel' }).selectOption('bilinear');
    await page.getByRole('textbox', { name: 'Mean (per channel, optional)' }).fill('0.1307');
    await page.getByRole('textbox', { name: 'Std (per channel, optional)' }).fill('0.3081');

    const canvas = page.getByRole('application', { name: /Preview drawing/ });
    await canvas.scrollIntoViewIfNeeded();
    await stroke(page, canvas, [
      [140, 40],
      [140, 240],
    ]);
    const wanted = { fit: 'crop', kernel: 'bilinear', center: 'none', mean: [0.1307], std: [0.3081] };
    await expect.poll(async () => (await lastCall(page, 'previewInput'))?.input).toMatchObject(wanted);

    // Changing the kernel alone asks for a new preview with it.
    await page.getByRole('combobox', { name: 'Resize kernel' }).selectOption('nearest');
    await expect.poll(async () => (await lastCall(page, 'previewInput'))?.input).toMatchObject({ ...wanted, kernel: 'nearest' });

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    const created = (await lastCall(page, 'createProject')) as { setup: { input: Record<string, unknown> } };
    expect(created.setup.input).toMatchObject({ ...wanted, kernel: 'nearest' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
