/**
 * The CSV batch on the try-it page inside an image (the Node runtime's own server serving the page's real
 * bundle, under its strict CSP, same origin): 10,000 rows answered in "Predictions" and "Download CSV"
 * saving them, with no request leaving the server's origin and no CSP violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { expectedOf, tableProject, type Expected } from '../runtime/table-fixtures.ts';
import { downloadedText, launchChromium } from '../helpers/chromium.ts';
import { csvCell } from './harness/table-server.ts';
import { openTryPage, servePage } from './try-page-driver.ts';

const COLUMNS = ['sex', 'embarked', 'pclass', 'age', 'fare', 'alone'];
const ROWS = 10_000;

let browser: Browser;
let server: RunningServer;
let expected: Expected;

beforeAll(async () => {
  browser = await launchChromium();
  server = await servePage(await tableProject('mixed'));
  expected = await expectedOf('mixed');
});

afterAll(async () => {
  await browser?.close();
  await server?.shutdown();
});

describe('the CSV batch on the page inside an image', () => {
  it('answers 10,000 rows and downloads them, all from its own origin, under its CSP', async () => {
    const opened = await openTryPage(browser, server.url);
    const { page } = opened;
    const lines = [COLUMNS.join(',')];
    for (let row = 0; row < ROWS; row++)
      lines.push(COLUMNS.map((name) => csvCell(expected.rows[row % expected.rows.length]![name])).join(','));
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 120_000 }).toContain('10,000 rows of "rows.csv" answered');
    expect(await page.getByRole('table', { name: 'Predictions', exact: true }).getAttribute('aria-rowcount')).toBe(String(ROWS + 1));

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const saved = (await downloadedText(await download)).trimEnd().split('\r\n');
    expect(saved[0]).toBe([...COLUMNS, 'label', 'score'].join(','));
    expect(saved.slice(1).map((line) => line.split(',')[COLUMNS.length])).toEqual(
      Array.from({ length: ROWS }, (_, row) => String(expected.predict[row % expected.predict.length])),
    );

    expect(opened.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('blob:'))).toEqual([]);
    expect(await opened.cspViolations()).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  });
});
