/**
 * Bad input on the try-it page, against the Node runtime's real server: a CSV without a column the model
 * needs, a word in a number column, an empty file, a 50 MB CSV, a picture claiming 400 million pixels.
 * Each is answered in words in the one status region (or the row's error cell), and the page keeps working.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { SEVEN } from '../e2e/app-driver.ts';
import { digitsProject, pngClaiming } from '../runtime/helpers.ts';
import { rowsCsv, tableProject } from '../runtime/table-fixtures.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { stroke } from './pointer.ts';
import { openTryPage, servePage, type OpenedPage } from './try-page-driver.ts';

let browser: Browser;
let table: RunningServer;
let digits: RunningServer;
let digitsDir = '';

beforeAll(async () => {
  browser = await launchChromium();
  digitsDir = await digitsProject();
  [table, digits] = await Promise.all([servePage(await tableProject('mixed')), servePage(digitsDir)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([table, digits].map((server) => server?.shutdown()));
  if (digitsDir) await rm(digitsDir, { recursive: true, force: true });
});

const status = (page: Page) => page.getByRole('status').textContent();

async function chooseCsv(page: Page, text: string | Buffer, name = 'rows.csv'): Promise<void> {
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/** The page still answers a row by its form after whatever came before. */
async function expectRowAnswered(opened: OpenedPage): Promise<void> {
  const { page } = opened;
  await page.getByRole('button', { name: 'Example row' }).click();
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect.poll(() => page.getByRole('status').getAttribute('class')).not.toMatch(/refused/);
  await expect.poll(() => status(page)).toMatch(/^(low|mid|high)\b/);
}

describe('bad input on the try-it page', () => {
  it('names a missing column, a word in a number column, an empty file and a CSV over the body limit', async () => {
    const opened = await openTryPage(browser, table.url);
    const { page } = opened;
    const csv = await rowsCsv('mixed');
    const [header, ...lines] = csv.trim().split('\n');

    // Without "fare": nothing is sent, and the column is named.
    const columns = header!.split(',');
    const fare = columns.indexOf('fare');
    const withoutFare = [header!, ...lines]
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== fare)
          .join(','),
      )
      .join('\n');
    await chooseCsv(page, withoutFare, 'no-fare.csv');
    await expect.poll(() => status(page)).toMatch(/"fare"/);

    // A word where age is a number: that row is refused with its reason, the others answered.
    const age = columns.indexOf('age');
    const first = lines[0]!.split(',');
    first[age] = 'thirty';
    await chooseCsv(page, [header!, first.join(','), ...lines.slice(1)].join('\n'), 'word.csv');
    await expect.poll(() => status(page)).toMatch(/1 refused/);
    const predictions = page.getByRole('table', { name: 'Predictions' });
    expect(await predictions.locator('tbody tr').first().textContent()).toMatch(/age/);

    await chooseCsv(page, '', 'empty.csv');
    await expect.poll(() => status(page)).toMatch(/"empty\.csv" is empty/);

    // 50 MB: refused in the browser, naming the server's limit, before anything is sent.
    const row = `${lines[0]}\n`;
    await using folder = await tempDir('page-big-csv');
    const big = path.join(folder.path, 'big.csv');
    await writeFile(big, header + '\n' + row.repeat(Math.ceil((50 * 1024 * 1024) / row.length)));
    const posts: string[] = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(big);
    await expect.poll(() => status(page)).toMatch(/\d+(\.\d)? MB/);
    expect(posts).toEqual([]);

    await expectRowAnswered(opened);
    expect(opened.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
    await page.close();
  });

  it('answers a picture claiming 400 million pixels in words, then a drawing as before', async () => {
    const opened = await openTryPage(browser, digits.url);
    const { page } = opened;
    const canvas = page.getByRole('application', { name: /drawing/i });
    await canvas.waitFor();
    await page
      .getByLabel('Picture', { exact: true })
      .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: pngClaiming(20_000, 20_000) });
    await expect.poll(() => page.getByRole('status').getAttribute('class')).toMatch(/refused/);
    expect(await status(page)).toMatch(/pixels/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await stroke(page, canvas, SEVEN);
    await expect.poll(() => status(page)).toMatch(/^7\b/);
    expect(opened.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
    await page.close();
  });
});
