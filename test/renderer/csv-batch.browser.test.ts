/**
 * The CSV batch for a table model, in the Test window in Chromium, against the real model server on the
 * converted "mixed" model: 10,000 rows answered in the table "Predictions" as scikit-learn answers them, the
 * "Download CSV" file's content, a refused row marked with the server's words while the rest are answered,
 * and each bad file (a missing column, empty, a header alone, over the limit, not text) answered in words.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadedText } from '../helpers/chromium.ts';
import { startHarness, type Harness } from './browser.ts';
import { csvCell, startTableServer, type TableServer } from './harness/table-server.ts';

/** A loaded machine (load 10-16 on 2 CPUs here) answers slowly: the polls wait this long for the outcome wanted. */
const WAIT = { timeout: 20_000 };

let harness: Harness;
let table: TableServer;
let temp: string;

const COLUMNS = ['sex', 'embarked', 'pclass', 'age', 'fare', 'alone'];

beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'craneml-csv-batch-'));
  table = await startTableServer('mixed');
  harness = await startHarness(['test-window']);
});

afterAll(async () => {
  await harness?.close();
  await table?.server.shutdown();
  if (temp) await rm(temp, { recursive: true, force: true });
});

/** `count` rows of the fixture's rows, over and over, as CSV; `edit` may change a row's cells by column name. */
function csvOf(count: number, edit: (cells: Record<string, string>, row: number) => void = () => {}, header = COLUMNS): string {
  const lines = [header.join(',')];
  for (let row = 0; row < count; row++) {
    const source = table.expected.rows[row % table.expected.rows.length]!;
    const cells = Object.fromEntries(COLUMNS.map((name) => [name, csvCell(source[name])]));
    edit(cells, row);
    lines.push(header.map((name) => cells[name] ?? '').join(','));
  }
  return `${lines.join('\n')}\n`;
}

const expectedLabel = (row: number) => String(table.expected.predict[row % table.expected.predict.length]);

async function openBatch(): Promise<{ page: Page; errors: string[] }> {
  const opened = await harness.open('test-window', table.query);
  await opened.page.getByLabel('CSV file', { exact: true }).waitFor();
  return opened;
}

function choose(page: Page, name: string, text: string | Buffer) {
  return page.getByLabel('CSV file', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

const status = (page: Page) => page.getByRole('status');
const predictions = (page: Page) => page.getByRole('table', { name: 'Predictions', exact: true });

/** The cells of the table's shown rows, by its header's names. */
async function shownRows(page: Page): Promise<Record<string, string>[]> {
  return predictions(page).evaluate((table) => {
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    return [...table.querySelectorAll('tbody tr')].map((tr) =>
      Object.fromEntries([...tr.children].map((cell, i) => [names[i]!, cell.textContent ?? ''])),
    );
  });
}

/** Chromium logs a 422 answer as a failed resource: that is the HTTP contract, not a fault of the page. */
const faults = (errors: string[]) => errors.filter((e) => !/status of 422/.test(e));

describe('the CSV batch for a table model', () => {
  it('answers 10,000 rows in "Predictions" as scikit-learn does, and downloads them as CSV', async () => {
    const { page, errors } = await openBatch();
    await choose(page, 'many.csv', csvOf(10_000));
    await expect.poll(() => status(page).textContent(), { timeout: 120_000 }).toContain('10,000 rows of "many.csv" answered');
    expect(await predictions(page).getAttribute('aria-rowcount')).toBe('10001');
    const first = await shownRows(page);
    expect(first).toHaveLength(100);
    expect(first.map((row) => row.label)).toEqual(first.map((_, i) => expectedLabel(i)));
    expect(first[1]).toMatchObject({ Row: '2', sex: 'male', age: '', alone: 'False' });
    await page.getByRole('button', { name: 'Next rows' }).click();
    expect((await shownRows(page))[0]).toMatchObject({ Row: '101', label: expectedLabel(100) });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('many-predictions.csv');
    const lines = (await downloadedText(file)).trimEnd().split('\r\n');
    expect(lines[0]).toBe([...COLUMNS, 'label', 'score'].join(','));
    expect(lines).toHaveLength(10_001);
    const sent = csvOf(10_000).trimEnd().split('\n');
    lines.slice(1).forEach((line, row) => {
      const cells = line.split(',');
      expect(cells.slice(0, COLUMNS.length).join(',')).toBe(sent[row + 1]);
      expect(cells[COLUMNS.length]).toBe(expectedLabel(row));
      expect(Number(cells[COLUMNS.length + 1])).toBeGreaterThan(0);
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("marks a row with a word in a number column with the server's words and answers every other row", async () => {
    const { page, errors } = await openBatch();
    const bad = new Set([3, 30, 31]);
    await choose(
      page,
      'words.csv',
      csvOf(50, (cells, row) => bad.has(row) && (cells.age = 'old')),
    );
    await expect.poll(() => status(page).textContent(), WAIT).toContain('50 rows of "words.csv" answered (3 refused');
    const rows = await shownRows(page);
    rows.forEach((row, i) => {
      if (bad.has(i)) expect(row).toMatchObject({ label: '', error: expect.stringContaining('column "age" expects a number, got "old"') });
      else expect(row).toMatchObject({ label: expectedLabel(i), error: '' });
    });
    await page.getByRole('checkbox', { name: 'Only the refused rows' }).check();
    expect((await shownRows(page)).map((row) => row.Row)).toEqual(['4', '31', '32']);
    expect(faults(errors)).toEqual([]);
    await page.close();
  });

  it('refuses a file without a column of the model, naming it, and sends nothing', async () => {
    const { page, errors } = await openBatch();
    const sent: string[] = [];
    page.on('request', (request) => request.url().includes('/predict') && sent.push(request.url()));
    await choose(
      page,
      'no-fare.csv',
      csvOf(
        5,
        () => {},
        COLUMNS.filter((name) => name !== 'fare'),
      ),
    );
    await expect.poll(() => status(page).textContent(), WAIT).toContain('"no-fare.csv" has no column "fare" in its header');
    expect(sent).toEqual([]);
    expect(await predictions(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers each bad file in words and keeps working', async () => {
    const { page, errors } = await openBatch();
    const good = async () => {
      await choose(page, 'good.csv', csvOf(3));
      await expect.poll(() => status(page).textContent(), WAIT).toContain('3 rows of "good.csv" answered');
    };
    await choose(page, 'empty.csv', '');
    await expect.poll(() => status(page).textContent(), WAIT).toContain('"empty.csv" is empty');
    await good();
    await choose(page, 'header.csv', `${COLUMNS.join(',')}\n`);
    await expect.poll(() => status(page).textContent(), WAIT).toContain('"header.csv" has a header but no rows');
    expect(await predictions(page).count()).toBe(0);
    await good();
    await choose(page, 'picture.csv', await readFile('assets/examples/digits/samples/7.png'));
    await expect.poll(() => status(page).textContent(), WAIT).toContain('"picture.csv" is not a CSV file');
    await good();

    // Over the image's limit (10 MB by default): refused from its size, the limit named in MB.
    const big = path.join(temp, 'big.csv');
    const line = `${csvOf(1).split('\n')[1]}\n`;
    await writeFile(big, COLUMNS.join(',') + '\n' + line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(big);
    await expect.poll(() => status(page).textContent(), WAIT).toMatch(/"big\.csv" is 50\.0 MB; this model takes at most 10\.0 MB/);
    await good();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a CSV file dropped on it', async () => {
    const { page, errors } = await openBatch();
    const text = csvOf(4);
    const transfer = await page.evaluateHandle((csv) => {
      const data = new DataTransfer();
      data.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
      return data;
    }, text);
    await page.locator('.csv-drop').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => status(page).textContent(), WAIT).toContain('4 rows of "dropped.csv" answered');
    expect((await shownRows(page)).map((row) => row.label)).toEqual([0, 1, 2, 3].map(expectedLabel));
    expect(errors).toEqual([]);
    await page.close();
  });
});
