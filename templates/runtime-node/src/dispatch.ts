/** Handles one request: path checks, CORS, routing, method, API key, then the route; every failure becomes an error answer. */
import type { App } from './app.ts';
import { ClientGoneError, HttpError, toHttpError } from '../../../main/http/http-errors.ts';
import type { Exchange } from '../../../main/http/exchange.ts';
import { MAX_URL_LENGTH, type Router } from '../../../main/http/router.ts';

/** The methods a route answers, as an `Allow` header lists them. */
function allowedMethods(found: { get?: unknown; post?: unknown }): string {
  return [...(found.get ? ['GET', 'HEAD'] : []), ...(found.post ? ['POST'] : []), 'OPTIONS'].join(', ');
}

async function route(exchange: Exchange, app: App, router: Router<App>): Promise<void> {
  const { req } = exchange;
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  exchange.path = path;
  exchange.v2 = path === '/v2' || path.startsWith('/v2/');
  exchange.baseHeaders = app.cors.headers(req.headers);
  if (url.length > MAX_URL_LENGTH) throw new HttpError(414, 'URI_TOO_LONG', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  if (!path.startsWith('/')) throw new HttpError(400, 'BAD_REQUEST', 'the request target must be a path');
  const match = router.match(path);
  if (!match) throw new HttpError(404, 'NOT_FOUND', `no such endpoint: ${path.slice(0, 100)} (see /docs)`);
  const { route: found, params } = match;
  exchange.route = found.label;
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    exchange.empty(204, app.cors.preflight(req.headers, allowedMethods(found)));
    return;
  }
  const handler = method === 'GET' || method === 'HEAD' ? found.get : method === 'POST' ? found.post : undefined;
  if (!handler) {
    const allow = allowedMethods(found);
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${found.label}; use ${allow.split(',')[0]}`, {
      Allow: allow,
    });
  }
  if (app.checkKey && !found.open && !app.checkKey(req.headers)) {
    throw new HttpError(401, 'UNAUTHORIZED', 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  await handler(exchange, app, params);
}

function fail(exchange: Exchange, app: App, error: unknown): void {
  if (error instanceof ClientGoneError) {
    exchange.abandon();
    return;
  }
  const http = toHttpError(error);
  if (http.internal !== undefined) {
    const cause = http.internal;
    app.log.event('error', 'unexpected error while answering a request', {
      id: exchange.id,
      route: exchange.route,
      error: cause instanceof Error ? cause.stack : String(cause),
    });
  }
  if (exchange.answered) return;
  if (exchange.res.headersSent) {
    exchange.abandon();
    return;
  }
  exchange.error(http);
  exchange.discardBody();
}

/**
 * Answers one request; never throws.
 * @example server.on('request', (req, res) => dispatch(new Exchange(req, res, shared), app, router));
 */
export function dispatch(exchange: Exchange, app: App, router: Router<App>): void {
  route(exchange, app, router).then(
    () => {
      if (!exchange.answered) fail(exchange, app, new Error(`route ${exchange.route} finished without an answer`));
    },
    (error: unknown) => fail(exchange, app, error),
  );
}
