/**
 * The web mode (`craneml ui`): the app's renderer and CraneApi over HTTP, on 127.0.0.1 only,
 * behind a session token with Host and Origin checks. Routing, body limits and error answers are
 * the model server's own (main/http).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CraneCore } from '../api/crane-core.ts';
import { BodyBudget } from '../http/body.ts';
import { Exchange, type ExchangeShared } from '../http/exchange.ts';
import { ClientGoneError, HttpError, toHttpError } from '../http/http-errors.ts';
import { MAX_URL_LENGTH, Router } from '../http/router.ts';
import { CraneError } from '../errors.ts';
import { bundleRenderer, type RendererBundle } from '../bundling/bundle-renderer.ts';
import { callRoute, eventsRoute } from './api-routes.ts';
import { MAX_FORM_BYTES } from './call-args.ts';
import { appPage, SECURITY_HEADERS } from './page.ts';
import { createSessionGuard, type SessionGuard } from './session-guard.ts';

export const LOOPBACK = '127.0.0.1';

export interface WebServer {
  /** The address to open, with the session token. */
  url: string;
  port: number;
  close(): Promise<void>;
}

interface WebContext {
  core: CraneCore;
  guard: SessionGuard;
  bundle: RendererBundle;
  title: string;
  /** The cap on one stageModel upload (default MAX_STAGED_BYTES). */
  maxUploadBytes?: number;
  query: URLSearchParams;
}

const TOKEN_HEADER = 'x-craneml-token';

function buildRouter(): Router<WebContext> {
  const guarded =
    (handler: (exchange: Exchange, context: WebContext, params: Record<string, string>) => Promise<void> | void, via: 'query' | 'header') =>
    (exchange: Exchange, context: WebContext, params: Record<string, string>) => {
      const { req } = exchange;
      const token = via === 'query' ? (context.query.get('token') ?? undefined) : (req.headers[TOKEN_HEADER] as string | undefined);
      const refusal = context.guard.refuse(req.headers, token, req.socket.remoteAddress);
      if (refusal) throw new HttpError(403, 'UNAUTHORIZED', `${refusal}: open the address that craneml ui printed`);
      return handler(exchange, context, params);
    };
  return new Router<WebContext>()
    .add({
      label: '/',
      get: guarded((exchange, { guard, title }) => exchange.send(200, 'text/html; charset=utf-8', appPage(guard.token, title)), 'query'),
    })
    .add({ label: '/app.js', get: (exchange, { bundle }) => exchange.send(200, 'text/javascript; charset=utf-8', bundle.js) })
    .add({ label: '/app.css', get: (exchange, { bundle }) => exchange.send(200, 'text/css; charset=utf-8', bundle.css) })
    .add({
      label: '/api/call/{name}',
      post: guarded((exchange, { core, maxUploadBytes }, { name }) => callRoute(exchange, core, name!, maxUploadBytes), 'header'),
    })
    .add({
      label: '/api/events/{name}',
      get: guarded((exchange, { core, query }, { name }) => eventsRoute(exchange, core, name!, query), 'header'),
    });
}

async function answer(exchange: Exchange, router: Router<WebContext>, base: Omit<WebContext, 'query'>): Promise<void> {
  const target = exchange.req.url ?? '/';
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, 'URI_TOO_LONG', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  // A request target is a path: "//host/..." or "%%" must not be read as something else.
  if (!target.startsWith('/') || target.startsWith('//')) throw new HttpError(400, 'BAD_REQUEST', 'the request target must be a path');
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const match = router.match(path);
  if (!match) throw new HttpError(404, 'NOT_FOUND', `no such page: ${path.slice(0, 100)}`);
  exchange.route = match.route.label;
  const method = exchange.req.method ?? 'GET';
  const handler = method === 'GET' || method === 'HEAD' ? match.route.get : method === 'POST' ? match.route.post : undefined;
  if (!handler) {
    const allow = match.route.get ? 'GET, HEAD' : 'POST';
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `use ${allow.split(',')[0]}`, { Allow: allow });
  }
  await handler(exchange, { ...base, query: new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1)) }, match.params);
}

function failed(exchange: Exchange, error: unknown, log: (line: string) => void): void {
  if (error instanceof ClientGoneError) return exchange.abandon();
  const http = toHttpError(error);
  if (http.internal !== undefined)
    log(`error: ${http.internal instanceof Error ? (http.internal.stack ?? http.internal.message) : String(http.internal)}`);
  if (exchange.answered) return;
  if (exchange.res.headersSent) return exchange.abandon();
  exchange.error(http);
  exchange.discardBody();
}

/**
 * Serves the app for `core` on 127.0.0.1:`port` (0: any free port).
 * @example const server = await startWebServer(createCraneCore(), 0); console.log(server.url);
 */
export async function startWebServer(
  core: CraneCore,
  port: number,
  options: { title?: string; log?: (line: string) => void; host?: string; maxUploadBytes?: number } = {},
): Promise<WebServer> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK)
    throw new CraneError('USAGE', `the web mode listens on ${LOOPBACK} only (asked for ${host}): its API can start containers`);
  const log = options.log ?? (() => {});
  const bundle = await bundleRenderer();
  const server = http.createServer({ requestTimeout: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new CraneError('PORT_IN_USE', `port ${port} is already in use; pick another with --port`) : error,
      ),
    );
    server.listen(port, LOOPBACK, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const guard = createSessionGuard(bound);
  const router = buildRouter();
  const shared: ExchangeShared = { budget: new BodyBudget(4 * MAX_FORM_BYTES), onAnswer: () => {}, draining: false };
  const base = { core, guard, bundle, title: options.title ?? 'CraneML', maxUploadBytes: options.maxUploadBytes };
  server.on('request', (req, res) => {
    const exchange = new Exchange(req, res, shared);
    exchange.baseHeaders = SECURITY_HEADERS;
    answer(exchange, router, base).then(
      () => {
        if (!exchange.answered) failed(exchange, new Error(`route ${exchange.route} finished without an answer`), log);
      },
      (error: unknown) => failed(exchange, error, log),
    );
  });
  return {
    url: `http://${LOOPBACK}:${bound}/?token=${guard.token}`,
    port: bound,
    close: async () => {
      shared.draining = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
