/**
 * The dashboard's image actions in Chromium against the real core and Docker: Run asks for the port (the
 * project's own by default), the core refuses one in use before anything starts, and the URL follows; a row's
 * panel opens right below it with the focus inside and the whole panel in view; at 1280x800 no row's actions wrap.
 */
import net from 'node:net';
import { rm } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS } from './screens.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { digitsProject, freePort } from '../runtime/helpers.ts';
import { startDockerApp, type DockerApp } from './docker-app.ts';

const docker = await requireDocker({ localBase: true });
const tag = `craneml-test/dashboard-run:${process.pid}`;
let app: DockerApp;
let project = '';
let projectPort = 0;

beforeAll(async () => {
  app = await startDockerApp(docker!, 'dashboard-run');
  // A project whose manifest serves on a port of its own, not 8080: the Run form must propose it.
  projectPort = await freePort();
  project = await digitsProject({ port: projectPort });
  await app.build(project, tag);
}, 400_000);

afterAll(async () => {
  await app?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** Listens on a port on 127.0.0.1, as another program would. */
async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const imageRow = (page: Page): Locator => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: tag }) });
// The daemon is shared: another test file's stopped container adds a row with a Start button of its own.
const runPanel = (page: Page): Locator => page.getByRole('region', { name: /^Run / });
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const containersOfImage = async () => (await docker!.listContainers({ all: true, filters: { ancestor: [tag] } })).length;

/** The vertical gap between the bottom of `above` and the top of `below`, in CSS pixels. */
async function gapBetween(above: Locator, below: Locator): Promise<number> {
  const a = (await above.boundingBox())!;
  const b = (await below.boundingBox())!;
  return b.y - (a.y + a.height);
}

/** How many lines the buttons of each row's actions cell take (1 when none wraps). */
function actionLines(page: Page): Promise<number[]> {
  return page
    .locator('td.row-actions')
    .evaluateAll((cells) =>
      cells.map(
        (cell) => new Set(Array.from(cell.querySelectorAll('button'), (button) => Math.round(button.getBoundingClientRect().top))).size,
      ),
    );
}

describe.skipIf(!docker)("the dashboard's image actions", () => {
  it("runs an image on the port asked for, the project's by default, refusing one in use before starting", async () => {
    const { page, errors } = await app.open('#/containers');
    await imageRow(page).waitFor();
    await imageRow(page).getByRole('button', { name: 'Run', exact: true }).click();
    const port = page.getByLabel('Port', { exact: true });
    expect(await port.inputValue()).toBe(String(projectPort));
    expect(await focusedId(page)).toBe('field-run-port');
    expect(await gapBetween(imageRow(page), runPanel(page))).toBeLessThan(12);

    const taken = await occupyPort();
    try {
      await port.fill(String(taken.port));
      await runPanel(page).getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-run-port-error').innerText()).toContain(`port ${taken.port} is already in use`);
      expect(await focusedId(page)).toBe('field-run-port');
      // Refused before anything was created.
      expect(await containersOfImage()).toBe(0);
      await page.screenshot({ path: `${SCREENS}/dashboard-run-port-in-use.png` });
    } finally {
      await taken.close();
    }

    await port.fill(String(projectPort));
    expect(await port.getAttribute('aria-invalid')).toBeNull();
    await runPanel(page).getByRole('button', { name: 'Start', exact: true }).click();
    const url = `http://127.0.0.1:${projectPort}`;
    const running = page.getByRole('heading', { name: new RegExp(`^Running .* at ${url}$`) });
    await running.waitFor({ timeout: 120_000 });
    // The focus follows to what Run made: the container's name and address.
    expect(await running.evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await containersOfImage()).toBe(1);
    await page.getByRole('row').filter({ hasText: url }).first().waitFor();
    await page.screenshot({ path: `${SCREENS}/dashboard-run.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('opens Export folder right below its row, with the focus in its first field, and gives the focus back on Close', async () => {
    const { page } = await app.open('#/containers');
    await imageRow(page).waitFor();
    // The row 100 px above the window's bottom edge, however many rows the shared daemon lists above it:
    // room for the panel's first field, not for the whole panel.
    const row = (await imageRow(page).boundingBox())!;
    const height = Math.max(Math.ceil(row.y + row.height) + 100, 500);
    await page.setViewportSize({ width: 1280, height });
    const opener = imageRow(page).getByRole('button', { name: 'Export folder' });
    await opener.click();
    const panel = page.getByRole('region', { name: /^Export as a folder/ });
    await panel.waitFor();
    expect(await gapBetween(imageRow(page), panel)).toBeLessThan(12);
    expect(await focusedId(page)).toBe('field-export-path');
    expect(await opener.getAttribute('aria-expanded')).toBe('true');
    // The whole panel in view, its Close button included, not only the field the focus went to.
    const box = (await panel.boundingBox())!;
    // Within a pixel: the page scrolls by whole pixels, the panel's edges fall between them.
    expect(box.y).toBeGreaterThanOrEqual(-1);
    expect(box.y + box.height).toBeLessThanOrEqual(height + 1);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SCREENS}/dashboard-export-folder.png` });
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => opener.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.close();
  });

  it("opens a container's logs right below its row, its start's health checks logged as info, not errors", async () => {
    const { page } = await app.open('#/containers');
    // The first test left this image's container running.
    const containerRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: `http://127.0.0.1:${projectPort}` }) });
    await containerRow.getByRole('button', { name: 'Logs', exact: true }).click();
    const log = page.getByRole('log', { name: /^Logs of / });
    await expect.poll(() => log.textContent()).toContain('"msg":"listening"');
    expect(await gapBetween(containerRow, page.getByRole('region', { name: /^Logs of / }))).toBeLessThan(12);
    expect(await page.evaluate(() => document.activeElement?.closest('.row-panel') !== null)).toBe(true);
    const lines = ((await log.textContent()) ?? '').split('\n').filter((line) => line.includes('"route":"/readyz"'));
    expect(lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    await page.getByRole('button', { name: 'Close logs' }).click();
    await expect.poll(() => log.count()).toBe(0);
    await page.close();
  });

  it('uses the window at 1280x800: no row of actions wraps', async () => {
    const { page } = await app.open('#/containers');
    await imageRow(page).waitFor();
    // The first test left a container running: its row is measured too.
    await page.getByRole('table', { name: 'Containers' }).locator('td.row-actions').first().waitFor();
    const lines = await actionLines(page);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines).toEqual(lines.map(() => 1));
    await page.screenshot({ path: `${SCREENS}/dashboard.png` });
    await page.close();
  });
});
