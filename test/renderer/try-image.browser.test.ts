/**
 * The try-it controls for an image model in Chromium against the real model server (`craneml serve` of the
 * digits model, with a 64 KB body limit): a 7 drawn by keyboard only is answered as one drawn by the
 * pointer is; a picture chosen in "Picture" or dropped is answered with what the model saw; a picture over
 * the body limit is refused before sending, with the limit named; one over the pixel limit is refused by
 * the server in words; the pad keeps working after each refusal.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVEN } from '../e2e/app-driver.ts';
import { DIGITS, digitsProject, pngClaiming } from '../runtime/helpers.ts';
import { controlNames } from './accessible-names.ts';
import { stroke } from './pointer.ts';
import { SCREENS } from './screens.ts';
import { ANSWERED, serveForHarness, startTryPanel, type TryPanel } from './try-panel-server.ts';

const BODY_LIMIT = 64 * 1024;
let tryPanel: TryPanel;
let project: string;

beforeAll(async () => {
  project = await digitsProject({ max_body_bytes: BODY_LIMIT });
  tryPanel = await startTryPanel(project);
}, 120_000);

afterAll(async () => {
  await tryPanel?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** Opens the controls against the server; `posts` collects the URL of every POST the page makes. */
async function open(): Promise<{ page: Page; errors: string[]; posts: string[] }> {
  const opened = await tryPanel.open((request) => request.url());
  await opened.page.getByRole('application', { name: 'drawing', exact: true }).waitFor();
  return opened;
}

const status = (page: Page) => page.getByRole('status');

/**
 * Waits until the status region shows `label`: answers to the stroke so far arrive while it is drawn, and on
 * a loaded machine the one to the finished drawing may come a while after them.
 */
async function expectAnswer(page: Page, label: string): Promise<void> {
  await expect.poll(() => status(page).innerText(), ANSWERED).toMatch(new RegExp(`^${label} — \\d+\\.\\d%$`));
}

/** Draws the pointer's SEVEN (60,50)→(220,50)→(130,250) with the keyboard only, from the pen's start at the centre. */
async function drawSevenByKeyboard(page: Page): Promise<void> {
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
  };
  // Pen up, to (56, 56); down; right along the top to (224, 56); down and left to (126, 252); up.
  await press('Shift+ArrowLeft', 3);
  await press('Shift+ArrowUp', 3);
  await press('Space');
  await press('Shift+ArrowRight', 6);
  for (let i = 0; i < 14; i++) {
    await press('ArrowDown', 2);
    await press('ArrowLeft');
  }
  await press('Space');
}

describe('try-it controls for an image model, against the real model server', () => {
  it('answers a 7 drawn by keyboard only, as the same 7 drawn by the pointer', async () => {
    const { page, errors, posts } = await open();
    const canvas = page.getByRole('application', { name: 'drawing', exact: true });
    const hint = await canvas.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).textContent()).toMatch(/arrow keys move the pen.*Space or Enter puts it down/);
    await page.keyboard.press('Tab');
    expect(await canvas.evaluate((element) => element === document.activeElement)).toBe(true);
    // The keyboard's pen is visible while the canvas has the focus.
    expect(await page.locator('.key-cursor').isVisible()).toBe(true);

    await drawSevenByKeyboard(page);
    await expectAnswer(page, '7');
    expect(await status(page).textContent()).toMatch(/^7 — \d+\.\d%$/);
    expect(await page.getByRole('img', { name: 'What the model sees' }).count()).toBe(1);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((url) => url === `${tryPanel.server.url}/predict?preview=true`)).toBe(true);
    await page.screenshot({ path: `${SCREENS}/try-image-keyboard-seven.png` });

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => status(page).textContent()).toBe('No prediction yet');
    await stroke(page, canvas, SEVEN);
    await expectAnswer(page, '7');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names every control, the canvas "drawing" and the file input "Picture" among them', async () => {
    const { page } = await open();
    const controls = (await controlNames(page)).map((control) => `${control.role}: ${control.name}`);
    expect(controls.filter((control) => /: $/.test(control))).toEqual([]);
    expect(controls).toEqual(
      expect.arrayContaining(['button: Picture', 'button: Pen', 'button: Eraser', 'button: Clear', 'slider: Brush size']),
    );
    expect(await page.getByRole('application', { name: 'drawing', exact: true }).count()).toBe(1);
    await page.close();
  });

  it('answers a picture chosen in "Picture", and one dropped on the pad, showing what the model saw', async () => {
    const { page, errors } = await open();
    const picture = page.getByLabel('Picture', { exact: true });
    expect(await picture.getAttribute('accept')).toBe('image/png,image/jpeg');
    expect(await page.getByText('A PNG or JPEG of at most 64.0 KB').count()).toBe(1);
    const seven = await readFile(path.join(DIGITS, 'samples/7.png'));
    await picture.setInputFiles({ name: '7.png', mimeType: 'image/png', buffer: seven });
    await expectAnswer(page, '7');
    expect(await page.getByRole('img', { name: 'The picture you sent' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'What the model sees' }).count()).toBe(1);

    const zero = await readFile(path.join(DIGITS, 'samples/0.png'));
    const transfer = await page.evaluateHandle(
      (bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], '0.png', { type: 'image/png' }));
        return data;
      },
      [...zero],
    );
    await page.locator('.drop-area').dispatchEvent('drop', { dataTransfer: transfer });
    await expectAnswer(page, '0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a picture over the body limit before sending it, naming the limit, and keeps drawing', async () => {
    const { page, posts } = await open();
    // Noise does not compress: 200x200 RGB is ~120 KB as PNG, over the 64 KB limit.
    const noise = randomBytes(200 * 200 * 3);
    const big = await sharp(noise, { raw: { width: 200, height: 200, channels: 3 } })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(BODY_LIMIT);
    await page.getByLabel('Picture', { exact: true }).setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: big });
    await expect
      .poll(() => status(page).textContent())
      .toMatch(/^That picture is \d+\.\d KB; this model takes at most 64\.0 KB in one request\.$/);
    expect(posts).toEqual([]);
    await page.screenshot({ path: `${SCREENS}/try-image-too-large.png` });

    await page.getByRole('application', { name: 'drawing', exact: true }).focus();
    await drawSevenByKeyboard(page);
    await expectAnswer(page, '7');
    await page.close();
  });

  it('refuses a drawing over the body limit before sending it too', async () => {
    // The smallest limit a manifest allows: a drawn 7 is a few KB as PNG.
    const tiny = await digitsProject({ max_body_bytes: 1024 });
    const small = await serveForHarness(tiny);
    try {
      const { page, posts } = await tryPanel.open((request) => request.url(), small.url);
      await stroke(page, page.getByRole('application', { name: 'drawing', exact: true }), SEVEN);
      await expect
        .poll(() => status(page).textContent())
        .toMatch(/^The drawing is \d+\.\d KB; this model takes at most 1\.0 KB in one request\.$/);
      expect(posts).toEqual([]);
      await page.close();
    } finally {
      await small.stop();
      await rm(tiny, { recursive: true, force: true });
    }
  });

  it("answers a picture over the server's pixel limit in words, and keeps drawing", async () => {
    const { page, posts } = await open();
    const huge = pngClaiming(20_000, 20_000);
    await page.getByLabel('Picture', { exact: true }).setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
    await expect
      .poll(() => status(page).textContent(), ANSWERED)
      .toMatch(/^Too large for this model: the image is 20000x20000 pixels, more than the limit of \d+\.$/);
    expect(posts).toHaveLength(1);
    expect(await page.getByTestId('predicted-label').count()).toBe(0);

    await stroke(page, page.getByRole('application', { name: 'drawing', exact: true }), SEVEN);
    await expectAnswer(page, '7');
    await page.close();
  });
});
