/** Draws with the mouse: points in the canvas's own 280x280 coordinates become one drag across the page. */
import type { Locator, Page } from 'playwright-core';

const SIZE = 280;

export async function stroke(page: Page, canvas: Locator, points: [number, number][]): Promise<void> {
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / SIZE, box.y + (y * box.height) / SIZE] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 10 });
  await page.mouse.up();
}
