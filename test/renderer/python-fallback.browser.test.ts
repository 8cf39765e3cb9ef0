/**
 * A notebook model no converter takes, in the wizard in real Chromium on a fake core: Inspect says the
 * Python runtime serves it because the conversion failed, at which step, and what it pins; the set-up keeps
 * its columns and classes, offers no image fields or preview, and every control is named and reachable by keys.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS } from './screens.ts';
import { controlNames, domControlCount } from './accessible-names.ts';
import { startHarness, type Harness } from './browser.ts';
import { LOG1P, LOG1P_REASON, LOG1P_REQUIREMENTS } from './harness/python-models.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['python-wizard']);
});

afterAll(async () => {
  await harness?.close();
});

async function toInspect(page: Page): Promise<void> {
  await page
    .getByLabel(/model files/i)
    .setInputFiles({ name: 'log1p-cancer.pkl', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
  await page.getByText('Ready: log1p-cancer.pkl (python,').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Inspect' }).waitFor();
}

describe('a notebook model the Python runtime serves instead', () => {
  it('says why: the conversion failed, at which step, and what the image pins', async () => {
    const { page, errors } = await harness.open('python-wizard');
    await toInspect(page);
    const facts = await page.getByRole('region', { name: 'Served by the Python runtime' }).innerText();
    expect(facts).toContain('A notebook model served from its own file.');
    expect(facts.replace(/\s+/g, ' ')).toContain(`Why ${LOG1P_REASON}`);
    expect(facts).toMatch(/Conversion failed at\s+the convert step/);
    expect(facts).toMatch(/Source\s+log1p-cancer\.pkl \(pickle\)/);
    expect(facts).toMatch(/Estimator\s+Pipeline\(FunctionTransformer, StandardScaler, LogisticRegression\)/);
    expect(facts).toMatch(/Answers\s+Classifier: 2 classes \(0, 1\)/);
    expect((await page.getByRole('list', { name: 'Packages installed in the image' }).innerText()).split('\n')).toEqual(LOG1P_REQUIREMENTS);
    // The columns the converter's describe step learnt; no bounds, defaults or descriptions to show.
    const headings = await page.getByRole('table', { name: 'Input columns (30)' }).locator('th').allInnerTexts();
    expect(headings).toEqual(['#', 'Column', 'Type', 'Categories', 'Example']);
    // No converted ONNX model, so no parity proof.
    expect(await page.getByRole('region', { name: /Answers (not )?proved equal/ }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/python-fallback-inspect.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps its columns and classes in the set-up, with no image fields or preview, and writes them', async () => {
    const { page, errors } = await harness.open('python-wizard');
    await toInspect(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use the digits preset' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /softmax/ }).count()).toBe(0);
    expect(await page.getByLabel('Row (JSON, by column name)').count()).toBe(0);
    await page.getByRole('group', { name: 'Input: a table of 30 columns' }).waitFor();
    await page.getByText('The Python runtime runs the model only inside its container').waitFor();
    expect(await page.getByLabel('Labels (one per line)').inputValue()).toBe('0\n1');
    expect(await page.getByLabel('Top-k (how many best classes to return)').inputValue()).toBe('2');

    // Every control has a name, and the keyboard reaches the labels from the version field.
    const names = await controlNames(page);
    expect(names.filter((control) => control.name === '')).toEqual([]);
    expect(names.length).toBe(await domControlCount(page));
    await page.getByLabel('Version').focus();
    for (let i = 0; i < 6 && !(await page.getByLabel('Labels (one per line)').evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await page.getByLabel('Labels (one per line)').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('benign\nmalignant');
    await page.screenshot({ path: `${SCREENS}/python-fallback-setup.png`, fullPage: true });

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByText('(python, table input, a classifier)').waitFor();
    const [created] = await page.evaluate(() => window.__calls.filter(([name]) => name === 'createProject').map(([, args]) => args));
    const setup = (created as { setup: { input: unknown; labels: string[]; postprocess: unknown } }).setup;
    expect(setup.input).toEqual(LOG1P.setup.input);
    expect(setup.labels).toEqual(['benign', 'malignant']);
    expect(setup.postprocess).toEqual({ softmax: false, top_k: 2 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
