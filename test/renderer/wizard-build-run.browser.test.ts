/**
 * The wizard's Build and Run steps in real Chromium against the real web mode, core and Docker daemon:
 * the build starts when the step is reached, focus lands on each outcome, Run once running is not
 * offered again, a reload keeps the running container, a removed container leaves no link to it, and
 * a port in use is refused at the Docker image step in the app's words.
 */
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealApp, type RealApp } from './real-app.ts';
import { SCREENS } from './screens.ts';
import { freePort } from '../../main/docker/host-port.ts';
import { LOCAL_BASE, removeImageAndItsContainers, requireDocker } from '../docker/require-docker.ts';

const docker = await requireDocker({ localBase: true });
const TAG = `craneml-test/wizard-build-run:${process.pid}`;

let app: RealApp;
let taken: net.Server | undefined;

async function removeMade(): Promise<void> {
  if (!docker) return;
  await removeImageAndItsContainers(docker, TAG);
}

beforeAll(async () => {
  if (!docker) return;
  app = await startRealApp('wizard-build-run');
}, 60_000);

afterAll(async () => {
  await app?.close();
  taken?.close();
  await removeMade();
}, 120_000);

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** A port something else listens on. */
async function takePort(): Promise<number> {
  taken = net.createServer();
  await new Promise<void>((resolve) => taken!.listen(0, '127.0.0.1', resolve));
  return (taken.address() as net.AddressInfo).port;
}

describe.skipIf(!docker)('the Build and Run steps with the real daemon', () => {
  it('builds on arrival, runs once, forgets a removed container, and refuses a taken port before building', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.server.url);
    await page.getByRole('button', { name: 'Use the digits example' }).click();
    await page.getByText(/^Ready: model\.onnx/).waitFor();
    for (const heading of ['Inspect', 'Input and output']) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    await page.getByLabel('Project folder', { exact: true }).fill(path.join(app.config.path, 'digits'));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Docker image' }).waitFor();
    const port = await freePort();
    await page.getByLabel('Image name and tag').fill(TAG);
    await page.getByLabel('Base image (optional)').fill(LOCAL_BASE);
    await page.getByLabel('Port').fill(String(port));

    // Next is the only press: the build starts, its log fills, and its outcome takes the focus.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Build' }).waitFor();
    await expect.poll(() => page.getByRole('log', { name: 'Build log' }).textContent(), { timeout: 60_000 }).not.toBe('');
    await page.getByText(/^Built /).waitFor({ timeout: 300_000 });
    await expect.poll(() => focusedText(page)).toMatch(/^Built craneml-test\/wizard-build-run:\d+ — .*Press Next to run it\.$/);
    await page.screenshot({ path: `${SCREENS}/wizard-build.png`, fullPage: true });
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => focusedText(page), { timeout: 60_000 }).toMatch(/^Container .*: Ready/);
    // Running: the button says so and cannot start a second container on the same port.
    expect(await page.getByRole('button', { name: 'Running' }).isDisabled()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/wizard-run.png`, fullPage: true });
    const testLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Test window' });
    expect(await testLink.getAttribute('href')).toMatch(/^#\/test\/.+/);

    // A reload keeps the running container on the Run step.
    await page.reload();
    await expect.poll(() => page.locator('[aria-current="step"]').textContent()).toContain('Run');
    await page.getByText(/^Container .*: Ready/).waitFor();

    // The container removed elsewhere: the Run step and the Test window link let it go.
    for (const info of await docker!.listContainers({ all: true, filters: { ancestor: [TAG] } }))
      await docker!.getContainer(info.Id).remove({ force: true });
    await expect.poll(() => page.getByText(/^Container /).count(), { timeout: 30_000 }).toBe(0);
    expect(await testLink.getAttribute('href')).toBe('#/test');

    // A port someone else holds: refused at the Docker image step, before a build, in the app's words.
    const busy = await takePort();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel('Port').fill(String(busy));
    await page.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain(`Port: ${busy} is already in use on 127.0.0.1; choose another, or stop what uses it (Containers).`);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Docker image');
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
