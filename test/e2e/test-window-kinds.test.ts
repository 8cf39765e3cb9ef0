/**
 * The app's Test window for the three input kinds, opened from Containers against real containers in
 * Chromium (the core in web mode, the real Docker daemon): a table model's form by column names and a CSV
 * batch answered in "Predictions", a tensor model's "Instances (JSON)", the digits model's drawing.
 * Writes the README's screenshots of the table form and the CSV batch to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { initProject } from '../../main/project.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { downloadedText } from '../helpers/chromium.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { startDockerApp, type DockerApp } from '../renderer/docker-app.ts';
import { SEVEN, stroke } from './app-driver.ts';

const docker = await requireDocker({ localBase: true });
const DOCS = path.resolve('docs/screenshots');
const TABLE = path.resolve('test/fixtures/tabular/onnx-tables/mixed');
const TABLE_CSV = path.join(TABLE, 'rows.csv');
const IRIS = path.resolve('test/fixtures/onnx/skl2onnx_iris_probabilities.onnx');
const DIGITS = path.resolve('assets/examples/digits');
const TAGS = {
  table: `e2e-kinds-table:${process.pid}`,
  tensor: `e2e-kinds-tensor:${process.pid}`,
  image: `e2e-kinds-digits:${process.pid}`,
};

let app: DockerApp;
let work: TempDir;
/** The container of each kind, by its name as the Containers page lists it. */
const containers: Partial<Record<keyof typeof TAGS, string>> = {};

beforeAll(async () => {
  if (!docker) return;
  app = await startDockerApp(docker, 'e2e-kinds');
  work = await tempDir('e2e-kinds-iris');
  const iris = path.join(work.path, 'iris');
  await initProject(IRIS, iris, { name: 'iris' });
  for (const [kind, project] of [
    ['table', TABLE],
    ['tensor', iris],
    ['image', DIGITS],
  ] as const) {
    await app.build(project, TAGS[kind]);
    const started = await app.core.handlers.runImage({ image: TAGS[kind], port: await freePort() });
    containers[kind] = started.name || started.container;
  }
}, 900_000);

afterAll(async () => {
  await app?.close();
  await work?.remove();
});

/** The Containers page, then Test on the container's row: the Test window it opens. */
async function testFromContainers(kind: keyof typeof TAGS): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await app.open('#/containers');
  await page.setViewportSize({ width: 1280, height: 900 });
  const row = page.getByRole('row').filter({ hasText: containers[kind]! });
  await row.getByRole('button', { name: 'Test', exact: true }).click();
  await page.getByRole('heading', { name: /^Test / }).waitFor();
  await page.locator('.test-window .busy').waitFor({ state: 'detached' });
  return { page, errors };
}

const statusText = (page: Page) => page.getByRole('status').first().textContent();

describe.skipIf(!docker)('the Test window from Containers, one real container a kind', () => {
  it('answers a table model’s row typed by column name, then a CSV of 40 rows in "Predictions"', { timeout: 120_000 }, async () => {
    const { page, errors } = await testFromContainers('table');
    await page.getByLabel('sex', { exact: true }).selectOption('male');
    await page.getByLabel('embarked', { exact: true }).selectOption('C');
    await page.getByLabel('pclass', { exact: true }).fill('1');
    await page.getByLabel('age', { exact: true }).fill('40');
    await page.getByLabel('fare', { exact: true }).fill('80');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toMatch(/\d/);
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'app-table-form.png'), fullPage: true });

    await page.getByLabel('CSV file', { exact: true }).setInputFiles(TABLE_CSV);
    const predictions = page.getByRole('table', { name: 'Predictions' });
    await predictions.waitFor({ timeout: 30_000 });
    await expect.poll(() => predictions.locator('tbody tr').count()).toBe(40);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Download CSV' })
        .or(page.getByRole('link', { name: 'Download CSV' }))
        .click(),
    ]);
    const lines = (await downloadedText(download)).trim().split(/\r?\n/);
    expect(lines).toHaveLength(41);
    expect(lines[0]).toMatch(/^sex,embarked,pclass,age,fare,alone,label,score/);
    await page.screenshot({ path: path.join(DOCS, 'app-csv-batch.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers a tensor model’s prefilled "Instances (JSON)"', { timeout: 60_000 }, async () => {
    const { page, errors } = await testFromContainers('tensor');
    const editor = page.getByLabel('Instances (JSON)', { exact: true });
    expect(JSON.parse(await editor.inputValue())).toHaveLength(1);
    await editor.fill('[[5.1, 3.5, 1.4, 0.2]]');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    // The model has no labels: its raw outputs are the answer.
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toMatch(/^Answered/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers a 7 drawn on the digits model’s pad', { timeout: 60_000 }, async () => {
    const { page, errors } = await testFromContainers('image');
    await stroke(
      page
        .getByRole('img', { name: 'drawing' })
        .or(page.getByLabel('drawing', { exact: true }))
        .first(),
      SEVEN,
    );
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toMatch(/\b7\b/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
