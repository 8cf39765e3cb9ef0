/** The route table of the model server. */
import type { App } from './app.ts';
import { Router } from '../../../main/http/router.ts';
import { docsPage, docsScript, docsStyle, favicon, index, openapi } from './routes/docs.ts';
import { healthz, readyz, v2Live, v2Ready } from './routes/health.ts';
import { metadata } from './routes/metadata.ts';
import { metrics } from './routes/metrics.ts';
import { sendPageFile, type TryPageFiles } from './routes/page.ts';
import { predict } from './routes/predict.ts';
import { v2Infer } from './routes/v2-infer.ts';
import { v2Model, v2ModelReady, v2Server } from './routes/v2.ts';

/** `page`: the try-it page's files, served at / (else the status page is); undefined with `server.page: false`. */
export function buildRouter(page?: TryPageFiles): Router<App> {
  const router = new Router<App>();
  if (page) {
    router
      .add({ label: '/', get: (exchange) => sendPageFile(exchange, page.html), open: true })
      .add({ label: '/page/page.js', get: (exchange) => sendPageFile(exchange, page.script), open: true })
      .add({ label: '/page/page.css', get: (exchange) => sendPageFile(exchange, page.style), open: true });
  }
  // The status page names the model: behind an API key it stays behind the key, as before the page.
  else router.add({ label: '/', get: index });
  return router
    .add({ label: '/healthz', get: healthz, open: true })
    .add({ label: '/readyz', get: readyz, open: true })
    .add({ label: '/metadata', get: metadata })
    .add({ label: '/predict', post: predict })
    .add({ label: '/metrics', get: metrics })
    .add({ label: '/openapi.json', get: openapi })
    .add({ label: '/docs', get: docsPage, open: true })
    .add({ label: '/docs/docs.js', get: docsScript, open: true })
    .add({ label: '/docs/docs.css', get: docsStyle, open: true })
    .add({ label: '/favicon.ico', get: favicon, open: true })
    .add({ label: '/v2', get: v2Server })
    .add({ label: '/v2/health/live', get: v2Live, open: true })
    .add({ label: '/v2/health/ready', get: v2Ready, open: true })
    .add({ label: '/v2/models/{name}', get: v2Model })
    .add({ label: '/v2/models/{name}/ready', get: v2ModelReady })
    .add({ label: '/v2/models/{name}/infer', post: v2Infer })
    .add({ label: '/v2/models/{name}/versions/{version}', get: v2Model })
    .add({ label: '/v2/models/{name}/versions/{version}/ready', get: v2ModelReady })
    .add({ label: '/v2/models/{name}/versions/{version}/infer', post: v2Infer });
}
