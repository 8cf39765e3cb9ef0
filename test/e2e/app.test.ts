/**
 * The whole app through `craneml ui` in Debian's Chromium (the full browser) with the real Docker daemon: the digits
 * example through every wizard step (keyboard first), build, run, draw on the running container,
 * a foreign tensor model in the inspect table, and stop and remove from the Containers dashboard.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { removeImageAndItsContainers, requireDocker } from '../docker/require-docker.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { screenshot, SEVEN, startUi, stroke, tabTo, unnamedControls, ZERO, type RunningUi } from './app-driver.ts';

const docker = await requireDocker({ localBase: true });
const TAG = `e2e-digits:${process.pid}`;
const FOREIGN_MODEL = path.resolve('test/fixtures/onnx/skl2onnx_iris_probabilities.onnx');

let home: string;
let ui: RunningUi;
let browser: Browser;

async function removeLeftovers(): Promise<void> {
  if (!docker) return;
  await removeImageAndItsContainers(docker, TAG);
}

beforeAll(async () => {
  if (!docker) return;
  home = await mkdtemp(path.join(os.tmpdir(), 'craneml-e2e-'));
  ui = await startUi(home);
  // The full browser here, as a user's browser opens `craneml ui`; the other browser tests run in its headless shell.
  browser = await launchChromium({ full: true });
});

afterAll(async () => {
  await browser?.close();
  ui?.process.kill('SIGTERM');
  await removeLeftovers();
  if (home) await rm(home, { recursive: true, force: true });
});

async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** The label of the top prediction once the container has answered for the current drawing. */
async function topLabel(page: Page, expected: string): Promise<string> {
  const status = page.getByRole('status').filter({ hasText: expected });
  await status
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(() => undefined);
  return (await page.getByRole('status').first().textContent()) ?? '';
}

describe.skipIf(!docker)('the app in Chromium with the real Docker daemon', () => {
  it(
    'packages, runs and tests the digits example, shows a foreign model, and cleans up from the dashboard',
    { timeout: 300_000 },
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const predictRequests: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => request.url().includes('/predict') && predictRequests.push(request.url()));
      await page.goto(ui.url);

      // 1. Drop, keyboard only: the file input is named for models, and the example is one key away.
      const fileInput = page.getByLabel(/model/i).and(page.locator('input[type=file]'));
      expect(await fileInput.getAttribute('multiple')).not.toBeNull();
      await screenshot(page, '01-drop');
      await tabTo(page, /Use the digits example/);
      await page.keyboard.press('Enter');
      await page.getByText('model.onnx').first().waitFor();
      expect(await unnamedControls(page)).toEqual([]);

      // 2. Inspect: inputs and outputs in a table, dynamic axes as -1.
      await tabTo(page, /^Next$/);
      await page.keyboard.press('Enter');
      const table = page.getByRole('table').first();
      await table.waitFor();
      expect(await table.textContent()).toMatch(/input[\s\S]*float32[\s\S]*-1[\s\S]*28/);
      await screenshot(page, '02-inspect');
      expect(await unnamedControls(page)).toEqual([]);

      // 3. Input and output: the digits preset is already set; Next writes the project.
      await tabTo(page, /^Next$/);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: /digits preset/i }).waitFor();
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '03-input');
      await tabTo(page, /^Next$/);
      await page.keyboard.press('Enter');

      // 4. Image: our own tag and a free port.
      const port = await freePort();
      const tag = page.getByLabel(/tag/i).first();
      await tag.waitFor();
      await tag.fill(TAG);
      await page.getByLabel(/port/i).first().fill(String(port));
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '04-image');
      await next(page);

      // 5. Build: started by reaching the step, with progress and the live log streamed from the core.
      const progress = page.getByRole('progressbar').first();
      await progress.waitFor();
      const log = page.getByRole('log').first();
      await expect.poll(async () => ((await log.textContent()) ?? '').length, { timeout: 60_000 }).toBeGreaterThan(20);
      // A failed or stalled build names itself: its alert or the log's last lines, not a bare timeout.
      const built = page.getByText(/Built /).first();
      const failed = page.getByRole('alert').first();
      await built
        .or(failed)
        .waitFor({ timeout: 180_000 })
        .catch(async (error: Error) => {
          throw new Error(`${error.message}\nbuild log:\n${((await log.textContent()) ?? '').slice(-3000)}`);
        });
      expect(await failed.isVisible().then((shown) => (shown ? failed.textContent() : ''))).toBe('');
      await built.waitFor();
      expect(
        await progress.getAttribute('aria-valuenow').then((v) => v ?? progress.evaluate((el) => String((el as HTMLProgressElement).value))),
      ).toMatch(/^(1|100)$/);
      await screenshot(page, '05-build');
      await next(page);

      // 6. Run: the container's address as a link.
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const address = page.getByRole('link', { name: new RegExp(`^http://127\\.0\\.0\\.1:${port}`) }).first();
      await address.waitFor({ timeout: 60_000 });
      const containerUrl = (await address.textContent())!.trim().replace(/\/$/, '');
      expect(containerUrl).toBe(`http://127.0.0.1:${port}`);
      await screenshot(page, '06-run');

      // 7. Test: draw a 7 and a 0; the container answers each.
      await page
        .getByRole('button', { name: 'Test', exact: true })
        .or(page.getByRole('link', { name: 'Test', exact: true }))
        .first()
        .click();
      const canvas = page.getByRole('application', { name: /drawing/i });
      await canvas.waitFor();
      await stroke(canvas, SEVEN);
      expect(await topLabel(page, '7')).toContain('7');
      await screenshot(page, '07-test-seven');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await stroke(canvas, ZERO);
      expect(await topLabel(page, '0')).toContain('0');
      await screenshot(page, '08-test-zero');
      expect(predictRequests.length).toBeGreaterThan(0);
      expect(predictRequests.every((url) => url.startsWith(`${containerUrl}/predict`))).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);

      // A foreign ONNX model with tensor input, dropped in a fresh window: its shape in the inspect table.
      const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      fresh.on('pageerror', (error) => errors.push(error.message));
      await fresh.goto(ui.url);
      await fresh.getByLabel(/model/i).and(fresh.locator('input[type=file]')).setInputFiles(FOREIGN_MODEL);
      await fresh
        .getByText(/skl2onnx_iris_probabilities\.onnx/)
        .first()
        .waitFor();
      await next(fresh);
      const foreign = fresh.getByRole('table').first();
      await foreign.waitFor();
      expect(await foreign.textContent()).toMatch(/X[\s\S]*float32[\s\S]*\[-1[^\]]*,\s*4\]/);
      await screenshot(fresh, '09-foreign-inspect');
      await fresh.close();

      // The project the wizard wrote is a recent project: a new window reopens it at the Image step.
      const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      again.on('pageerror', (error) => errors.push(error.message));
      await again.goto(ui.url);
      await again.getByRole('button', { name: 'Open digits 1.0.0' }).click();
      await expect.poll(() => again.getByLabel(/tag/i).first().inputValue()).toBe('digits:1.0.0');
      await again.close();

      // The dashboard: stop and remove the container; nothing of it is left.
      await page
        .getByRole('link', { name: 'Containers' })
        .or(page.getByRole('tab', { name: 'Containers' }))
        .first()
        .click();
      const row = page
        .getByRole('row')
        .filter({ hasText: TAG.split(':')[0]! })
        .filter({ has: page.getByRole('button', { name: 'Stop', exact: true }) })
        .first();
      await row.waitFor({ timeout: 20_000 });
      for (const name of ['Stop', 'Remove', 'Logs', 'Test']) expect(await row.getByRole('button', { name, exact: true }).count()).toBe(1);
      await screenshot(page, '10-containers');
      await row.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect.poll(async () => (await docker!.listContainers({ filters: { ancestor: [TAG] } })).length, { timeout: 30_000 }).toBe(0);
      await row.getByRole('button', { name: 'Remove', exact: true }).click();
      const confirm = page.getByRole('button', { name: /confirm|yes, remove/i });
      if (await confirm.count()) await confirm.first().click();
      await expect
        .poll(async () => (await docker!.listContainers({ all: true, filters: { ancestor: [TAG] } })).length, { timeout: 30_000 })
        .toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
