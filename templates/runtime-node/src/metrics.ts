/** Prometheus metrics of the server, in a Registry of its own: requests, errors, latency, batches, queue. */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type CounterChild = { inc(value?: number): void };
type HistogramChild = { observe(value: number): void };

/** The server's metrics; label children are cached so a request costs a few map lookups. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly errors: Counter<'route' | 'code'>;
  private readonly latency: Histogram<'route'>;
  private readonly batchSize: Histogram;
  private readonly inference: Histogram;
  private readonly queueWait: Histogram;
  private readonly overloads: Counter;
  private readonly requestChildren = new Map<string, CounterChild>();
  private readonly errorChildren = new Map<string, CounterChild>();
  private readonly latencyChildren = new Map<string, HistogramChild>();

  /** `queueDepth` and `ready` are read when Prometheus scrapes. */
  constructor(queueDepth: () => number, ready: () => boolean) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'craneml_' });
    this.requests = new Counter({
      name: 'craneml_requests_total',
      help: 'HTTP requests answered, by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.errors = new Counter({
      name: 'craneml_request_errors_total',
      help: 'HTTP requests answered with an error status, by route and error code',
      labelNames: ['route', 'code'],
      registers,
    });
    this.latency = new Histogram({
      name: 'craneml_request_duration_seconds',
      help: 'Time from the request line to the last byte of the answer',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'craneml_batch_size',
      help: 'Samples per model call',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    });
    this.inference = new Histogram({
      name: 'craneml_inference_duration_seconds',
      help: 'Time of one model call',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'craneml_queue_wait_seconds',
      help: 'Time a sample waited in the batching queue',
      buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers,
    });
    this.overloads = new Counter({
      name: 'craneml_rejected_overload_total',
      help: 'Requests refused because the queue was full',
      registers,
    });
    new Gauge({
      name: 'craneml_queue_depth',
      help: 'Samples waiting in the batching queue',
      registers,
      collect() {
        this.set(queueDepth());
      },
    });
    new Gauge({
      name: 'craneml_model_ready',
      help: '1 when the model is loaded and warmed',
      registers,
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
  }

  /** Counts one answered request. */
  request(route: string, method: string, status: number, seconds: number, code?: string): void {
    const key = `${route} ${method} ${status}`;
    let counter = this.requestChildren.get(key);
    if (!counter) {
      counter = this.requests.labels({ route, method, status: String(status) });
      this.requestChildren.set(key, counter);
    }
    counter.inc();
    let histogram = this.latencyChildren.get(route);
    if (!histogram) {
      histogram = this.latency.labels({ route });
      this.latencyChildren.set(route, histogram);
    }
    histogram.observe(seconds);
    if (status >= 400) {
      const errorKey = `${route} ${code ?? status}`;
      let errors = this.errorChildren.get(errorKey);
      if (!errors) {
        errors = this.errors.labels({ route, code: code ?? String(status) });
        this.errorChildren.set(errorKey, errors);
      }
      errors.inc();
    }
  }

  /** Records one model call. */
  batch(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.inference.observe(seconds);
  }

  waited(seconds: number): void {
    this.queueWait.observe(seconds);
  }

  overloaded(): void {
    this.overloads.inc();
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
