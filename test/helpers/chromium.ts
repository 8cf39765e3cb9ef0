/**
 * Debian's Chromium for the tests, launched one way. Pages run in its headless shell (package
 * chromium-headless-shell: the same Chromium build without the browser's UI, the one Playwright runs
 * headless), which took 4.4 CPU-s where the full browser took 12.5 for the same ten wizard pages.
 * The app's end-to-end test keeps the full browser (`full: true`), as a user's browser opens the web mode.
 *
 * A worker runs one Chromium per executable and each test file connects to it: the file gets a Browser of
 * its own, whose close() closes the contexts (and pages) it opened and disconnects. Launching Chromium for
 * each of 34 files took about a core-second each (its browser, GPU, network and zygote processes starting).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { chromium, type Browser, type BrowserServer, type Download, type Page } from 'playwright-core';
import { RUN_CHROMIUM, RUN_TEMP_VARIABLE, TEMP_VARIABLES } from './leaks/file-temp.ts';

export const CHROMIUM_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_FULL = '/usr/bin/chromium';

/** The Chromium this worker runs, by executable; Playwright kills it when the worker exits. */
const servers = new Map<string, Promise<BrowserServer>>();

/** The browsers connected in this worker and not yet closed (each file closes its own): what a failed test's report reads. */
const connected = new Set<Browser>();

function serverFor(executablePath: string): Promise<BrowserServer> {
  let server = servers.get(executablePath);
  if (!server) {
    server = inRunChromiumFolder(() =>
      chromium.launchServer({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      }),
    );
    servers.set(executablePath, server);
    // A Chromium that crashed or was closed is launched again for the next file.
    void server.then(
      (launched) => launched.once('close', () => servers.delete(executablePath)),
      () => servers.delete(executablePath),
    );
  }
  return server;
}

/**
 * Runs `launch` with the temp directory at `<run>/chromium`, where Playwright makes the profile and
 * downloads folders: the Chromium outlives the test file whose temp directory it would otherwise use.
 */
async function inRunChromiumFolder<T>(launch: () => Promise<T>): Promise<T> {
  const runTemp = process.env[RUN_TEMP_VARIABLE];
  if (!runTemp) return launch();
  const folder = path.join(runTemp, RUN_CHROMIUM);
  mkdirSync(folder, { recursive: true });
  const saved = TEMP_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of TEMP_VARIABLES) process.env[name] = folder;
  try {
    return await launch();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A Browser of the calling test file's own, connected to this worker's Chromium (launched on first use). */
export async function launchChromium(options: { full?: boolean } = {}): Promise<Browser> {
  const executablePath = options.full ? CHROMIUM_FULL : CHROMIUM_SHELL;
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is needed (scripts/setup.sh installs it from Debian)`);
  const server = await serverFor(executablePath);
  const browser = await chromium.connect(server.wsEndpoint());
  connected.add(browser);
  browser.once('disconnected', () => connected.delete(browser));
  return browser;
}

/** Every page still open in the browsers connected in this worker. */
export function openPages(): Page[] {
  return [...connected].flatMap((browser) => browser.contexts().flatMap((context) => context.pages()));
}

/** A download's content as text: read through Playwright, as a connected browser's files stay on its side. */
export async function downloadedText(download: Download): Promise<string> {
  return text(await download.createReadStream());
}
