/** The try-it controls' harness against the real model server (`craneml serve`), as the try-* browser tests open it. */
import type { Page, Request } from 'playwright-core';
import { serve, type Served } from '../runtime/helpers.ts';
import { startHarness, type Harness } from './browser.ts';

/** How long an answer from the server may take on a loaded machine (the polls end as soon as it is shown). */
export const ANSWERED = { timeout: 20_000 };

export interface TryPanel {
  server: Served;
  /**
   * Opens the controls against the server at `url` (this fixture's server by default); `posts` collects
   * what `read` takes from every POST the page makes.
   */
  open<T>(read: (request: Request) => T, url?: string): Promise<{ page: Page; errors: string[]; posts: T[] }>;
  /** Closes the browser, then stops the server (the project stays the caller's). */
  close(): Promise<void>;
}

/** Serves `project` so that a harness page, which has its own origin, may read its answers as the app's may. */
export function serveForHarness(project: string): Promise<Served> {
  return serve(project, { args: ['--cors', 'http://127.0.0.1:*'] });
}

/** Serves `project` and starts the try-panel harness in Chromium; a failed start leaves nothing running. */
export async function startTryPanel(project: string): Promise<TryPanel> {
  const server = await serveForHarness(project);
  let harness: Harness;
  try {
    harness = await startHarness(['try-panel']);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    async open<T>(read: (request: Request) => T, url = server.url) {
      const { page, errors } = await harness.open('try-panel', `?url=${encodeURIComponent(url)}`);
      const posts: T[] = [];
      page.on('request', (request) => request.method() === 'POST' && posts.push(read(request)));
      return { page, errors, posts };
    },
    async close() {
      await harness.close();
      await server.stop();
    },
  };
}
