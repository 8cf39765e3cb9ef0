/**
 * The try-it page inside every image, in Chromium against the Node runtime's real server with the
 * page's real bundle (as an image serves it from /app/page): a digits model drawn and dropped on, a
 * table model by column name and by CSV, a tensor model's JSON, and the same digits behind an API key.
 * Every request stays on the server's origin, the CSP is never violated, and every control has a name.
 * test/docker/try-page.test.ts does the same against a real image.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../main/project.ts';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { DIGITS, digitsProject } from '../runtime/helpers.ts';
import { rowsCsv, tableProject } from '../runtime/table-fixtures.ts';
import { SEVEN, ZERO } from '../e2e/app-driver.ts';
import { controlNames, domControlCount } from './accessible-names.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { stroke } from './pointer.ts';
import { SCREENS } from './screens.ts';
import { openTryPage, servePage, type OpenedPage } from './try-page-driver.ts';

const IRIS = path.resolve('test/fixtures/onnx/skl2onnx_iris_probabilities.onnx');
const IRIS_LABELS = ['setosa', 'versicolor', 'virginica'];
const KEY = 'page-test-key';
const SHOTS = path.resolve('docs/screenshots');

let browser: Browser;
const servers: RunningServer[] = [];
const folders: string[] = [];
let digits: RunningServer;
let keyed: RunningServer;
let table: RunningServer;
let tensor: RunningServer;

beforeAll(async () => {
  browser = await launchChromium();
  const digitsDir = await digitsProject();
  const irisDir = await mkdtemp(path.join(os.tmpdir(), 'craneml-page-iris-'));
  folders.push(digitsDir, irisDir);
  await initProject(IRIS, irisDir, { name: 'iris', labels: IRIS_LABELS });
  [digits, keyed, table, tensor] = await Promise.all([
    servePage(digitsDir),
    servePage(digitsDir, KEY),
    servePage(await tableProject('mixed')),
    servePage(irisDir),
  ]);
  servers.push(digits, keyed, table, tensor);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.shutdown()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What every page must hold to: its own origin only, no CSP violation, no console error, a name on every control. */
async function expectWellBehaved(opened: OpenedPage, origin: string): Promise<void> {
  expect(opened.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual(
    [],
  );
  expect(await opened.cspViolations()).toEqual([]);
  expect(opened.errors).toEqual([]);
  const controls = await controlNames(opened.page);
  expect(controls.filter((control) => control.name === '')).toEqual([]);
  // The accessibility tree saw every control the DOM shows (a file input is a button there, and may count once less).
  const fileInputs = await opened.page.locator('input[type=file]').count();
  expect(controls.length).toBeGreaterThanOrEqual((await domControlCount(opened.page)) - fileInputs);
}

/** The one status region's words. */
async function status(page: Page): Promise<string> {
  const regions = page.getByRole('status');
  expect(await regions.count()).toBe(1);
  return (await regions.textContent()) ?? '';
}

/** Drops a picture file on the drawing, as a person dragging it from their files would. */
async function dropPicture(page: Page, bytes: Buffer, name: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ base64, fileName }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: 'image/png' }));
      return transfer;
    },
    { base64: bytes.toString('base64'), fileName: name },
  );
  await page.getByRole('application', { name: /drawing/i }).dispatchEvent('drop', { dataTransfer: transfer });
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, name), fullPage: true });
  await copyFile(path.join(SCREENS, name), path.join(SHOTS, name));
}

describe('the try-it page in Chromium', () => {
  it('answers a drawn 7, a drawn 0 and a dropped picture of a digit, on its own origin', async () => {
    const opened = await openTryPage(browser, digits.url);
    const { page } = opened;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('digits');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await stroke(page, canvas, SEVEN);
    // Answers come as the pen moves: wait for the whole stroke's, however loaded the machine.
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^7\b/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await stroke(page, canvas, ZERO);
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^0\b/);
    await dropPicture(page, await readFile(path.join(DIGITS, 'samples', '3.png')), '3.png');
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^3\b/);
    await expect.poll(() => page.getByRole('img', { name: 'What the model sees' }).count()).toBe(1);
    await expectWellBehaved(opened, digits.url);
    await screenshot(page, 'page-image.png');
    await page.close();
  });

  it('fills a table model row by column names, answers it, and answers a CSV of rows in "Predictions"', async () => {
    const opened = await openTryPage(browser, table.url);
    const { page } = opened;
    const posted: unknown[] = [];
    page.on('request', (request) => request.method() === 'POST' && posted.push(request.postData()));
    await page.getByRole('button', { name: 'Example row' }).click();
    await page.getByLabel('age', { exact: true }).fill('40');
    await page.getByLabel('fare', { exact: true }).fill('80');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page)).not.toMatch(/^(Loading|No prediction)/);
    const sent = JSON.parse(String(posted[0])) as { instances: Record<string, unknown>[] };
    expect(sent.instances[0]).toMatchObject({ age: 40, fare: 80 });
    const csv = await rowsCsv('mixed');
    const rows = csv.trim().split('\n').length - 1;
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const answers = page.getByRole('table', { name: 'Predictions' });
    await expect.poll(() => answers.locator('tbody tr').count()).toBe(rows);
    await expectWellBehaved(opened, table.url);
    await screenshot(page, 'page-table.png');
    await page.close();
  });

  it('sends a tensor model the prefilled instances and shows the class', async () => {
    const opened = await openTryPage(browser, tensor.url);
    const { page } = opened;
    const editor = page.getByLabel('Instances (JSON)');
    await editor.waitFor();
    await editor.fill(JSON.stringify([[5.1, 3.5, 1.4, 0.2]]));
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page)).toMatch(/^setosa\b/);
    // How to call it: the page's own origin and the model's input shape, for people who go on in code.
    expect(await page.locator('.how-to-call pre').first().textContent()).toContain(`curl -X POST ${tensor.url}/predict`);
    await expectWellBehaved(opened, tensor.url);
    await screenshot(page, 'page-tensor.png');
    await page.close();
  });

  it('asks for the API key, says when it is refused, and sends it with every call once typed', async () => {
    const opened = await openTryPage(browser, keyed.url);
    const { page } = opened;
    await expect.poll(() => status(page)).toMatch(/needs an API key/);
    expect(await page.getByRole('application', { name: /drawing/i }).count()).toBe(0);
    const field = page.getByLabel('API key');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill('not-the-key');
    await field.press('Enter');
    await expect.poll(() => status(page)).toMatch(/refused/);
    await field.fill(KEY);
    await field.press('Enter');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await canvas.waitFor();
    const keys: (string | undefined)[] = [];
    page.on('request', (request) => request.method() === 'POST' && keys.push(request.headers()['x-api-key']));
    await stroke(page, canvas, SEVEN);
    // Answers come as the pen moves: wait for the whole stroke's, however loaded the machine.
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^7\b/);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys)).toEqual(new Set([KEY]));
    // The snippets name where the key goes, never the key typed; nothing keeps it.
    expect(await page.locator('body').textContent()).not.toContain(KEY);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length)).toBe(0);
    expect(await page.locator('.how-to-call pre').first().textContent()).toContain('X-API-Key: $CRANEML_API_KEY');
    // The refused call before the key is a 401 the browser reports on the console; nothing else is.
    expect(opened.errors.filter((error) => !/401/.test(error))).toEqual([]);
    opened.errors.length = 0;
    await expectWellBehaved(opened, keyed.url);
    await page.close();
  });
});
