/**
 * The try-it page inside a real image: the digits example built and run through the CLI (the core)
 * with an API key, its page opened in Chromium: the key asked for, a drawn 7 answered once it is
 * typed, every request on the container's origin, no CSP violation; its first paint measured (median
 * of 5 loads) and the exported recipe checked to carry the page too.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../main/docker/host-port.ts';
import { runCli } from '../helpers/cli.ts';
import { SEVEN } from '../e2e/app-driver.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { stroke } from '../renderer/pointer.ts';
import { firstContentfulPaint, median, openTryPage } from '../renderer/try-page-driver.ts';
import { DIGITS } from '../runtime/helpers.ts';
import { LOCAL_BASE, removeContainerAndImage, requireDocker } from './require-docker.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/page-digits:${process.pid}`;
const name = `craneml-test-page-digits-${process.pid}`;
const KEY = 'image-page-key';

describe.skipIf(!docker)('the try-it page inside a real image', () => {
  let browser: Browser;
  let url = '';
  let exported = '';

  beforeAll(async () => {
    browser = await launchChromium();
    const built = await runCli(['build', DIGITS, '-t', tag, '--base-image', LOCAL_BASE], { timeoutMs: 300_000 });
    expect(built.code, built.stderr).toBe(0);
    const port = await freePort();
    const run = await runCli(['run', tag, '--port', String(port), '--name', name, '-e', `CRANEML_API_KEY=${KEY}`], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    url = `http://127.0.0.1:${port}`;
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await removeContainerAndImage(docker!, name, tag);
    if (exported) await rm(exported, { recursive: true, force: true });
  });

  it('asks for the key, then answers a drawn 7, on its own origin and within its CSP', async () => {
    const opened = await openTryPage(browser, url);
    const { page } = opened;
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/needs an API key/);
    await page.getByLabel('API key').fill(KEY);
    await page.getByLabel('API key').press('Enter');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await canvas.waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('digits');
    await stroke(page, canvas, SEVEN);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^7\b/);
    expect(opened.requests.filter((request) => !request.startsWith(`${url}/`) && !/^(blob|data):/.test(request))).toEqual([]);
    expect(await opened.cspViolations()).toEqual([]);
    // The one console error is the browser's report of the refused /metadata before the key was typed.
    expect(opened.errors.filter((error) => !/401/.test(error))).toEqual([]);
    await page.close();
  });

  it('paints first within a few hundred milliseconds (median of 5 loads, measured for the record)', async () => {
    const paints: number[] = [];
    for (let load = 0; load < 5; load++) {
      const { page } = await openTryPage(browser, url);
      paints.push(await firstContentfulPaint(page));
      await page.close();
    }
    console.log(
      `try-it page first-contentful-paint from the container: median ${median(paints).toFixed(0)} ms of ${paints.map((p) => p.toFixed(0)).join(', ')}`,
    );
    expect(paints).toHaveLength(5);
    expect(paints.every((paint) => paint > 0)).toBe(true);
  });

  it('goes into the exported recipe with the runtime', async () => {
    exported = await mkdtemp(path.join(os.tmpdir(), 'craneml-page-export-'));
    const folder = path.join(exported, 'digits');
    const result = await runCli(['export', DIGITS, '-o', folder], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['index.html', 'page.js', 'page.css', 'page.js.gz'])
      expect(existsSync(path.join(folder, 'runtime', 'page', file)), file).toBe(true);
    expect(await readFile(path.join(folder, 'runtime', 'page', 'index.html'), 'utf8')).toContain('/page/page.js');
  });
});
