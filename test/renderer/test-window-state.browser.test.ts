/**
 * The Test window in Chromium against real model containers (the digits model, as a picture model and as
 * a tensor model) through the real core: what it shows belongs to the current state only. A new answer
 * takes the place of an earlier error, an error takes the place of an earlier answer (both in the one status
 * region), and Clear leaves nothing.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS } from './screens.ts';
import type { RunningService } from '../../main/shared/crane-api.ts';
import { requireDocker } from '../docker/require-docker.ts';
import { SEVEN } from '../e2e/app-driver.ts';
import { digitsProject, freePort } from '../runtime/helpers.ts';
import { startDockerApp, type DockerApp } from './docker-app.ts';
import { stroke } from './pointer.ts';

const docker = await requireDocker({ localBase: true });
const pictureTag = `craneml-test/test-window-picture:${process.pid}`;
const tensorTag = `craneml-test/test-window-tensor:${process.pid}`;
let app: DockerApp;
const projects: string[] = [];
let picture: RunningService;
let tensor: RunningService;

beforeAll(async () => {
  app = await startDockerApp(docker!, 'test-window-state');
  const pictureProject = await digitsProject();
  // The same model taking its [1, 28, 28] tensor as JSON: the Test window's JSON view.
  const tensorProject = await digitsProject();
  projects.push(pictureProject, tensorProject);
  const manifestFile = path.join(tensorProject, 'craneml.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestFile, JSON.stringify({ ...manifest, name: 'digits-tensor', input: { kind: 'tensor' } }, null, 2));
  await app.build(pictureProject, pictureTag);
  await app.build(tensorProject, tensorTag);
  picture = await app.core.handlers.runImage({ image: pictureTag, port: await freePort() });
  tensor = await app.core.handlers.runImage({ image: tensorTag, port: await freePort() });
}, 600_000);

afterAll(async () => {
  await app?.close();
  for (const dir of projects) await rm(dir, { recursive: true, force: true });
});

/** What the one status region says: the answer, or why there is none. */
const statusText = (page: Page) => page.getByRole('status').innerText();
const alerts = (page: Page) => page.getByRole('alert').allInnerTexts();
const ANSWER = /^\d — \d+\.\d%$/;

/** Drops a file on the drawing's drop area, as a user dragging it from the file manager would. */
async function dropFile(page: Page, name: string, type: string, bytes: number[]): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, type, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return data;
    },
    { name, type, bytes },
  );
  await page.locator('.drop-area').dispatchEvent('drop', { dataTransfer: transfer });
}

/** Pixels of the drawing pad that are not white paper. */
function inkedPixels(page: Page): Promise<number> {
  return page.getByRole('application').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 250 || data[i + 1]! < 250 || data[i + 2]! < 250) inked++;
    return inked;
  });
}

async function openDrawView(): Promise<Page> {
  const { page } = await app.open(`#/test/${picture.name}`);
  await page.getByRole('application').waitFor();
  return page;
}

describe.skipIf(!docker)('the Test window shows the current state only', () => {
  it('takes a refused picture’s message away when a drawing is answered, and when Clear is pressed', async () => {
    const page = await openDrawView();
    await dropFile(page, 'cat.gif', 'image/gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
    await page.getByText('That picture is image/gif: use a PNG or JPEG.').waitFor();
    await stroke(page, page.getByRole('application'), SEVEN);
    await page.getByTestId('predicted-label').waitFor();
    expect(await statusText(page)).toMatch(ANSWER);

    await dropFile(page, 'cat.gif', 'image/gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
    await expect.poll(() => statusText(page)).toBe('That picture is image/gif: use a PNG or JPEG.');
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await statusText(page)).toBe('No prediction yet');
    expect(await alerts(page)).toEqual([]);
    expect(await page.getByTestId('model-input-preview').count()).toBe(0);
    await page.close();
  });

  it('replaces an answer by the container’s error for a newer picture, and the error by the next answer', async () => {
    const page = await openDrawView();
    await stroke(page, page.getByRole('application'), SEVEN);
    await page.getByTestId('predicted-label').waitFor();
    expect(await inkedPixels(page)).toBeGreaterThan(0);
    // Called a PNG, but not one: the container refuses it.
    await dropFile(page, 'broken.png', 'image/png', [1, 2, 3, 4, 5, 6, 7, 8]);
    await expect.poll(() => statusText(page)).toMatch(/^The model does not take this kind of input: /);
    expect(await page.getByTestId('predicted-label').count()).toBe(0);
    expect(await page.getByTestId('model-input-preview').count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Top scores' }).count()).toBe(0);
    // What was sent is the picture, not the drawing before it: the pad is blank, and no broken image is drawn.
    expect(await inkedPixels(page)).toBe(0);
    await expect.poll(() => page.getByRole('img', { name: 'The picture you sent' }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/test-window-refused.png` });

    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await statusText(page)).toBe('No prediction yet');
    await stroke(page, page.getByRole('application'), SEVEN);
    await page.getByTestId('predicted-label').waitFor();
    expect(await statusText(page)).toMatch(ANSWER);
    await page.close();
  });

  it('takes the last answer away when the instance typed is not JSON, and the message once it is', async () => {
    const { page } = await app.open(`#/test/${tensor.name}`);
    const instance = page.getByLabel('Instances (JSON)');
    await instance.waitFor();
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByTestId('predicted-label').waitFor();
    const zeros = await instance.inputValue();

    await instance.fill('[[0, 0,');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => statusText(page)).toMatch(/^Instances \(JSON\): this is not valid JSON/);
    expect(await page.getByTestId('predicted-label').count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Top scores' }).count()).toBe(0);
    await page.screenshot({ path: `${SCREENS}/test-window-not-json.png` });

    await instance.fill(zeros);
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByTestId('predicted-label').waitFor();
    expect(await statusText(page)).toMatch(ANSWER);
    await page.close();
  });
});
