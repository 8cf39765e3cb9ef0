/**
 * The try-it page of a Python-runtime image, in Chromium against a real container: a scikit-learn
 * pipeline no converter takes (log1p on the numbers, one-hot on the words), pickled in the set-up,
 * `init` → `build` → `run` with the CLI. The form by column names answers as /predict does, a CSV of
 * 1,000 rows is answered in "Predictions" and downloads with every label; the same image behind an
 * API key says the key is needed and answers once it is typed. Every request stays on the
 * container's origin, the CSP holds, and every control has a name.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlNames } from '../renderer/accessible-names.ts';
import { downloadedText, launchChromium } from '../helpers/chromium.ts';
import { firstContentfulPaint, median, openTryPage, type OpenedPage } from '../renderer/try-page-driver.ts';
import { BUILD_MS, predict, PythonE2e } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();
const KEY = 'python-page-key';
const ROWS = 1_000;

/** Writes the pickle to argv[1]: Pipeline(ColumnTransformer(log1p on age and fare, one-hot on sex and embarked), LogisticRegression). */
const MAKE_MODEL = `
import pickle, sys
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
rng = np.random.default_rng(7)
n = 400
data = pd.DataFrame({"sex": rng.choice(["female", "male"], n), "embarked": rng.choice(["C", "Q", "S"], n),
                     "age": rng.uniform(1, 80, n).round(1), "fare": rng.uniform(5, 200, n).round(2)})
odds = (data.sex == "female") * 2.0 - np.log1p(data.age) * 0.5 + np.log1p(data.fare) * 0.4 + (data.embarked == "C") * 0.5
target = np.where(odds + rng.normal(0, 0.5, n) > 0.3, "survived", "died")
columns = ColumnTransformer([("num", FunctionTransformer(np.log1p), ["age", "fare"]),
                             ("cat", OneHotEncoder(handle_unknown="ignore"), ["sex", "embarked"])])
with open(sys.argv[1], "wb") as handle:
    pickle.dump(make_pipeline(columns, LogisticRegression(max_iter=1000)).fit(data, target), handle, protocol=5)
`;

interface Row {
  sex: string;
  embarked: string;
  age: number;
  fare: number;
}

/** `count` rows from a fixed seed, as a CSV would hold them. */
function rowsOf(count: number): Row[] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => ({
    sex: next() < 0.5 ? 'female' : 'male',
    embarked: ['C', 'Q', 'S'][Math.floor(next() * 3)]!,
    age: Math.round((1 + next() * 79) * 10) / 10,
    fare: Math.round((5 + next() * 195) * 100) / 100,
  }));
}

const csvOf = (rows: Row[]) => ['sex,embarked,age,fare', ...rows.map((r) => `${r.sex},${r.embarked},${r.age},${r.fare}`)].join('\n') + '\n';

/** The one status region's words. */
async function status(page: Page): Promise<string> {
  const regions = page.getByRole('status');
  expect(await regions.count()).toBe(1);
  return (await regions.textContent()) ?? '';
}

/** Own origin only, no CSP violation, no console error, a name on every control. */
async function expectWellBehaved(opened: OpenedPage, origin: string): Promise<void> {
  const elsewhere = opened.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
  expect(elsewhere).toEqual([]);
  expect(await opened.cspViolations()).toEqual([]);
  expect(opened.errors).toEqual([]);
  expect((await controlNames(opened.page)).filter((control) => control.name === '')).toEqual([]);
}

describe.skipIf(!docker)('the try-it page of a Python-runtime image', () => {
  const e2e = new PythonE2e(docker!, 'py-page');
  let browser: Browser;
  let open = '';
  let keyed = '';
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    await e2e.start();
    const { stdout } = await promisify(execFile)('bash', ['scripts/tabular-venv.sh'], { maxBuffer: 1 << 24 });
    const pickle = e2e.path('titanic-log1p.pkl');
    await promisify(execFile)(path.join(stdout.trim(), 'bin/python'), ['-c', MAKE_MODEL, pickle]);
    const { project } = await e2e.init(pickle, 'titanic');
    const image = await e2e.build(project, 'titanic');
    const [plain, guarded] = await Promise.all([e2e.run(image, 'open'), e2e.run(image, 'keyed', [`CRANEML_API_KEY=${KEY}`])]);
    expect(plain.run.code, plain.run.stderr).toBe(0);
    expect(guarded.run.code, guarded.run.stderr).toBe(0);
    open = plain.url;
    keyed = guarded.url;
    browser = await launchChromium();
  }, BUILD_MS);

  afterAll(async () => {
    await browser?.close();
    await e2e.stop();
    if (Object.keys(figures).length) console.log(`python try-it page: ${JSON.stringify(figures)}`);
  });

  it("describes the table in /metadata as the form needs it: each column's type, categories and example", async () => {
    const metadata = (await (await fetch(`${open}/metadata`)).json()) as { input: { kind: string; columns: Record<string, unknown>[] } };
    expect(metadata.input.kind).toBe('table');
    expect(metadata.input.columns).toEqual([
      expect.objectContaining({ name: 'sex', type: 'string', values: ['female', 'male'], example: 'female' }),
      expect.objectContaining({ name: 'embarked', type: 'string', values: ['C', 'Q', 'S'], example: 'C' }),
      expect.objectContaining({ name: 'age', type: 'number', example: expect.any(Number) }),
      expect.objectContaining({ name: 'fare', type: 'number', example: expect.any(Number) }),
    ]);
  });

  it('fills a row by column names and answers it as /predict does', async () => {
    const opened = await openTryPage(browser, open);
    const { page } = opened;
    figures.firstPaintColdMs = Math.round(await firstContentfulPaint(page));
    await page.getByRole('button', { name: 'Example row' }).click();
    expect(await page.getByLabel('sex', { exact: true }).inputValue()).toBe('female');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page)).toMatch(/^(died|survived) — /);
    const row: Row = { sex: 'male', embarked: 'S', age: 61.5, fare: 7.25 };
    const expected = await predict<{ label: string }>(open, [row]);
    expect(expected.status).toBe(200);
    await page.getByLabel('sex', { exact: true }).selectOption(row.sex);
    await page.getByLabel('embarked', { exact: true }).selectOption(row.embarked);
    await page.getByLabel('age', { exact: true }).fill(String(row.age));
    await page.getByLabel('fare', { exact: true }).fill(String(row.fare));
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page)).toMatch(new RegExp(`^${expected.body.predictions[0]!.label} — `));
    await expectWellBehaved(opened, open);
    await page.close();
    // A figure for the notes, not a check: first paint once the browser has seen the page.
    const paints: number[] = [];
    for (let i = 0; i < 5; i++) {
      const again = await openTryPage(browser, open);
      paints.push(await firstContentfulPaint(again.page));
      await again.page.close();
    }
    figures.firstPaintMedianMs = Math.round(median(paints));
  });

  it('answers a CSV of 1,000 rows in "Predictions", and downloads them with every label', async () => {
    const rows = rowsOf(ROWS);
    const expected = await predict<{ label: string }>(open, rows);
    expect(expected.status).toBe(200);
    const labels = expected.body.predictions.map((p) => p.label);
    expect(new Set(labels)).toEqual(new Set(['died', 'survived']));
    const opened = await openTryPage(browser, open);
    const { page } = opened;
    const csv = e2e.path('rows.csv');
    await writeFile(csv, csvOf(rows));
    const started = Date.now();
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv);
    await expect.poll(() => status(page), { timeout: 60_000 }).toMatch(/1,000 rows of "rows\.csv" answered/);
    figures.csv1000Ms = Date.now() - started;
    const table = page.getByRole('table', { name: 'Predictions' });
    expect(await table.getAttribute('aria-rowcount')).toBe(String(ROWS + 1));
    // The first page of rows: each row's first answer cell is its label.
    const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.answer-cell')?.textContent));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(labels.slice(0, shown.length));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const lines = (await downloadedText(download)).trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['sex', 'embarked', 'age', 'fare']);
    const labelAt = header.indexOf('label');
    expect(lines.slice(1).map((line) => line.split(',')[labelAt])).toEqual(labels);
    await expectWellBehaved(opened, open);
    await page.close();
  });

  it('says the key is needed behind an API key, and answers once it is typed', async () => {
    const opened = await openTryPage(browser, keyed);
    const { page } = opened;
    await expect.poll(() => status(page)).toMatch(/needs an API key/);
    expect(await page.getByRole('button', { name: 'Predict' }).count()).toBe(0);
    const field = page.getByLabel('API key');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(KEY);
    await field.press('Enter');
    await page.getByRole('button', { name: 'Example row' }).click();
    const keys: (string | undefined)[] = [];
    page.on('request', (request) => request.method() === 'POST' && keys.push(request.headers()['x-api-key']));
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page)).toMatch(/^(died|survived) — /);
    expect(keys).toEqual([KEY]);
    await page.close();
  });
});
