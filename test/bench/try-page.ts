/**
 * `npm run bench:page`: the try-it page's figures issue 23 asks for, each against a baseline measured
 * in the same run on the same server (the Node runtime's own, in this process, serving the page's real
 * bundle as an image serves /app/page): the bundle's size; first paint of the page against the /docs
 * page (a small static page of the same server); and a 10,000-row CSV answered through the page's
 * "CSV file" against the same rows POSTed as one CSV body by a client outside the browser. Not part of
 * `npm test`; needs Debian's chromium and the table fixtures (scripts/setup.sh makes them).
 *
 * Options: --loads 7 (page loads for the paint medians; the first is a cold one, reported apart),
 * --rounds 3 (CSV rounds), --out DIR (default bench-results). Writes <out>/try-page.json and try-page.md.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { PAGE_FILES, prepareTryPage } from '../../main/runtimes/try-page.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { csvCell } from '../renderer/harness/table-server.ts';
import { firstContentfulPaint, median, servePage } from '../renderer/try-page-driver.ts';
import { digitsProject } from '../runtime/helpers.ts';
import { expectedOf, tableProject } from '../runtime/table-fixtures.ts';

const { values: args } = parseArgs({
  options: {
    loads: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const LOADS = Number(args.loads);
const ROUNDS = Number(args.rounds);
const OUT = path.resolve(args.out!);
const CSV_ROWS = 10_000;
const COLUMNS = ['sex', 'embarked', 'pclass', 'age', 'fare', 'alone'];

async function paintOf(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await firstContentfulPaint(page);
  } finally {
    await page.close();
  }
}

/** From navigation start until the page's drawing pad is on screen (its script ran and /metadata answered), in ms. */
async function controlsReadyOf(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByLabel('drawing', { exact: true }).waitFor();
    return await page.evaluate(() => performance.now());
  } finally {
    await page.close();
  }
}

/** Cold first load, then the median of the warm ones, the page and the baseline interleaved. */
async function paints(browser: Browser, pageUrl: string, baselineUrl: string) {
  const cold = await paintOf(browser, pageUrl);
  const page: number[] = [];
  const baseline: number[] = [];
  for (let i = 1; i < LOADS; i++) {
    page.push(await paintOf(browser, pageUrl));
    baseline.push(await paintOf(browser, baselineUrl));
  }
  const ready: number[] = [];
  for (let i = 1; i < LOADS; i++) ready.push(await controlsReadyOf(browser, pageUrl));
  return { coldMs: cold, pageMs: median(page), baselineMs: median(baseline), readyMs: median(ready), page, baseline, ready };
}

async function csvThroughPage(page: Page, csv: Buffer): Promise<number> {
  await page.reload();
  const input = page.getByLabel('CSV file', { exact: true });
  await input.waitFor();
  const started = performance.now();
  await input.setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: csv });
  await page
    .getByRole('status')
    .filter({ hasText: `${CSV_ROWS.toLocaleString('en-US')} rows of "rows.csv" answered` })
    .waitFor({ timeout: 300_000 });
  return performance.now() - started;
}

async function csvThroughApi(url: string, csv: Buffer): Promise<number> {
  const started = performance.now();
  const answer = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' },
    body: new Uint8Array(csv),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`the API refused the CSV: ${answer.status} ${text.slice(0, 200)}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const load = os.loadavg().map((l) => l.toFixed(2));
  const bundle = await prepareTryPage();
  const sizes: Record<string, { raw: number; gzip: number }> = {};
  for (const name of PAGE_FILES)
    sizes[name] = { raw: (await stat(path.join(bundle.dir, name))).size, gzip: (await stat(path.join(bundle.dir, `${name}.gz`))).size };

  const digitsDir = await digitsProject();
  const digits = await servePage(digitsDir);
  const table = await servePage(await tableProject('mixed'));
  const browser = await launchChromium({ full: true });
  try {
    const paint = await paints(browser, `${digits.url}/`, `${digits.url}/docs`);
    const expected = await expectedOf('mixed');
    const lines = [COLUMNS.join(',')];
    for (let row = 0; row < CSV_ROWS; row++)
      lines.push(COLUMNS.map((name) => csvCell(expected.rows[row % expected.rows.length]![name])).join(','));
    const csv = Buffer.from(lines.join('\n'));
    const page = await browser.newPage();
    await page.goto(`${table.url}/`);
    const viaPage: number[] = [];
    const viaApi: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      viaPage.push(await csvThroughPage(page, csv));
      viaApi.push(await csvThroughApi(table.url, csv));
    }
    await page.close();
    const results = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
      load: { before: load, after: os.loadavg().map((l) => l.toFixed(2)) },
      sizes,
      paint,
      csv: { rows: CSV_ROWS, bytes: csv.length, pageMs: median(viaPage), apiMs: median(viaApi), viaPage, viaApi },
    };
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'try-page.json'), `${JSON.stringify(results, null, 2)}\n`);
    const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const md = [
      '# The try-it page (`npm run bench:page`)',
      '',
      `${results.date}; ${results.machine}; load average ${load.join(' ')} before, ${results.load.after.join(' ')} after.`,
      "The Node runtime's own server in this process, serving the page's real bundle; Chromium headless.",
      '',
      '| file | raw | gzip |',
      '|---|---|---|',
      ...PAGE_FILES.map((name) => `| ${name} | ${kb(sizes[name]!.raw)} | ${kb(sizes[name]!.gzip)} |`),
      '',
      '| figure | the page | baseline | ratio |',
      '|---|---|---|---|',
      `| first paint, warm (median of ${LOADS - 1}) | ${paint.pageMs.toFixed(0)} ms | /docs: ${paint.baselineMs.toFixed(0)} ms | ${(paint.pageMs / paint.baselineMs).toFixed(2)}x |`,
      `| first paint, cold first load | ${paint.coldMs.toFixed(0)} ms | | |`,
      `| drawing pad on screen (script run, /metadata answered; median of ${LOADS - 1}) | ${paint.readyMs.toFixed(0)} ms | | |`,
      `| ${CSV_ROWS.toLocaleString('en-US')}-row CSV answered (median of ${ROUNDS}) | ${results.csv.pageMs.toFixed(0)} ms | one CSV POST: ${results.csv.apiMs.toFixed(0)} ms | ${(results.csv.pageMs / results.csv.apiMs).toFixed(2)}x |`,
      '',
      `Each load, page: ${ms(paint.page)}; /docs: ${ms(paint.baseline)}; pad on screen: ${ms(paint.ready)}. Each CSV round, page: ${ms(viaPage)}; API: ${ms(viaApi)}.`,
      '',
    ].join('\n');
    await writeFile(path.join(OUT, 'try-page.md'), md);
    process.stdout.write(md);
  } finally {
    await browser.close();
    await digits.shutdown();
    await table.shutdown();
    await rm(digitsDir, { recursive: true, force: true });
  }
}

await main();
