/** A model picked in the web mode's Drop step in real Chromium travels as the page's form and is staged from disk. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { launchChromium } from '../helpers/chromium.ts';

const EXTERNAL = path.resolve('test/fixtures/onnx/torch_dynamo_external');
let browser: Browser;
let server: WebServer;
let config: string;

const stageFolders = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('craneml-stage-'));

beforeAll(async () => {
  config = await mkdtemp(path.join(os.tmpdir(), 'craneml-drop-'));
  const core = createCraneCore({ settings: new SettingsStore(config), projectsDir: path.join(config, 'projects') });
  server = await startWebServer(core, 0);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(config, { recursive: true, force: true });
});

describe('the Drop step in the web mode', () => {
  it('stages an ONNX model picked with its external weights', async () => {
    const before = await stageFolders();
    const page = await browser.newPage();
    await page.goto(server.url);
    const input = page.getByLabel(/model/i).and(page.locator('input[type=file]'));
    await input.setInputFiles([path.join(EXTERNAL, 'model.onnx'), path.join(EXTERNAL, 'model.onnx.data')]);
    await page.getByText(/Ready: model\.onnx \(onnx/).waitFor();
    expect(await stageFolders()).toHaveLength(before.length + 1);
    await page.close();
  }, 60_000);
});
