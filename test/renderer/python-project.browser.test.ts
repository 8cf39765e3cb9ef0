/**
 * A Python project folder in the wizard, in real Chromium against the real web mode and core: picked with
 * the "Python project folder" picker, its files go up with their paths, the core detects it (no Docker, no Python
 * on this machine), Inspect shows which runtime serves it and why, the set-up has no image fields, and
 * the project written is a python one named after the folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealApp, type RealApp } from './real-app.ts';
import { SCREENS } from './screens.ts';

const COG = path.resolve('test/fixtures/python-projects/e2e-cog');
const FEATURES = path.resolve('test/fixtures/python-projects/e2e-features');

let app: RealApp;

beforeAll(async () => {
  app = await startRealApp('python-wizard');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** Picks `folder` with the Drop step's folder picker and goes on to Inspect. */
async function pickFolder(folder: string): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.getByLabel('Python project folder').setInputFiles(folder);
  await page.getByText(/^Ready: .*\(python,/).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Inspect' }).waitFor();
  return { page, errors };
}

const cellsOf = (page: Page, table: string) =>
  page
    .getByRole('table', { name: table })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? '')));

/** What the set-up step must not offer a model whose code fixes its input: codecs, presets, a preview run here. */
async function expectNoImageFields(page: Page): Promise<void> {
  expect(await page.getByRole('radio').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Use the digits preset' }).count()).toBe(0);
  for (const label of ['Width', 'Height', 'Channels', 'Scale', 'Mean', 'Std', 'Row (JSON, by column name)', 'Instance (JSON)'])
    expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(0);
  expect(await page.getByRole('checkbox', { name: /softmax/ }).count()).toBe(0);
}

describe('a Python project folder in the wizard', () => {
  it('shows a Cog project served by the Python runtime, why, its packages and its typed columns', async () => {
    const { page, errors } = await pickFolder(COG);
    const runtime = page.getByRole('region', { name: 'Served by the Python runtime' });
    const facts = await runtime.innerText();
    expect(facts).toContain('A Cog project.');
    expect(facts).toMatch(/Why\s+a Cog project \(cog\.yaml, predict\.py:Predictor\)/);
    expect(facts).toMatch(/Source\s+predict\.py, class Predictor/);
    expect(facts).toMatch(/Python\s+3\.11/);
    expect(facts).toMatch(/Answers\s+Whatever predict returns, one answer per row/);
    expect(facts).not.toContain('Conversion failed at');
    expect(await page.getByRole('list', { name: 'Packages installed in the image' }).innerText()).toBe('numpy==2.4.6');
    // Cog's Input(...) arguments: type, choices, bounds, default and description, in the signature's order.
    expect(await cellsOf(page, 'Input columns (5)')).toEqual([
      ['1', 'text', 'text', '', '', '', '', 'Text to echo back'],
      ['2', 'repeat', 'whole number', '', '1', '1 to 5', '1', 'How many times to repeat the text'],
      ['3', 'temperature', 'number', '', '0.5', '0 to 2', '0.5', 'Scales the score (tanh of temperature x length / 10)'],
      ['4', 'shout', 'true / false', '', 'false', '', 'false', 'Upper-case the answer'],
      ['5', 'style', 'text (category)', 'plain, brackets', 'plain', '', 'plain', 'How to frame the answer'],
    ]);
    // The project's own files, and no tensor table restating the columns.
    expect(await page.getByText('cog.yaml', { exact: false }).first().isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Inputs and outputs' }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/python-cog-inspect.png`, fullPage: true });

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    await expectNoImageFields(page);
    await page.getByRole('group', { name: 'Input: a table of 5 columns' }).waitFor();
    expect(await page.getByLabel('Labels (one per line)').count()).toBe(0);
    await page.getByText('Each row is answered with what predict returns for it').waitFor();
    await page.getByText('The Python runtime runs the model only inside its container').waitFor();
    // Named after the folder picked, not the core's temporary folder.
    expect(await page.getByLabel('Model name').inputValue()).toBe('e2e-cog');
    await page.screenshot({ path: `${SCREENS}/python-cog-setup.png`, fullPage: true });

    const dir = path.join(app.config.path, 'written', 'echo');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByText('(python, table input)').waitFor();
    const manifest = JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'e2e-cog',
      format: 'python',
      python: { requirements: ['numpy==2.4.6'], source: { kind: 'cog', file: 'predict.py', class: 'Predictor' } },
      input: { kind: 'table' },
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a predict.py project that declares no columns as rows as sent, with its requirements file', async () => {
    const { page, errors } = await pickFolder(FEATURES);
    const facts = await page.getByRole('region', { name: 'Served by the Python runtime' }).innerText();
    expect(facts).toContain('A predict.py project.');
    expect(facts).toMatch(/Why\s+a project with its own predict\.py \(class Predictor\)/);
    expect(await page.getByRole('list', { name: 'Packages installed in the image' }).innerText()).toBe(
      "-r requirements.txt (the project's own file)",
    );
    await page.getByText('No declared columns: each row reaches predict as the client sent it').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/python-predictor-inspect.png`, fullPage: true });

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Input and output' }).waitFor();
    await expectNoImageFields(page);
    await page.getByRole('group', { name: 'Input: rows as sent' }).waitFor();
    const dir = path.join(app.config.path, 'written', 'features');
    await page.getByLabel('Project folder', { exact: true }).fill(dir);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Image' }).waitFor();
    await page.getByText('(python, rows input)').waitFor();
    const manifest = JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'e2e-features',
      format: 'python',
      input: { kind: 'rows' },
      python: { requirements_file: 'requirements.txt', source: { kind: 'predictor', file: 'predict.py', class: 'Predictor' } },
    });
    // The whole folder, its feature code and label file too, as the folder holds them.
    for (const file of ['predict.py', 'features.py', 'labels.json', 'requirements.txt'])
      expect(await readFile(path.join(dir, file), 'utf8'), file).toBe(await readFile(path.join(FEATURES, file), 'utf8'));
    expect(errors).toEqual([]);
    await page.close();
  });
});
