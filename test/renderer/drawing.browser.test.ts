/** The drawing pad in real Chromium: the PNG it would send has the strokes where they were drawn, and nothing else. */
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './browser.ts';
import { stroke } from './pointer.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['drawing']);
});

afterAll(async () => {
  await harness?.close();
});

interface Picture {
  width: number;
  height: number;
  /** True where the pixel is ink (dark). */
  dark(x: number, y: number): boolean;
  /** How many dark pixels lie outside the rectangle [x0, x1) x [y0, y1). */
  darkOutside(x0: number, y0: number, x1: number, y1: number): number;
}

/**
 * The PNG the pad handed out last, decoded in Node; call it once the pen has lifted. Lifting hands the drawing
 * out at once (in the event's own handler, before the input is acknowledged), so the last PNG handed out is
 * the whole drawing: it waits only until the harness has read every PNG handed out so far.
 */
async function lastPng(page: Page): Promise<Picture> {
  const dataUrl = await page
    .waitForFunction(() => window.__pngCount > 0 && window.__pngCount === window.__pngHandedOut && window.__lastPng)
    .then((handle) => handle.jsonValue());
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
  const buffer = Buffer.from(String(dataUrl).split(',')[1]!, 'base64');
  const { data, info } = await sharp(buffer).raw().toBuffer({ resolveWithObject: true });
  const dark = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return (data[i]! + data[i + 1]! + data[i + 2]!) / 3 < 128;
  };
  return {
    width: info.width,
    height: info.height,
    dark,
    darkOutside(x0, y0, x1, y1) {
      let count = 0;
      for (let y = 0; y < info.height; y++)
        for (let x = 0; x < info.width; x++) if ((x < x0 || x >= x1 || y < y0 || y >= y1) && dark(x, y)) count++;
      return count;
    },
  };
}

describe('drawing pad to PNG', () => {
  it('sends a 280x280 PNG, white with dark ink along the stroke and nowhere else', async () => {
    const { page, errors } = await harness.open('drawing');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await stroke(page, canvas, [
      [40, 140],
      [240, 140],
    ]);
    const png = await lastPng(page);
    expect([png.width, png.height]).toEqual([280, 280]);
    for (const x of [40, 90, 140, 190, 240]) expect(png.dark(x, 140), `ink at (${x}, 140)`).toBe(true);
    expect(png.dark(140, 40)).toBe(false);
    expect(png.dark(5, 5)).toBe(false);
    expect(png.dark(275, 275)).toBe(false);
    // A pen of 18 px with round caps: ink stays within 10 px of the line.
    expect(png.darkOutside(28, 128, 253, 153)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hands out the PNG when the pen lifts, even with nothing moved since the last one', async () => {
    const { page } = await harness.open('drawing');
    await page.getByRole('application', { name: 'drawing', exact: true }).focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    // The pen rests, down: the PNG of the stroke so far is handed out.
    await page.waitForFunction(() => window.__pngCount > 0);
    const before = await page.evaluate(() => window.__pngCount);
    // Lifting it hands out the drawing again, by itself: once lifted, no timer is left to do it.
    await page.keyboard.press('Space');
    await page.waitForFunction((count) => window.__pngCount > count, before);
    await page.close();
  });

  it('removes ink where the eraser passes', async () => {
    const { page } = await harness.open('drawing');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await stroke(page, canvas, [
      [40, 140],
      [240, 140],
    ]);
    const eraser = page.getByRole('button', { name: 'Eraser' });
    await eraser.click();
    await expect.poll(() => eraser.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Pen' }).getAttribute('aria-pressed')).toBe('false');
    await stroke(page, canvas, [
      [140, 100],
      [140, 180],
    ]);
    const png = await lastPng(page);
    expect(png.dark(140, 140)).toBe(false);
    expect(png.dark(60, 140)).toBe(true);
    expect(png.dark(220, 140)).toBe(true);
    await page.close();
  });

  it('draws thicker with a bigger brush', async () => {
    const { page } = await harness.open('drawing');
    await page.getByLabel('Brush size').fill('40');
    await stroke(page, page.getByRole('application', { name: /drawing/i }), [
      [40, 140],
      [240, 140],
    ]);
    const png = await lastPng(page);
    expect(png.dark(140, 140 + 16)).toBe(true);
    expect(png.dark(140, 140 + 26)).toBe(false);
    await page.close();
  });

  it('empties the canvas on Clear', async () => {
    const { page } = await harness.open('drawing');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await stroke(page, canvas, [
      [40, 140],
      [240, 140],
    ]);
    await lastPng(page);
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await page.evaluate(() => window.__lastPng)).toBeNull();
    // The next drawing holds only the new stroke: the old line is gone.
    await stroke(page, canvas, [
      [140, 30],
      [140, 60],
    ]);
    const png = await lastPng(page);
    expect(png.dark(140, 45)).toBe(true);
    expect(png.dark(60, 140)).toBe(false);
    expect(png.darkOutside(120, 15, 160, 75)).toBe(0);
    await page.close();
  });

  it('hands out no PNG after Clear, even one still being encoded when Clear was pressed', async () => {
    const { page } = await harness.open('drawing');
    const canvas = page.getByRole('application', { name: /drawing/i });
    await canvas.focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForTimeout(600); // the pen rests: its PNG has landed
    const before = await page.evaluate(() => window.__pngCount);
    // Lifting the pen starts the PNG's encoding; Clear comes in the same task, before it is done.
    await page.evaluate(() => {
      document.querySelector('canvas')!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Clear')!.click();
    });
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => window.__lastPng)).toBeNull();
    expect(await page.evaluate(() => window.__pngCount)).toBe(before);
    await page.close();
  });

  it('draws from the keyboard: Tab to the canvas, Space to put the pen down, arrows to move, Space to lift', async () => {
    const { page, errors } = await harness.open('drawing');
    // Its accessible name is exactly "drawing" (a contract of the try-it page), its instructions tied to it.
    const canvas = page.getByRole('application', { name: 'drawing', exact: true });
    const hint = await canvas.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).textContent()).toMatch(/^Keyboard: arrow keys move the pen/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('CANVAS');
    // From the centre (140, 140): lift-free move left by 4 large steps, then draw right by 8.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Space');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Space');
    const png = await lastPng(page);
    for (const x of [28, 84, 140, 196, 252]) expect(png.dark(x, 140), `ink at (${x}, 140)`).toBe(true);
    // Moving with the pen up drew nothing; the keyboard's cursor is not in the picture.
    expect(png.darkOutside(14, 128, 266, 153)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
