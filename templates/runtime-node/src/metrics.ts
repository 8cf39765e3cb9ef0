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
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) =>
      new Histogram<L>({ name, help, labelNames, buckets, registers });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    collectDefaultMetrics({ register: this.registry, prefix: 'craneml_' });
    this.requests = counter('craneml_requests_total', 'HTTP requests answered, by route, method and status', ['route', 'method', 'status']);
    this.errors = counter('craneml_request_errors_total', 'HTTP requests answered with an error status, by route and error code', [
      'route',
      'code',
    ]);
    this.latency = histogram(
      'craneml_request_duration_seconds',
      'Time from the request line to the last byte of the answer',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ['route'],
    );
    this.batchSize = histogram('craneml_batch_size', 'Samples per model call', [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    this.inference = histogram(
      'craneml_inference_duration_seconds',
      'Time of one model call',
      [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    );
    this.queueWait = histogram(
      'craneml_queue_wait_seconds',
      'Time a sample waited in the batching queue',
      [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    );
    this.overloads = counter('craneml_rejected_overload_total', 'Requests refused because the queue was full');
    gauge('craneml_queue_depth', 'Samples waiting in the batching queue', queueDepth);
    gauge('craneml_model_ready', '1 when the model is loaded and warmed', () => (ready() ? 1 : 0));
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
