/** GET /openapi.json, /docs (and its script and style) and the small status page at / when the image has no try-it page (routes/page.ts). */
import type { App } from '../app.ts';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../docs-assets.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';
import { openApiDocument } from '../openapi.ts';

/** The pages' CSP: scripts, styles, calls and pictures from this server only. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PAGE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** GET /openapi.json */
export function openapi(exchange: Exchange, app: App): void {
  exchange.json(
    200,
    app.cached('openapi', () => JSON.stringify(openApiDocument(app.manifest, { apiKey: app.checkKey !== undefined }))),
  );
}

export function docsPage(exchange: Exchange): void {
  exchange.send(200, 'text/html; charset=utf-8', DOCS_HTML, PAGE_HEADERS);
}

export function docsScript(exchange: Exchange): void {
  exchange.send(200, 'text/javascript; charset=utf-8', DOCS_JS, PAGE_HEADERS);
}

export function docsStyle(exchange: Exchange): void {
  exchange.send(200, 'text/css; charset=utf-8', DOCS_CSS, PAGE_HEADERS);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** GET /favicon.ico: nothing, but not a 404 in every browser console. */
export function favicon(exchange: Exchange): void {
  exchange.empty(204, { 'Cache-Control': 'max-age=86400' });
}

/** GET / without the try-it page (`server.page: false`): the model's name, status and links. */
export function index(exchange: Exchange, app: App): void {
  const { manifest } = app;
  const given = exchange.req.headers.host;
  const host = given && /^[\w.-]+(:\d+)?$|^\[[\d:a-fA-F]+\](:\d+)?$/.test(given) ? given : 'HOST:PORT';
  const name = escapeHtml(manifest.name);
  const status = app.ready ? 'ready' : app.state;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} ${escapeHtml(manifest.version)}</title><link rel="stylesheet" href="/docs/docs.css"></head>
<body><main>
<h1>${name} <small>${escapeHtml(manifest.version)}</small></h1>
<p class="desc">${escapeHtml(manifest.description ?? '')}</p>
<p>Status: <strong id="status">${status}</strong> · format ${escapeHtml(manifest.format)} · input ${escapeHtml(manifest.input.kind)}</p>
<p><a href="/docs">API docs</a> · <a href="/openapi.json">openapi.json</a> · <a href="/metadata">metadata</a> · <a href="/metrics">metrics</a></p>
<pre>curl -X POST -H 'Content-Type: ${manifest.input.kind === 'image' ? 'image/png' : 'application/json'}' --data-binary @${manifest.input.kind === 'image' ? 'picture.png' : 'instances.json'} http://${escapeHtml(host)}/predict</pre>
</main></body></html>
`;
  exchange.send(200, 'text/html; charset=utf-8', html, PAGE_HEADERS);
}
