/**
 * Drives the try-it page inside an image in Chromium: opens it with every request, console error and
 * CSP violation recorded, serves a project in process with the page (the Node runtime's own server
 * and the page's real bundle), and reads the page's first paint.
 */
import type { Browser, Page } from 'playwright-core';
import { prepareTryPage } from '../../main/runtimes/try-page.ts';
import { startServer, type RunningServer } from '../../templates/runtime-node/src/server.ts';

export interface OpenedPage {
  page: Page;
  /** Every URL the page asked for (documents, scripts, fetches, pictures). */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** The page's `securitypolicyviolation` events, as "<directive> <blocked URI>". */
  cspViolations(): Promise<string[]>;
}

/** Opens `url` (the page at a server's root) in a new page and waits for the page's script to have run. */
export async function openTryPage(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  // Evaluated by the browser before the page's own scripts; the page's CSP does not apply to it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  await page.goto(`${url}/`);
  return {
    page,
    requests,
    errors,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/** The page's first-contentful-paint, in milliseconds from navigation start, once it has painted. */
export async function firstContentfulPaint(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  return page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The Node runtime's server for `project` in this process, serving the page from the cache as an image does from /app/page. */
export async function servePage(project: string, apiKey?: string): Promise<RunningServer> {
  const page = await prepareTryPage();
  const server = await startServer({ project, port: 0, host: '127.0.0.1', log: false, apiKey, settings: { pageDir: page.dir } });
  await server.ready;
  return server;
}
