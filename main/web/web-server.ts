/**
 * The web mode (`craneml ui`): the app's renderer and CraneApi over HTTP, on 127.0.0.1 only,
 * behind a session token with Host and Origin checks. Dispatch, routing, body limits and error
 * answers are the model server's own (main/http).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CraneCore } from '../api/crane-core.ts';
import { BodyBudget } from '../http/body.ts';
import { Exchange, type ExchangeShared } from '../http/exchange.ts';
import { createDispatcher } from '../http/dispatch.ts';
import { HttpError } from '../http/http-errors.ts';
import { Router } from '../http/router.ts';
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

/**
 * Makes `server` answer as the web mode reached at 127.0.0.1:`port` (startWebServer listens first;
 * a test hands the server to request() instead). Returns the session token.
 */
export function attachWebMode(
  server: http.Server,
  core: CraneCore,
  port: number,
  bundle: RendererBundle,
  options: { title?: string; log?: (line: string) => void; maxUploadBytes?: number; shared?: ExchangeShared } = {},
): string {
  const log = options.log ?? (() => {});
  const guard = createSessionGuard(port);
  const shared = options.shared ?? { budget: new BodyBudget(4 * MAX_FORM_BYTES), onAnswer: () => {}, draining: false };
  const base = { core, guard, bundle, title: options.title ?? 'CraneML', maxUploadBytes: options.maxUploadBytes };
  const dispatch = createDispatcher<WebContext>({
    router: buildRouter(),
    begin(exchange) {
      exchange.baseHeaders = SECURITY_HEADERS;
    },
    notFound: (path) => `no such page: ${path}`,
    context: (_exchange, query) => ({ ...base, query: new URLSearchParams(query) }),
    logInternal(_exchange, cause) {
      log(`error: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
    },
  });
  server.on('request', (req, res) => dispatch(new Exchange(req, res, shared)));
  return guard.token;
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
  const shared: ExchangeShared = { budget: new BodyBudget(4 * MAX_FORM_BYTES), onAnswer: () => {}, draining: false };
  const token = attachWebMode(server, core, bound, bundle, { ...options, shared });
  return {
    url: `http://${LOOPBACK}:${bound}/?token=${token}`,
    port: bound,
    close: async () => {
      shared.draining = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
