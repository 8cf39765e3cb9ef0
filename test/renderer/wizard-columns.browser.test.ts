/**
 * A table model's columns in the wizard's Input-and-output step, in real Chromium against the real web
 * mode and core: the facts the model leaves open (a text column's categories, a number's range, a
 * column's meaning) are filled in and reach craneml.json through the core, which refuses a range upside
 * down; the live preview is the form by column, and it applies the range; the try-it page checkbox
 * writes server.page.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../main/manifest.ts';
import type { ModelSetup } from '../../main/shared/crane-api.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { startRealApp, type RealApp } from './real-app.ts';
import { SCREENS } from './screens.ts';

const COG = path.resolve('test/fixtures/python-projects/e2e-cog');
const TITANIC = path.resolve('test/fixtures/tabular/models/titanic_like.pkl');
// The notebook model converts in a container: Docker is needed for that case only.
const docker = await requireDocker();

let app: RealApp;

beforeAll(async () => {
  app = await startRealApp('wizard-columns');
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(app.server.url);
  await page.getByRole('button', { name: 'Use the digits example' }).waitFor();
  return { page, errors };
}

async function toSetup(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Inspect' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Input and output' }).waitFor();
}

/** Presses Next on the set-up step and reads the craneml.json it wrote. */
async function writeAndRead(page: Page): Promise<Manifest> {
  const dir = await page.getByLabel('Project folder').inputValue();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Image' }).waitFor();
  return JSON.parse(await readFile(path.join(dir, 'craneml.json'), 'utf8')) as Manifest;
}

const columnsOf = (manifest: Manifest) => (manifest.input.kind === 'table' ? manifest.input.columns : []);

describe('the columns of a table model in the wizard', () => {
  it('fills in a text column’s categories where the code declares none, and leaves the page out when unticked', async () => {
    const { page, errors } = await openPage();
    await page.getByLabel('Python project folder').setInputFiles(COG);
    await page.getByText(/^Ready: .*\(python,/).waitFor();
    await toSetup(page);
    await page.getByRole('button', { name: 'Fill in what the model leaves open' }).click();
    // What the signature declares stays as it is: no field for it.
    expect(await page.getByLabel('Description of text', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Lowest value of repeat', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Categories of style', { exact: true }).count()).toBe(0);
    await page.getByLabel('Categories of text', { exact: true }).fill('hello, world');
    const pageBox = page.getByRole('checkbox', { name: "Try-it page at the image's address" });
    expect(await pageBox.isChecked()).toBe(true);
    await pageBox.uncheck();
    // The core holds the line for any client: a fact the model knows, or its columns, cannot be changed.
    const staged = await page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('craneml.wizard')!) as { staged: { stagedId: string; setup: ModelSetup } }).staged,
    );
    const columns = staged.setup.input.kind === 'table' ? staged.setup.input.columns : [];
    const attempt = (changed: typeof columns) =>
      app.core.handlers.createProject({
        stagedId: staged.stagedId,
        dir: path.join(app.config.path, 'refused'),
        setup: { ...staged.setup, input: { kind: 'table', columns: changed } },
        replace: false,
      });
    await expect(attempt(columns.map((c) => (c.name === 'style' ? { ...c, values: ['plain'] } : c)))).rejects.toThrow(
      /column "style": the model fixes its categories/,
    );
    await expect(attempt(columns.map((c) => (c.name === 'repeat' ? { ...c, maximum: 50 } : c)))).rejects.toThrow(
      /column "repeat": the model fixes its highest value/,
    );
    await expect(attempt(columns.slice(1))).rejects.toThrow(/the model takes these 5 columns in this order: text, repeat/);

    const manifest = await writeAndRead(page);
    expect(manifest.server.page).toBe(false);
    const text = columnsOf(manifest).find((column) => column.name === 'text')!;
    expect(text).toMatchObject({ values: ['hello', 'world'], description: 'Text to echo back' });
    expect(columnsOf(manifest).find((column) => column.name === 'repeat')).toMatchObject({ minimum: 1, maximum: 5 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!docker)(
    'fills in a number’s range and meaning, previews with the form by column, and the core refuses a range upside down',
    { timeout: 240_000 },
    async () => {
      const { page, errors } = await openPage();
      await page.getByLabel(/^Model files/).setInputFiles(TITANIC);
      await page.getByText(/^Ready: /).waitFor({ timeout: 200_000 });
      await toSetup(page);
      await page.getByRole('button', { name: 'Fill in what the model leaves open' }).click();
      // The categories the encoder learnt are the model's: shown, not editable.
      expect(await page.getByLabel('Categories of sex', { exact: true }).count()).toBe(0);
      const preview = page.getByRole('form', { name: 'Preview row' });
      const age = preview.getByLabel('age', { exact: true });
      await age.waitFor();
      // The preview answers the example row at once.
      await page.locator('.preview-result').waitFor();

      await page.getByLabel('Lowest value of age', { exact: true }).fill('0');
      await page.getByLabel('Highest value of age', { exact: true }).fill('100');
      await page.getByLabel('Description of age', { exact: true }).fill('Age in years');
      // The preview's field shows the range and meaning, and a value outside the range is refused in words.
      await expect.poll(() => age.getAttribute('max')).toBe('100');
      expect(await page.locator(`#${await age.getAttribute('aria-describedby')}`).textContent()).toContain('Age in years');
      await page.screenshot({ path: `${SCREENS}/wizard-columns.png`, fullPage: true });
      await age.fill('-5');
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/age.*at least 0/));
      await preview.getByRole('button', { name: 'Example row' }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);

      // Upside down: the core says so in place, and Next writes nothing.
      await page.getByLabel('Lowest value of age', { exact: true }).fill('200');
      await expect
        .poll(() => page.getByRole('alert').allTextContents())
        .toContainEqual(expect.stringMatching(/lowest value \(200\) is above/));
      await page.getByLabel('Lowest value of age', { exact: true }).fill('0');
      const manifest = await writeAndRead(page);
      expect(columnsOf(manifest).find((column) => column.name === 'age')).toMatchObject({
        minimum: 0,
        maximum: 100,
        description: 'Age in years',
      });
      expect(manifest.server.page).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
