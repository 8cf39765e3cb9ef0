/** Serves component harnesses (bundled with esbuild, under the app's CSP) to Debian's Chromium for component tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { RendererBundle } from '../../main/bundling/bundle-renderer.ts';
// The app's own Content-Security-Policy, so a harness breaks where the app would.
import { CSP } from '../../main/web/page.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { cachedBundle } from './bundle-cache.ts';

export interface Harness {
  browser: Browser;
  /** Opens the harness `name` (test/renderer/harness/<name>.tsx) in a new page; console and page errors are collected. */
  open(name: string, query?: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

function bundle(name: string): Promise<RendererBundle> {
  return cachedBundle(fileURLToPath(new URL(`./harness/${name}.tsx`, import.meta.url)));
}

export async function startHarness(names: string[]): Promise<Harness> {
  const bundles = new Map(await Promise.all(names.map(async (name) => [name, await bundle(name)] as const)));
  const server = http.createServer((req, res) => {
    const match = /^\/(\w[\w-]*)\.(html|js|css)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const found = match && bundles.get(match[1]!);
    if (!match || !found) {
      res.writeHead(404).end();
      return;
    }
    const [, name, ext] = match;
    const body =
      ext === 'html'
        ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/${name}.css"></head><body><main><div id="root"></div></main><script type="module" src="/${name}.js"></script></body></html>`
        : ext === 'js'
          ? found.js
          : found.css;
    const type = { html: 'text/html', js: 'text/javascript', css: 'text/css' }[ext as 'html' | 'js' | 'css'];
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Security-Policy': CSP }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    browser,
    async open(name, query = '') {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await page.goto(`${origin}/${name}.html${query}`);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
