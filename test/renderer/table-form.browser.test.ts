/**
 * The form by column for a table model, in the Test window in Chromium, against the real model server on the
 * converted "mixed" model (categories, an integer, numbers with a gap, a boolean): one field per column named
 * exactly by the column, "Example row" and "Predict", the answer in the one status region, keyboard only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './browser.ts';
import { startTableServer, type TableServer } from './harness/table-server.ts';

/** A loaded machine (load 10-16 on 2 CPUs here) answers slowly: the polls wait this long for the outcome wanted. */
const WAIT = { timeout: 20_000 };

let harness: Harness;
let table: TableServer;

beforeAll(async () => {
  table = await startTableServer('mixed');
  harness = await startHarness(['test-window']);
});

afterAll(async () => {
  await harness?.close();
  await table?.server.shutdown();
});

async function openForm(): Promise<{ page: Page; errors: string[] }> {
  const opened = await harness.open('test-window', table.query);
  await opened.page.getByRole('button', { name: 'Example row' }).waitFor();
  return opened;
}

const status = (page: Page) => page.getByRole('status');

describe('the form by column for a table model', () => {
  it('has one field per column, named by the column alone, of the kind its type says', async () => {
    const { page, errors } = await openForm();
    const sex = page.getByRole('combobox', { name: 'sex', exact: true });
    expect(
      await sex.locator('option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent])),
    ).toEqual([
      ['', ''],
      ['female', 'female'],
      ['male', 'male'],
    ]);
    expect(await page.getByRole('combobox', { name: 'embarked', exact: true }).locator('option:not([value=""])').allTextContents()).toEqual(
      ['C', 'Q', 'S'],
    );
    for (const name of ['pclass', 'age', 'fare'])
      await expect(page.getByRole('spinbutton', { name, exact: true }).count()).resolves.toBe(1);
    expect(await page.getByRole('spinbutton', { name: 'pclass', exact: true }).getAttribute('step')).toBe('1');
    expect(await page.getByRole('checkbox', { name: 'alone', exact: true }).count()).toBe(1);
    // The type is the field's description, not part of its name.
    expect(
      await page
        .getByLabel('age', { exact: true })
        .evaluate((field) => document.getElementById(field.getAttribute('aria-describedby')!)?.textContent),
    ).toBe('number');
    expect(await page.getByRole('button', { name: 'Predict' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fills the model's example row and names the label the server answers for it", async () => {
    const { page, errors } = await openForm();
    await page.getByRole('button', { name: 'Example row' }).click();
    // The converter's example: the first category, and the training data's centre for numbers (row 0 of the fixture).
    const first = table.expected.rows[0]!;
    expect(await page.getByLabel('sex', { exact: true }).inputValue()).toBe(first.sex);
    expect(Number(await page.getByLabel('age', { exact: true }).inputValue())).toBe(first.age);
    expect(await page.getByLabel('alone', { exact: true }).isChecked()).toBe(first.alone);
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-label').textContent(), WAIT).toBe(table.expected.predict[0]);
    expect(await status(page).textContent()).toContain(String(table.expected.predict[0]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a row typed with the keyboard alone and answers it as scikit-learn does', async () => {
    const { page, errors } = await openForm();
    // Row 2 of the fixture: female, C, 1, 30.7, 38.88, not alone.
    const row = table.expected.rows[2]!;
    expect(row).toMatchObject({ sex: 'female', embarked: 'C', pclass: 1, alone: false });
    await page.getByLabel('sex', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // '' -> female
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // '' -> C
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(row.age));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(row.fare));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await page.getByLabel('alone', { exact: true }).getAttribute('id'));
    await page.keyboard.press('Space');
    await page.keyboard.press('Space'); // on, then off again: not alone
    await page.keyboard.press('Tab'); // Example row
    await page.keyboard.press('Tab'); // Predict
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('predicted-label').textContent(), WAIT).toBe(table.expected.predict[2]);
    expect(await page.getByLabel('embarked', { exact: true }).inputValue()).toBe('C');
    expect(await page.getByLabel('alone', { exact: true }).isChecked()).toBe(false);
    // Enter in a field sends the row too.
    const sent = page.waitForRequest((request) => request.url().endsWith('/predict'));
    await page.getByLabel('fare', { exact: true }).press('Enter');
    expect(JSON.parse((await sent).postData()!)).toEqual({ instances: [{ ...row, alone: false }] });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says in the status region what the server refused, naming the column, and answers the next row', async () => {
    const { page, errors } = await openForm();
    await page.getByRole('button', { name: 'Example row' }).click();
    await page.getByLabel('pclass', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page).textContent(), WAIT).toContain('column "pclass" expects an integer');
    await page.getByLabel('pclass', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => page.getByTestId('predicted-label').textContent(), WAIT).toBe(table.expected.predict[0]);
    // The 422 is the HTTP contract: Chromium logs the failed resource, and nothing else goes wrong.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  });
});
