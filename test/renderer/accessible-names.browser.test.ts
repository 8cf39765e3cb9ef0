/** Every control in every wizard step has an accessible name, as Chromium computes it. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlNames, domControlCount } from './accessible-names.ts';
import { startHarness, type Harness } from './browser.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['wizard', 'notebook-wizard']);
});

afterAll(async () => {
  await harness?.close();
});

async function expectAllNamed(page: Page, step: string): Promise<string[]> {
  const controls = await controlNames(page);
  const unnamed = controls.filter((control) => control.name === '');
  expect(unnamed, `unnamed controls on the ${step} step`).toEqual([]);
  // The accessibility tree saw the controls the DOM shows (a radio group or file input counts once each way).
  expect(controls.length, `controls seen on the ${step} step`).toBeGreaterThanOrEqual((await domControlCount(page)) - 1);
  return controls.map((control) => `${control.role}: ${control.name}`);
}

describe('accessible names', () => {
  it('names every control of every wizard step', async () => {
    const { page, errors } = await harness.open('wizard');
    const next = page.getByRole('button', { name: 'Next' });
    const seen: string[] = [];

    await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Drop')));
    await page.getByRole('button', { name: 'Use the digits example' }).click();
    await page.getByText('Ready: digits.onnx').waitFor();
    await next.click();
    await page.getByRole('table', { name: 'Inputs and outputs' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Inspect')));
    await next.click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Input and output (image)')));
    await page.getByRole('radio', { name: 'Tensor', exact: true }).check();
    await page.getByLabel('Instance (JSON)').waitFor();
    seen.push(...(await expectAllNamed(page, 'Input and output (tensor)')));
    await page.getByRole('radio', { name: 'Image', exact: true }).check();
    await next.click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Image')));
    await next.click();
    await page.getByText(/^Built /).waitFor();
    seen.push(...(await expectAllNamed(page, 'Build')));
    await next.click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('button', { name: 'Test', exact: true }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Run')));

    // The named controls the issue asks for are among them.
    for (const wanted of [
      'button: Back',
      'button: Next',
      'button: Use the digits example',
      'button: Use the digits preset',
      'combobox: Softmax',
      'combobox: Score output',
      'textbox: Model name',
      'radio: Image',
      'radio: Tensor',
      'textbox: Instance (JSON)',
      'textbox: Image name and tag',
      'textbox: Port',
      'button: Build again',
      'button: Cancel',
      'button: Running',
      'button: Copy curl example',
      'button: Copy python example',
      'button: Copy javascript example',
      'link: API docs',
      'button: Test',
      'slider: Brush size',
      'button: Clear',
    ])
      expect(seen, wanted).toContain(wanted);
    expect(seen.some((control) => /^button: Model files/.test(control))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names every control of a notebook model: converting, refused, inspected, set up', async () => {
    const { page, errors } = await harness.open('notebook-wizard', '?hold=1');
    const pick = (name: string) =>
      page.getByLabel(/model files/i).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from('pickle') });
    const seen: string[] = [];

    await pick('hostile.pkl');
    await page.getByRole('alert').filter({ hasText: 'Refused for safety' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Drop (refused)')));
    await pick('cancer.joblib');
    await page.getByRole('progressbar', { name: 'Conversion of cancer.joblib' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Drop (converting)')));
    await page.evaluate(() => window.__release());
    await page.getByText('Ready: cancer.joblib').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('region', { name: 'Answers proved equal' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Inspect (notebook)')));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('group', { name: 'Input: a table of 30 columns' }).waitFor();
    seen.push(...(await expectAllNamed(page, 'Input and output (table)')));

    for (const wanted of ['textbox: Labels (one per line)', 'spinbutton: mean radius', 'button: Next'])
      expect(seen, wanted).toContain(wanted);
    // The regions a table model adds are named too: the scrolling columns and the parity proof.
    expect(await page.getByRole('region', { name: 'Input columns (30)' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
