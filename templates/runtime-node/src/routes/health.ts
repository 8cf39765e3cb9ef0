/** Liveness and readiness, natively (/healthz, /readyz) and as the V2 protocol has them. */
import type { App } from '../app.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';

const RETRY = { 'Retry-After': '1' };

/** GET /healthz: the process answers. */
export function healthz(exchange: Exchange): void {
  exchange.json(200, '{"status":"ok"}');
}

/** GET /readyz: 200 once the model is loaded and warmed; 503 while loading or draining. */
export function readyz(exchange: Exchange, app: App): void {
  if (app.ready) exchange.json(200, '{"status":"ready"}');
  else exchange.json(503, JSON.stringify({ status: app.state }), RETRY);
}

/** GET /v2/health/live */
export function v2Live(exchange: Exchange): void {
  exchange.json(200, '{"live":true}');
}

/** GET /v2/health/ready */
export function v2Ready(exchange: Exchange, app: App): void {
  if (app.ready) exchange.json(200, '{"ready":true}');
  else exchange.json(503, '{"ready":false}', RETRY);
}
