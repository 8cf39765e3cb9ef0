/** The one request dispatcher of the model server and the web mode: target checks, routing, methods, error answers. */
import { ClientGoneError, HttpError, toHttpError } from './http-errors.ts';
import type { Exchange } from './exchange.ts';
import { MAX_URL_LENGTH, type Route, type Router } from './router.ts';

/** What differs between the stacks that share this dispatcher (the model server, the web mode). */
export interface Stack<C> {
  router: Router<C>;
  /** Runs first, once the path is known: headers every answer carries, the error style. */
  begin(exchange: Exchange): void;
  /** The 404 message for a path no route matches. */
  notFound(path: string): string;
  /** The headers of a 204 answer to OPTIONS; without it OPTIONS is not answered (405). */
  preflight?(exchange: Exchange, allow: string): Record<string, string>;
  /** Throws (401, 403) when the request may not reach the route's handler. */
  authorize?(exchange: Exchange, route: Route<C>): void;
  /** What the handler gets, from the query string ('' without one). */
  context(exchange: Exchange, query: string): C;
  /** An unexpected failure: the client gets a generic 500, the stack logs the cause. */
  logInternal(exchange: Exchange, cause: unknown): void;
}

/** The methods a route answers, as an `Allow` header lists them: GET and HEAD, POST, and OPTIONS where it is answered. */
export function allowedMethods(route: { get?: unknown; post?: unknown }, options: boolean): string {
  return [...(route.get ? ['GET', 'HEAD'] : []), ...(route.post ? ['POST'] : []), ...(options ? ['OPTIONS'] : [])].join(', ');
}

async function answer<C>(exchange: Exchange, stack: Stack<C>): Promise<void> {
  const { req } = exchange;
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  exchange.path = path;
  stack.begin(exchange);
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, 'URI_TOO_LONG', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  // A request target is a path: "//host/..." or "%%" must not be read as something else.
  if (!path.startsWith('/') || path.startsWith('//')) throw new HttpError(400, 'BAD_REQUEST', 'the request target must be a path');
  const match = stack.router.match(path);
  if (!match) throw new HttpError(404, 'NOT_FOUND', stack.notFound(path.slice(0, 100)));
  const { route, params } = match;
  exchange.route = route.label;
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS' && stack.preflight) {
    exchange.empty(204, stack.preflight(exchange, allowedMethods(route, true)));
    return;
  }
  const handler = method === 'GET' || method === 'HEAD' ? route.get : method === 'POST' ? route.post : undefined;
  if (!handler) {
    const allow = allowedMethods(route, stack.preflight !== undefined);
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${route.label}; use ${allow.split(',')[0]}`, {
      Allow: allow,
    });
  }
  stack.authorize?.(exchange, route);
  await handler(exchange, stack.context(exchange, queryAt < 0 ? '' : target.slice(queryAt + 1)), params);
}

function fail<C>(exchange: Exchange, stack: Stack<C>, error: unknown): void {
  if (error instanceof ClientGoneError) {
    exchange.abandon();
    return;
  }
  const http = toHttpError(error);
  if (http.internal !== undefined) stack.logInternal(exchange, http.internal);
  if (exchange.answered) return;
  if (exchange.res.headersSent) {
    exchange.abandon();
    return;
  }
  exchange.error(http);
  exchange.discardBody();
}

/**
 * A function that answers one request and never throws; every failure becomes an error answer.
 * @example const dispatch = createDispatcher(stack); server.on('request', (req, res) => dispatch(new Exchange(req, res, shared)));
 */
export function createDispatcher<C>(stack: Stack<C>): (exchange: Exchange) => void {
  return (exchange) => {
    answer(exchange, stack).then(
      () => {
        if (!exchange.answered) fail(exchange, stack, new Error(`route ${exchange.route} finished without an answer`));
      },
      (error: unknown) => fail(exchange, stack, error),
    );
  };
}
