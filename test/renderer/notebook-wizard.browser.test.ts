/**
 * Notebook models in the wizard, in real Chromium on a fake core: a dropped pickle shows its conversion's
 * steps while it stages, the Inspect step shows what the file is, its columns and the parity proof, the
 * Input-and-output step keeps it a table labelled by its classes, and refusals read clearly and let the
 * user drop another file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS } from './screens.ts';
import { startHarness, type Harness } from './browser.ts';
import { CANCER, CONVERSION_FAILED_MESSAGE, DIABETES, TITANIC, UNSAFE_MESSAGE } from './harness/notebook-models.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['notebook-wizard']);
});

afterAll(async () => {
  await harness?.close();
});

/** Picks a file of that name (its bytes do not matter: the fake core answers by name). */
async function pick(page: Page, name: string): Promise<void> {
  await page.getByLabel(/model files/i).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from('pickle') });
}

async function toInspect(page: Page, name: string): Promise<void> {
  await pick(page, name);
  await page.getByText(`Ready: ${name}`).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Inspect' }).waitFor();
}

const cellsOf = (page: Page, table: string) =>
  page
    .getByRole('table', { name: table })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')));

describe('a notebook model in the wizard', () => {
  it('stages what the core says of the real fixtures: their columns, in their order', () => {
    // The fake core's models are the set-up's own (scripts/fixtures-tabular/models.py), so the wizard is shown real tables.
    for (const [stem, model] of [
      ['cancer', CANCER],
      ['titanic_like', TITANIC],
      ['diabetes_regressor', DIABETES],
    ] as const) {
      const expected = JSON.parse(readFileSync(`test/fixtures/tabular/models/${stem}.expected.json`, 'utf8')) as { columns: string[] };
      expect(
        model.notebook!.columns.map((column) => column.name),
        stem,
      ).toEqual(expected.columns);
    }
    const [firstRow] = (JSON.parse(readFileSync('test/fixtures/tabular/models/cancer.expected.json', 'utf8')) as { rows: object[] }).rows;
    expect(Object.fromEntries(CANCER.notebook!.columns.map((column) => [column.name, column.example]))).toEqual(firstRow);
  });

  it('shows each conversion step in a live region while the model stages', async () => {
    const { page, errors } = await harness.open('notebook-wizard', '?hold=1');
    await pick(page, 'cancer.joblib');
    const status = page.getByRole('status').filter({ hasText: 'Converting cancer.joblib' });
    await status.filter({ hasText: 'step 5 of 5' }).waitFor();
    expect(await status.textContent()).toBe(
      'Converting cancer.joblib to ONNX, step 5 of 5: Proving the answers are equal. 200 rows compared',
    );
    expect(await page.getByRole('progressbar', { name: 'Conversion of cancer.joblib' }).getAttribute('value')).toBe('5');
    // While it converts the picker waits; once staged, the progress goes and the model is ready.
    expect(await page.getByLabel(/model files/i).isDisabled()).toBe(true);
    await page.evaluate(() => window.__release());
    await page.getByText('Ready: cancer.joblib').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'Converting' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('inspects what the file is, its columns and the parity proof', async () => {
    const { page, errors } = await harness.open('notebook-wizard');
    await toInspect(page, 'cancer.joblib');
    const facts = await page.locator('dl.facts').first().innerText();
    expect(facts).toContain('cancer.joblib');
    expect(facts).toContain('joblib file');
    expect(facts).toContain('scikit-learn 1.9.1');
    expect(facts).toContain('Pipeline(StandardScaler, LogisticRegression)');
    expect(facts).toContain('Classifier: 2 classes (0, 1)');

    const parity = page.getByRole('region', { name: 'Answers proved equal' });
    const figures = await parity.innerText();
    expect(figures).toMatch(/Rows compared\s+200/);
    expect(figures).toMatch(/Rows from\s+synthesised/);
    expect(figures).toMatch(/Labels agree\s+200 of 200 rows/);
    expect(figures).toMatch(/Largest absolute difference\s+2\.4e-7 \(tolerance 1e-4\)/);
    expect(figures).toMatch(/Largest relative difference\s+5\.1e-7/);
    expect(figures).toMatch(/Converter\s+skl2onnx 1\.20\.0, opset ai\.onnx 17, ai\.onnx\.ml 3/);

    const columns = CANCER.notebook!.columns;
    const rows = await cellsOf(page, `Input columns (${columns.length})`);
    expect(rows.map((row) => row[1])).toEqual(columns.map((column) => column.name));
    expect(rows[0]).toEqual(['1', 'mean radius', 'number', '', '17.99']);
    // 30 columns scroll inside their own region, which takes the keyboard focus to scroll by keys.
    const region = page.getByRole('region', { name: 'Input columns (30)' });
    expect(await region.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await region.focus();
    expect(await region.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.screenshot({ path: `${SCREENS}/notebook-inspect.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows string columns with their categories, and where user rows came from', async () => {
    const { page } = await harness.open('notebook-wizard');
    await toInspect(page, 'titanic_like.pkl');
    expect(await cellsOf(page, 'Input columns (4)')).toEqual([
      ['1', 'sex', 'text (category)', 'female, male', 'female'],
      ['2', 'embarked', 'text (category)', 'C, Q, S', 'S'],
      ['3', 'age', 'number', '', '29.5'],
      ['4', 'fare', 'number', '', '14.45'],
    ]);
    expect(await page.getByRole('region', { name: 'Answers proved equal' }).innerText()).toMatch(/Rows from\s+your sample file/);
    await page.close();
  });

  it('keeps a classifier a table labelled by its classes, and writes it so', async () => {
    const { page, errors } = await harness.open('notebook-wizard');
    await toInspect(page, 'titanic_like.pkl');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    // No codec to choose and no preset: the columns are shown instead.
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use the digits preset' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /softmax/ }).count()).toBe(0);
    await page.getByRole('group', { name: 'Input: a table of 4 columns' }).waitFor();
    expect(await page.getByLabel('Labels (one per line)').inputValue()).toBe('0\n1');
    // The preview's row is the form by column (the Test window's), filled with the columns' examples.
    const row = page.getByRole('form', { name: 'Preview row' });
    expect(await row.getByLabel('sex', { exact: true }).inputValue()).toBe('female');
    expect(await row.getByLabel('embarked', { exact: true }).inputValue()).toBe('S');
    expect(await row.getByLabel('age', { exact: true }).inputValue()).toBe('29.5');
    expect(await row.getByLabel('fare', { exact: true }).inputValue()).toBe('14.45');
    // Try it sends the row by column name; a category column's string tensor has no min, max or mean to show.
    await page.getByRole('list', { name: 'Top scores' }).waitFor();
    const [tried] = await page.evaluate(() => window.__calls.filter(([name]) => name === 'previewInput').map(([, args]) => args));
    expect(tried).toEqual({ stagedId: 'staged-titanic', instance: { sex: 'female', embarked: 'S', age: 29.5, fare: 14.45 } });
    expect(await page.locator('.preview-result').innerText()).toMatch(/^Tensor\s+sex string \[1\]\s+Time\s+5 ms/);
    await page.getByLabel('Labels (one per line)').fill('died\nsurvived');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByText('(onnx, table input, a classifier)').waitFor();
    const [created] = await page.evaluate(() => window.__calls.filter(([name]) => name === 'createProject').map(([, args]) => args));
    const setup = (created as { setup: { input: unknown; labels: string[]; postprocess: unknown; server: unknown } }).setup;
    expect(setup.input).toEqual({ kind: 'table', columns: (await import('./harness/notebook-models.ts')).TITANIC.notebook!.columns });
    expect(setup.labels).toEqual(['died', 'survived']);
    expect(setup.postprocess).toEqual({ output: 'probabilities', softmax: false, top_k: 2 });
    expect(setup.server).toEqual({ page: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets nothing to label for a regressor', async () => {
    const { page } = await harness.open('notebook-wizard');
    await toInspect(page, 'diabetes_regressor.pkl');
    expect(await page.locator('dl.facts').first().innerText()).toContain('Regressor: answers a number per row');
    expect(await page.getByRole('region', { name: 'Answers proved equal' }).innerText()).not.toContain('Labels agree');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    expect(await page.getByLabel('Labels (one per line)').count()).toBe(0);
    expect(await page.getByText('each row is answered with a number').count()).toBe(1);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByText('(onnx, table input, a regressor)').waitFor();
    const [created] = await page.evaluate(() => window.__calls.filter(([name]) => name === 'createProject').map(([, args]) => args));
    const setup = (created as { setup: { input: { kind: string }; labels?: string[] } }).setup;
    expect(setup.input.kind).toBe('table');
    expect(setup.labels).toBeUndefined();
    await page.close();
  });
});

describe('a refused notebook model', () => {
  it('says a hostile pickle was refused and what it calls, then takes another file', async () => {
    const { page, errors } = await harness.open('notebook-wizard');
    await pick(page, 'hostile.pkl');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('p').allInnerTexts()).toEqual([
      'Refused for safety',
      UNSAFE_MESSAGE,
      'Nothing was staged. Drop or pick another file to go on.',
    ]);
    await toInspect(page, 'cancer.joblib');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says which step of the conversion failed, without a stack, then takes another file', async () => {
    const { page } = await harness.open('notebook-wizard');
    await pick(page, 'log1p_pipeline.pkl');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('p').allInnerTexts()).toEqual([
      'This model could not be converted to ONNX',
      CONVERSION_FAILED_MESSAGE,
      'Nothing was staged. Drop or pick another file to go on.',
    ]);
    expect(await alert.innerText()).not.toMatch(/internal error|\bat .+:\d+:\d+/i);
    expect(await page.getByRole('status').filter({ hasText: 'Converting' }).count()).toBe(0);
    await pick(page, 'cancer.joblib');
    await page.getByText('Ready: cancer.joblib').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
