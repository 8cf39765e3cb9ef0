/**
 * The try-it controls for a tensor model in Chromium against the real model server (`craneml serve` of the
 * digits model taking its [1, 28, 28] tensor as JSON): "Instances (JSON)" holds the instances array, starts
 * as a valid example, and is sent as {"instances": <that array>}; the answer, a typing mistake or the
 * server's refusal is told in the one status region, in words.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsProject, instance } from '../runtime/helpers.ts';
import { SCREENS } from './screens.ts';
import { ANSWERED, startTryPanel, type TryPanel } from './try-panel-server.ts';

let tryPanel: TryPanel;
let project: string;

beforeAll(async () => {
  project = await digitsProject();
  const manifestFile = path.join(project, 'craneml.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestFile, JSON.stringify({ ...manifest, name: 'digits-tensor', input: { kind: 'tensor' } }, null, 2));
  tryPanel = await startTryPanel(project);
}, 120_000);

afterAll(async () => {
  await tryPanel?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** Opens the controls against the server; `posted` collects the JSON body of every POST the page makes. */
async function open(): Promise<{ page: Page; errors: string[]; posted: unknown[] }> {
  const { page, errors, posts } = await tryPanel.open((request): unknown => request.postDataJSON());
  await page.getByLabel('Instances (JSON)', { exact: true }).waitFor();
  return { page, errors, posted: posts };
}

const status = (page: Page) => page.getByRole('status');
const zeros = instance(() => 0);
/** A one: a vertical bar in the middle of the 28x28 grid. */
const one = instance((r, c) => (c >= 13 && c <= 15 && r >= 4 && r <= 23 ? 1 : 0));

describe('try-it controls for a tensor model, against the real model server', () => {
  it('starts with a valid instances array, sends it as {"instances": …} and answers in the status region', async () => {
    const { page, errors, posted } = await open();
    const editor = page.getByLabel('Instances (JSON)', { exact: true });
    expect(JSON.parse(await editor.inputValue())).toEqual([zeros]);
    const hint = await editor.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).textContent()).toContain('each shaped like the input, [1, 28, 28]');

    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^\d — \d+\.\d%$/);
    expect(posted).toEqual([{ instances: [zeros] }]);

    await editor.fill(JSON.stringify([one]));
    // Ctrl+Enter in the editor predicts, as the button does.
    await editor.press('Control+Enter');
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^1 — /);
    expect(posted[1]).toEqual({ instances: [one] });
    await page.screenshot({ path: `${SCREENS}/try-tensor-answer.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers every instance of the list: the first in the status region, all of them below', async () => {
    const { page, posted } = await open();
    await page.getByLabel('Instances (JSON)', { exact: true }).fill(JSON.stringify([one, zeros]));
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^1 — \d+\.\d%The first of 2 answers; all of them are below\.$/);
    const all = JSON.parse(await page.getByRole('region', { name: 'All answers' }).innerText()) as { label: string }[];
    expect(all.map((answer) => answer.label)[0]).toBe('1');
    expect(all).toHaveLength(2);
    expect(posted).toEqual([{ instances: [one, zeros] }]);
    await page.close();
  });

  it('says in words what is wrong with what was typed, sends nothing, and answers once it is fixed', async () => {
    const { page, errors, posted } = await open();
    const editor = page.getByLabel('Instances (JSON)', { exact: true });
    const predict = page.getByRole('button', { name: 'Predict' });
    await predict.click();
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^\d — /);

    await editor.fill('[[0, 0,');
    await predict.click();
    await expect
      .poll(() => status(page).textContent())
      .toMatch(/^Instances \(JSON\): this is not valid JSON \(.+\)\. Fix it and press Predict again\.$/);
    // The answer to the earlier instances is gone: beside this message it would read as these ones'.
    expect(await page.getByTestId('predicted-label').count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Top scores' }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/try-tensor-not-json.png` });

    await editor.fill(JSON.stringify({ input: zeros }));
    await predict.click();
    await expect.poll(() => status(page).textContent()).toBe('Instances (JSON): put the instances in a list, [ … ], one per prediction.');
    await editor.fill('[]');
    await predict.click();
    await expect.poll(() => status(page).textContent()).toBe('Instances (JSON): the list is empty; put at least one instance in it.');
    expect(posted).toHaveLength(1);

    await editor.fill(JSON.stringify([one]));
    await predict.click();
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^1 — /);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("tells the server's refusal of a wrongly shaped instance in words", async () => {
    const { page, posted } = await open();
    await page.getByLabel('Instances (JSON)', { exact: true }).fill('[[0, 0, 0]]');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => status(page).textContent(), ANSWERED).toMatch(/^The model could not use this input: .*\S[.)]$/);
    expect(posted).toEqual([{ instances: [[0, 0, 0]] }]);
    await page.close();
  });
});
