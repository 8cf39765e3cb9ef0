/**
 * The web mode (`craneml ui`): the renderer's draw-and-predict page and its API, served on
 * 127.0.0.1 only, behind a session token, running the project's model in this process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CraneError, InputError } from '../errors.ts';
import type { Predictor } from '../inference/predictor.ts';
import { bundleRenderer, type RendererBundle } from './bundle-renderer.ts';
import { predictDrawing } from './drawing-prediction.ts';
import { createSessionGuard, type SessionGuard } from './session-guard.ts';

const MAX_DRAWING_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function page(token: string, title: string): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="craneml-token" content="${escape(token)}"><title>${escape(title)}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/app.css"></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>
`;
}

/** The pages and their methods; anything else is 404, another method 405. */
const ROUTES: Record<string, string> = { '/': 'GET', '/app.js': 'GET', '/app.css': 'GET', '/api/model': 'GET', '/api/predict': 'POST' };

/** Past this much, an oversized upload is cut off instead of read to its end. */
const MAX_DISCARDED_BYTES = 8 * MAX_DRAWING_BYTES;

/**
 * The upload, at most MAX_DRAWING_BYTES. An oversized one is read on (and thrown away) up to a
 * bound, so that the client, still sending, gets the 413 rather than a broken connection.
 */
async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DISCARDED_BYTES) {
      req.destroy();
      break;
    }
    if (size <= MAX_DRAWING_BYTES) chunks.push(chunk);
  }
  if (size > MAX_DRAWING_BYTES) throw new HttpFailure(413, `a drawing may be at most ${MAX_DRAWING_BYTES / 1024 / 1024} MB`);
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) =>
  send(res, status, 'application/json', JSON.stringify(value), extra);

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  predictor: Predictor,
  guard: SessionGuard,
  bundle: RendererBundle,
) {
  const target = req.url ?? '/';
  // A request target is a path: "//host/..." or "%%" must not be read as something else.
  if (!target.startsWith('/') || target.startsWith('//')) throw new HttpFailure(400, 'the request target must be a path');
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
    decodeURIComponent(url.pathname);
  } catch {
    throw new HttpFailure(400, 'the request target is not a valid URL path');
  }
  const method = req.method ?? 'GET';
  const allowed = ROUTES[url.pathname];
  if (!allowed) throw new HttpFailure(404, `no such page: ${url.pathname.slice(0, 100)}`);
  if (method !== allowed) throw new HttpFailure(405, `use ${allowed}`, { Allow: allowed });
  if (url.pathname === '/app.js' || url.pathname === '/app.css') {
    send(res, 200, url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', url.pathname.endsWith('.js') ? bundle.js : bundle.css);
    return;
  }
  const isApi = url.pathname.startsWith('/api/');
  const refusal = guard.refuse(
    req.headers,
    isApi ? (req.headers['x-craneml-token'] as string | undefined) : (url.searchParams.get('token') ?? undefined),
  );
  if (refusal) throw new HttpFailure(403, `${refusal}: open the address that craneml ui printed`);
  if (url.pathname === '/') {
    send(res, 200, 'text/html; charset=utf-8', page(guard.token, `${predictor.manifest.name} — CraneML`));
    return;
  }
  if (url.pathname === '/api/model') {
    const { name, version, input, labels } = predictor.manifest;
    sendJson(res, 200, { name, version, input: input.kind === 'image' ? 'image' : 'tensor', labels: labels ?? [] });
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!IMAGE_TYPES.has(type)) throw new HttpFailure(415, 'send the drawing as image/png or image/jpeg');
  const drawing = await predictDrawing(predictor, await readBody(req));
  sendJson(res, 200, { ...(drawing.prediction as object), preview: drawing.preview });
}

function failureOf(error: unknown): { status: number; message: string; headers?: Record<string, string> } {
  if (error instanceof HttpFailure) return { status: error.status, message: error.message, headers: error.headers };
  if (error instanceof InputError) return { status: error.code === 'INPUT_TOO_LARGE' ? 413 : 422, message: error.message };
  return { status: 500, message: 'the drawing could not be predicted (see the terminal running craneml ui)' };
}

/** The client went away mid-upload: nothing to answer, nothing to log. */
function clientGone(req: http.IncomingMessage, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return !req.complete && (code === 'ECONNRESET' || code === 'ECONNABORTED' || (error as Error | undefined)?.message === 'aborted');
}

/** Starts the web mode for `predictor` on 127.0.0.1:`port` (0: any free port). */
export async function startUiServer(predictor: Predictor, port: number, log: (line: string) => void = () => {}): Promise<UiServer> {
  const bundle = await bundleRenderer();
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new CraneError('USAGE', `port ${port} is already in use; pick another with --port`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const guard = createSessionGuard(bound);
  server.on('request', (req, res) => {
    answer(req, res, predictor, guard, bundle).catch((error: unknown) => {
      if (clientGone(req, error)) return void res.destroy();
      const failure = failureOf(error);
      if (failure.status === 500) log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendJson(res, failure.status, { error: { message: failure.message } }, failure.headers);
      else res.destroy();
      req.resume();
    });
  });
  return {
    url: `http://127.0.0.1:${bound}/?token=${guard.token}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
