/** The model server's part of the one dispatcher (main/http/dispatch.ts): CORS, the V2 error style and the API key. */
import type { App } from './app.ts';
import { createDispatcher } from '../../../main/http/dispatch.ts';
import type { Exchange } from '../../../main/http/exchange.ts';
import { HttpError } from '../../../main/http/http-errors.ts';
import type { Router } from '../../../main/http/router.ts';

/**
 * The function that answers each request of one model server; it never throws.
 * @example const dispatch = modelServerDispatcher(app, router); server.on('request', (req, res) => dispatch(new Exchange(req, res, shared)));
 */
export function modelServerDispatcher(app: App, router: Router<App>): (exchange: Exchange) => void {
  return createDispatcher<App>({
    router,
    begin(exchange) {
      const { path } = exchange;
      exchange.v2 = path === '/v2' || path.startsWith('/v2/');
      exchange.baseHeaders = app.cors.headers(exchange.req.headers);
    },
    notFound: (path) => `no such endpoint: ${path} (see /docs)`,
    preflight: (exchange, allow) => app.cors.preflight(exchange.req.headers, allow),
    authorize(exchange, route) {
      if (app.checkKey && !route.open && !app.checkKey(exchange.req.headers)) {
        throw new HttpError(401, 'UNAUTHORIZED', 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"', {
          'WWW-Authenticate': 'Bearer',
        });
      }
    },
    context: () => app,
    logInternal(exchange, cause) {
      app.log.event('error', 'unexpected error while answering a request', {
        id: exchange.id,
        route: exchange.route,
        error: cause instanceof Error ? cause.stack : String(cause),
      });
    },
  });
}
