/**
 * app://craneml: the privileged scheme the renderer is loaded from (never file://). It serves
 * three fixed files of the renderer bundle, each with the web mode's strict CSP and headers.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { appPage, CSP, SECURITY_HEADERS } from '../web/page.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'craneml';

/** Registered before the app is ready: a standard, secure origin with fetch; no CORS bypass, no service workers. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * One request to app://craneml, answered from `rendererDir` (dist/renderer).
 * @example protocol.handle('app', (request) => serveRenderer(request, rendererDir));
 */
export async function serveRenderer(request: { url: string; method: string }, rendererDir: string): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
  const entry = Object.hasOwn(FILES, url.pathname) ? FILES[url.pathname] : undefined;
  if (!entry) return answer(404, 'not found');
  const body = await readFile(path.join(rendererDir, entry.file));
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': entry.type },
  });
}

/** The CSP again as a meta tag, for defence in depth (frame-ancestors is a header-only directive). */
const META_CSP = CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** The page the window loads (dist/renderer/index.html): the web mode's, with no session token and its CSP also in a meta tag. */
export function rendererPage(): string {
  return appPage('', 'CraneML').replace(
    '<meta charset="utf-8">',
    `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${META_CSP}">`,
  );
}
