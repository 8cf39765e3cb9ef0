/**
 * What a page of the app may do beyond itself: nothing. Navigation and new windows are denied;
 * a model file dropped on the window (a file:// navigation) is opened in the wizard instead, and
 * a link the app produced (a running model's /docs) opens in the system browser.
 */
import { fileURLToPath } from 'node:url';
import { shell, type WebContents } from 'electron';
import type { ExternalLinks } from './external-links.ts';
import { isModelFile } from './model-files.ts';

export interface GuardOptions {
  links: ExternalLinks;
  /** A model file was dropped on the window. */
  onOpenFile(file: string): void;
}

/** The local path of a dropped model file, when a navigation is one. */
export function droppedModelFile(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(url);
    return isModelFile(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens a link in the system browser if the app produced it (http(s) only); the one call of
 * shell.openExternal in the app.
 */
export function openProducedLink(links: ExternalLinks, url: string): boolean {
  if (!links.allows(url)) return false;
  // Reviewed: `url` is an http(s) URL the core answered (ExternalLinks.allows), never page input as such.
  void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

/** @example guardContents(window.webContents, { links, onOpenFile: (file) => opener.open(file) }); */
export function guardContents(contents: WebContents, options: GuardOptions): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    const file = droppedModelFile(url);
    if (file) options.onOpenFile(file);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openProducedLink(options.links, url);
    return { action: 'deny' };
  });
}
