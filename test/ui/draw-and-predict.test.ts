/** The web mode in real Chromium: draw digits with the mouse, read the model's answer, and the guards around the API. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
let ui: ChildProcess;
let url: string;
let browser: Browser;

async function startUi(): Promise<string> {
  ui = spawn(process.execPath, ['bin/craneml.js', 'ui', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`craneml ui did not start: ${output}`)), 60_000);
    ui.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    ui.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    ui.once('exit', (code) => reject(new Error(`craneml ui exited with ${code}: ${output}`)));
  });
}

/** Drags the mouse through `points` (in the canvas's 280x280 coordinates) as one stroke. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('canvas.drawing').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
  await page.mouse.up();
}

async function predicted(page: Page): Promise<string> {
  await page.getByTestId('predicted-label').waitFor();
  await page.waitForFunction(() => !document.querySelector('.busy'));
  return (await page.getByTestId('predicted-label').textContent()) ?? '';
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is needed (scripts/setup.sh installs Debian's chromium)`).toBe(true);
  url = await startUi();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  ui?.kill('SIGTERM');
});

describe('craneml ui in Chromium', () => {
  it('predicts digits drawn with the mouse and shows the picture the model saw', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(url);
    await page.getByRole('heading', { name: 'digits 1.0.0' }).waitFor();

    await stroke(page, [
      [140, 40],
      [140, 240],
    ]);
    expect(await predicted(page)).toBe('1');

    await page.getByRole('button', { name: 'Clear' }).click();
    await stroke(page, [
      [60, 50],
      [220, 50],
      [130, 250],
    ]);
    expect(await predicted(page)).toBe('7');

    await page.getByRole('button', { name: 'Clear' }).click();
    const ring: [number, number][] = [...Array(25).keys()].map((i) => [
      140 + 60 * Math.sin((i / 24) * 2 * Math.PI),
      140 - 95 * Math.cos((i / 24) * 2 * Math.PI),
    ]);
    await stroke(page, ring);
    expect(await predicted(page)).toBe('0');

    const preview = page.getByTestId('model-input-preview');
    expect(await preview.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([28, 28]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses the page without the session token and the API from another origin', async () => {
    const origin = new URL(url).origin;
    const token = new URL(url).searchParams.get('token')!;
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/api/model`)).status).toBe(403);
    expect((await fetch(`${origin}/api/model`, { headers: { 'X-CraneML-Token': token } })).status).toBe(200);
    const crossSite = await fetch(`${origin}/api/model`, { headers: { 'X-CraneML-Token': token, Origin: 'http://attacker.example' } });
    expect(crossSite.status).toBe(403);
    const page = await fetch(url);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
  });

  it('refuses another Host name (DNS rebinding) and request targets that are not paths', async () => {
    const { port } = new URL(url);
    const token = new URL(url).searchParams.get('token')!;
    const status = (target: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: target, headers: { Host: host, 'X-CraneML-Token': token } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('/api/model', `127.0.0.1:${port}`)).toBe(200);
    expect(await status('/api/model', `localhost:${port}`)).toBe(200);
    expect(await status('/api/model', `rebound.example:${port}`)).toBe(403);
    expect(await status('//%%', `127.0.0.1:${port}`)).toBe(400);
    expect(await status(`//attacker.example/?token=${token}`, `127.0.0.1:${port}`)).toBe(400);
  });

  it('answers a non-image or oversized upload with a clear error and keeps serving', async () => {
    const origin = new URL(url).origin;
    const headers = { 'X-CraneML-Token': new URL(url).searchParams.get('token')! };
    const text = await fetch(`${origin}/api/predict`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'text/plain' },
      body: 'hi',
    });
    expect(text.status).toBe(415);
    const corrupt = await fetch(`${origin}/api/predict`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'image/png' },
      body: 'not a png',
    });
    expect(corrupt.status).toBe(422);
    expect((await corrupt.json()).error.message).toMatch(/PNG or JPEG/);
    const huge = await fetch(`${origin}/api/predict`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'image/png' },
      body: new Uint8Array(11 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect((await fetch(`${origin}/api/predict`, { headers })).status).toBe(405);
    expect((await fetch(`${origin}/api/predict`, { headers })).headers.get('allow')).toBe('POST');
    expect((await fetch(`${origin}/api/model`, { headers })).status).toBe(200);
  });
});
