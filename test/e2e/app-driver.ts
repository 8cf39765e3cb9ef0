/** Drives `craneml ui` in Debian's Chromium: starts the app, draws with the mouse, finds controls without a name, saves screenshots. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const ARTIFACTS = path.resolve('test-artifacts/e2e');

export interface RunningUi {
  url: string;
  process: ChildProcess;
}

/** Starts `craneml ui` with its own HOME and config folder, and resolves with the address it prints. */
export function startUi(home: string): Promise<RunningUi> {
  const child = spawn(process.execPath, ['bin/craneml.js', 'ui', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, CRANEML_CONFIG_DIR: path.join(home, 'config') },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`craneml ui did not start: ${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1]!, process: child });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`craneml ui exited with ${code}: ${output}`)));
  });
}

/** Drags the mouse through `points`, given in the canvas's own 280x280 coordinates, as one stroke. */
export async function stroke(canvas: Locator, points: [number, number][]): Promise<void> {
  const page = canvas.page();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
  await page.mouse.up();
}

export const SEVEN: [number, number][] = [
  [60, 50],
  [220, 50],
  [130, 250],
];

export const ZERO: [number, number][] = [...Array(25).keys()].map((i) => [
  140 + 60 * Math.sin((i / 24) * 2 * Math.PI),
  140 - 95 * Math.cos((i / 24) * 2 * Math.PI),
]);

const CONTROL_ROLES = /^\s*- (button|link|textbox|checkbox|radio|combobox|spinbutton|slider|switch|tab|menuitem|searchbox)\b(.*)$/;

/** Controls in the accessibility tree that have no accessible name (the aria snapshot prints a name in quotes). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree
    .split('\n')
    .filter((line) => {
      const match = CONTROL_ROLES.exec(line);
      return match !== null && !/^\s*"/.test(match[2]!);
    })
    .map((line) => line.trim());
}

/** Presses Tab until the focused element's accessible name matches, like a keyboard user looking for a control. */
export async function tabTo(page: Page, name: RegExp, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
      return `${labelled} ${el.textContent ?? ''}`.trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`no control matching ${name} reached with Tab`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
