/**
 * The try-it page (main/runtimes/try-page.ts made its files): read once at start from `page/`, then
 * GET / and /page/page.js, /page/page.css served from memory, gzipped when the client accepts it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../../../../main/http/exchange.ts';
import { CSP } from './docs.ts';

/** One of the page's files as sent: its bytes and its pre-gzipped bytes. */
interface PageFile {
  type: string;
  plain: Buffer;
  gzipped: Buffer;
}

export interface TryPageFiles {
  html: PageFile;
  script: PageFile;
  style: PageFile;
}

/** The pages' CSP with `blob:` pictures: the page shows a dropped picture (an object URL) beside its answer. */
export const PAGE_CSP = CSP.replace("img-src 'self' data:", "img-src 'self' data: blob:");

const HEADERS = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
  Vary: 'Accept-Encoding',
};

function readPageFile(dir: string, name: string, type: string): PageFile {
  return { type, plain: readFileSync(path.join(dir, name)), gzipped: readFileSync(path.join(dir, `${name}.gz`)) };
}

/**
 * The page's files, or undefined when `dir` is not given or holds no page (`craneml serve` from the
 * sources without one, an image built before the page existed): GET / is then the status page.
 * @example loadTryPage('/app/page')?.html.plain.length // 335
 */
export function loadTryPage(dir: string | undefined): TryPageFiles | undefined {
  if (!dir || !existsSync(path.join(dir, 'index.html'))) return undefined;
  return {
    html: readPageFile(dir, 'index.html', 'text/html; charset=utf-8'),
    script: readPageFile(dir, 'page.js', 'text/javascript; charset=utf-8'),
    style: readPageFile(dir, 'page.css', 'text/css; charset=utf-8'),
  };
}

/** Whether Accept-Encoding allows gzip (a `q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Sends one of the page's files, gzipped when the client accepts it. */
export function sendPageFile(exchange: Exchange, file: PageFile): void {
  if (acceptsGzip(exchange.req.headers['accept-encoding']))
    exchange.send(200, file.type, file.gzipped, { ...HEADERS, 'Content-Encoding': 'gzip' });
  else exchange.send(200, file.type, file.plain, HEADERS);
}
