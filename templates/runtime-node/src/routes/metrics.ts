/** GET /metrics: Prometheus text. */
import type { App } from '../app.ts';
import type { Exchange } from '../../../../main/http/exchange.ts';

export async function metrics(exchange: Exchange, app: App): Promise<void> {
  exchange.send(200, app.metrics.contentType, await app.metrics.text());
}
