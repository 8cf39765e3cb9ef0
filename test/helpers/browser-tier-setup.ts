/**
 * vitest setupFiles of the browser tier: a failed test prints what each page still open showed, since
 * a timeout alone ("no heading within 30 s") does not say whether the app refused, erred or still worked.
 */
import { beforeEach } from 'vitest';
import { openPages } from './chromium.ts';

const SHOWN_CHARS = 4_000;

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    for (const page of openPages()) {
      const shown = await page
        .evaluate(() => document.body?.innerText ?? '')
        .catch((error: unknown) => `(could not be read: ${String(error)})`);
      console.error(`[page at failure] ${page.url()}\n${shown.slice(0, SHOWN_CHARS)}`);
    }
  });
});
