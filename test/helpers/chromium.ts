/**
 * Debian's Chromium for the tests, launched one way. Pages run in its headless shell (package
 * chromium-headless-shell: the same Chromium build without the browser's UI, the one Playwright runs
 * headless), which took 4.4 CPU-s where the full browser took 12.5 for the same ten wizard pages.
 * The app's end-to-end test keeps the full browser (`full: true`), as a user's browser opens the web mode.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_FULL = '/usr/bin/chromium';

/** The browsers launched in this worker and not yet closed (each file closes its own): what a failed test's report reads. */
const launched = new Set<Browser>();

export async function launchChromium(options: { full?: boolean } = {}): Promise<Browser> {
  const executablePath = options.full ? CHROMIUM_FULL : CHROMIUM_SHELL;
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is needed (scripts/setup.sh installs it from Debian)`);
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  launched.add(browser);
  browser.once('disconnected', () => launched.delete(browser));
  return browser;
}

/** Every page still open in the browsers launched in this worker. */
export function openPages(): Page[] {
  return [...launched].flatMap((browser) => browser.contexts().flatMap((context) => context.pages()));
}
