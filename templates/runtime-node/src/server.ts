/**
 * The model server: listens at once (so /healthz answers and /readyz says 503), then loads and warms
 * the model. `shutdown()` stops accepting, finishes the requests in flight and releases the model.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CraneError } from '../../../main/errors.ts';
import { loadManifest } from '../../../main/manifest.ts';
import { App } from './app.ts';
import { createKeyCheck } from './auth.ts';
import { BodyBudget } from '../../../main/http/body.ts';
import { createCors } from './cors.ts';
import { modelServerDispatcher } from './dispatch.ts';
import { Exchange, type AnswerRecord, type ExchangeShared } from '../../../main/http/exchange.ts';
import { createLogger, type Logger } from './log.ts';
import { Metrics } from './metrics.ts';
import { buildRouter } from './routes.ts';
import { loadTryPage } from './routes/page.ts';
import { loadModel } from './warmup.ts';
import type { Predictor } from '../../../main/inference/predictor.ts';
import type { Sample } from '../../../main/inference/batch.ts';
import { BLANK_PNG_BASE64 } from './openapi-model.ts';
import { runtimeSettings, type RuntimeSettings } from './settings.ts';
import { inferenceSettings, modelLoader } from './inference/settings.ts';
import { CodecPool } from './codec/pool.ts';
import { WorkBudget, workBudgetFor } from './codec/admission.ts';
import { heapFreeBytes } from './heap-free.ts';
import { memoryPlan, residentBytes } from './memory-plan.ts';
import { unavailable } from '../../../main/http/http-errors.ts';
import { RefusalHold } from '../../../main/http/refusal-hold.ts';

export interface StartOptions {
  /** The project folder: model files and craneml.json. */
  project: string;
  /** Defaults to the manifest's server.port; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Requests (except health checks) must carry this key. */
  apiKey?: string;
  /** Origins allowed by CORS, added to the manifest's server.cors_origins. */
  corsOrigins?: string[];
  /** A logger, or false for none; default JSON lines on stdout. */
  log?: Logger | false;
  /** How long shutdown waits for requests in flight before answering them 503 (default CRANEML_DRAIN_MS, 8 s). */
  drainTimeoutMs?: number;
  /** Codec workers, work budget, deadline and drain; default from the environment (settings.ts). */
  settings?: Partial<RuntimeSettings>;
  /** Most request-body bytes held in memory at once (default max(256 MB, 2 × max_body_bytes)). */
  maxBufferedBytes?: number;
  /** Longest a connection's next work request waits after an overload refusal (default MAX_HOLD_MS; 0: never). */
  refusalHoldMs?: number;
  /** false: no port at all; the server is asked in process with request() (main/http/request.ts). */
  listen?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly app: App;
  /** The node:http server, for request() (main/http/request.ts). */
  readonly http: Server;
  /** Resolves once the model is loaded and warmed; rejects when it cannot be loaded. */
  readonly ready: Promise<void>;
  shutdown(): Promise<void>;
}

function onClientError(error: NodeJS.ErrnoException, socket: Socket, record: (status: number) => void): void {
  const busy = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    error: { code: status === 408 ? 'BAD_REQUEST' : 'BAD_REQUEST', message: `${STATUS_CODES[status]}: the request could not be parsed` },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  record(status);
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new CraneError('PORT_IN_USE', `port ${port} on ${host} is already in use (choose another with --port or PORT)`));
      else if (error.code === 'EACCES') reject(new CraneError('PORT_IN_USE', `no permission to listen on port ${port} on ${host}`));
      else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Starts serving a project.
 * @example const server = await startServer({ project: '/model', port: 8080 }); await server.ready;
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const manifest = await loadManifest(options.project);
  const log = options.log === false ? createLogger({ enabled: false }) : (options.log ?? createLogger());
  // Read at scrape time, once `app` exists.
  const metrics: Metrics = new Metrics(
    () => app.loaded?.batcher.depth ?? 0,
    () => app.ready,
  );
  const app: App = new App({
    manifest,
    metrics,
    log,
    cors: createCors([...manifest.server.cors_origins, ...(options.corsOrigins ?? [])]),
    checkKey: createKeyCheck(options.apiKey),
  });
  const settings = { ...runtimeSettings(), ...options.settings };
  // Read before listening, as the settings above: a bad value stops the start with its own words.
  const inference = inferenceSettings();
  if (manifest.input.kind === 'image') {
    app.codec = {
      pool: new CodecPool(settings.codecWorkers, undefined, settings.deadlineMs / 1000),
      budget: new WorkBudget(settings.workBudgetBytes ?? workBudgetFor(), settings.maxCodecWaitMs),
      deadlineMs: settings.deadlineMs,
    };
  }
  const bodyBudgetBytes = options.maxBufferedBytes ?? settings.bodyBudgetBytes;
  const budget = new BodyBudget(bodyBudgetBytes ?? Math.max(256 * 1024 * 1024, 2 * manifest.server.max_body_bytes));
  /**
   * In a container with a memory limit, the budgets not set explicitly follow it (memory-plan.ts).
   * What the server holds is its resident memory less the heap its threads have committed but not
   * filled (heap-free.ts): right after the warm-up that is 5-10 MB in this thread and the codec
   * workers, which V8 gives back within seconds. The inference thread's, when there is one, stays counted.
   */
  const followMemory = (): void => {
    if (settings.memoryLimitBytes === undefined) return;
    const resident = residentBytes();
    const heapFree = heapFreeBytes() + (app.codec?.pool.heapFreeBytes ?? 0);
    const plan = memoryPlan(settings.memoryLimitBytes, Math.max(0, resident - heapFree), manifest.server.max_body_bytes);
    if (bodyBudgetBytes === undefined) budget.max = plan.bodyBudgetBytes;
    app.loaded?.batcher.limitQueueBytes(plan.queueBytes);
    if (app.codec && settings.workBudgetBytes === undefined) {
      app.codec.budget.max = plan.workBudgetBytes;
      app.codec.budget.maxCost = plan.workBudgetBytes;
    }
    log.event('info', 'memory plan', {
      memory_limit_mb: mb(settings.memoryLimitBytes),
      resident_mb: mb(resident),
      heap_free_mb: mb(heapFree),
      body_budget_mb: mb(budget.max),
      ...(app.codec ? { decode_budget_mb: mb(app.codec.budget.max) } : {}),
      ...(app.loaded ? { queue_budget_mb: mb(plan.queueBytes) } : {}),
    });
  };
  followMemory();
  const router = buildRouter(manifest.server.page ? loadTryPage(settings.pageDir) : undefined);

  /** Requests not answered yet: at the end of a drain each still gets an answer. */
  const open = new Set<Exchange>();
  /** Connections just refused for overload: their next work request waits (refusal-hold.ts). */
  const hold = new RefusalHold(options.refusalHoldMs);
  const record = ({ exchange, status, bytesOut }: AnswerRecord): void => {
    open.delete(exchange);
    if (exchange.errorCode === 'OVERLOADED') hold.refused(exchange.req.socket, 1000 * (exchange.retryAfter ?? 1));
    budget.give(exchange.held);
    const seconds = (performance.now() - exchange.start) / 1000;
    metrics.request(exchange.route, exchange.req.method ?? 'GET', status, seconds, exchange.errorCode);
    log.request({
      id: exchange.id,
      method: exchange.req.method ?? '',
      path: exchange.path,
      route: exchange.route,
      status,
      ms: Math.round(seconds * 10000) / 10,
      bytes_in: Number(exchange.req.headers['content-length'] ?? exchange.held) || 0,
      bytes_out: bytesOut,
      ...(exchange.errorCode ? { code: exchange.errorCode } : {}),
      ...(exchange.samples !== undefined ? { samples: exchange.samples } : {}),
    });
  };

  const shared: ExchangeShared = { budget, onAnswer: record, draining: false };
  const dispatch = modelServerDispatcher(app, router);
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const exchange = new Exchange(req, res, shared);
    open.add(exchange);
    const wait = hold.waitFor(req.socket, req.method);
    if (wait > 0) setTimeout(() => (req.socket.destroyed ? exchange.abandon() : dispatch(exchange)), wait);
    else dispatch(exchange);
  };
  const server = createServer(
    { requestTimeout: 60_000, headersTimeout: 15_000, keepAliveTimeout: 5_000, noDelay: true, maxHeaderSize: 16 * 1024 },
    onRequest,
  );
  // "Expect: 100-continue" with a body over the limit is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!(Number(req.headers['content-length']) > manifest.server.max_body_bytes)) res.writeContinue();
    onRequest(req, res);
  });
  server.maxConnections = 10_000;
  // A client may half-close once its request is sent (`printf … | nc -N`, HTTP/1.0 tools): node:http
  // would drop its request unanswered unless the answer beat the FIN; it is answered, then closed.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    onClientError(error, socket, (status) => {
      metrics.request('unparsed', 'UNKNOWN', status, 0, 'BAD_REQUEST');
      log.request({ id: '-', method: '', path: '', route: 'unparsed', status, ms: 0, bytes_in: 0, bytes_out: 0, code: 'BAD_REQUEST' });
    }),
  );

  const host = options.host ?? '127.0.0.1';
  const listening = options.listen !== false;
  const port = listening ? await listen(server, options.port ?? manifest.server.port, host) : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (listening) log.event('info', 'listening', { url, model: manifest.name, version: manifest.version });

  const codec = app.codec;
  const input = manifest.input;
  // The blank picture goes through a codec worker: sharp stays out of this thread.
  const warmSample =
    codec && input.kind === 'image'
      ? async (predictor: Predictor): Promise<Sample> => {
          const bytes = Buffer.from(BLANK_PNG_BASE64, 'base64');
          const { encoded } = await codec.pool.run({ bytes, codec: input, maxPixels: 1_000_000, deadline: performance.now() + 60_000 });
          return predictor.sampleFromEncoded(encoded);
        }
      : undefined;
  const ready = Promise.all([
    loadModel(
      options.project,
      metrics,
      log,
      modelLoader(inference, () => open.size <= 1),
      warmSample,
    ),
    input.kind === 'image' && codec?.pool.warm(BLANK_PNG_BASE64, input),
  ]).then(
    ([loaded]) => {
      if (app.state !== 'loading') {
        // Shut down while loading: nothing was served with this model.
        void loaded.predictor.close().catch(() => {});
        return;
      }
      app.loaded = loaded;
      // What the loaded model and the warmed workers hold is known now.
      followMemory();
      app.state = 'ready';
    },
    (error: unknown) => {
      app.state = 'failed';
      log.event('error', 'the model could not be loaded', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    },
  );
  ready.catch(() => {});

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      shared.draining = true;
      app.state = 'draining';
      log.event('info', 'draining: no new connections; finishing requests in flight');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      void app.loaded?.batcher.drain();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.drainTimeoutMs ?? settings.drainMs))),
      ]);
      clearTimeout(timer);
      clearInterval(sweep);
      if (timedOut) {
        log.event('warn', `drain timed out; answering ${open.size} requests 503 and closing the connections`);
        for (const exchange of [...open]) {
          if (!exchange.res.headersSent) exchange.error(unavailable('NOT_READY', 'the server is shutting down; retry on another instance'));
        }
        // Let the answers reach the sockets before they are closed.
        await new Promise((resolve) => setTimeout(resolve, 100));
        server.closeAllConnections();
      }
      await app.codec?.pool.close();
      await app.loaded?.predictor.close().catch(() => {});
      log.event('info', 'stopped');
      log.flush();
    })();
    return stopping;
  };

  return { url, port, app, http: server, ready, shutdown };
}
