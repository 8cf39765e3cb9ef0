/** The state one server shares between its routes: manifest, model, batcher, metrics, logs and settings. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Predictor } from '../../../main/inference/predictor.ts';
import type { Manifest } from '../../../main/manifest.ts';
import type { Batcher } from './batcher.ts';
import type { CodecService } from './codec/images.ts';
import type { Cors } from './cors.ts';
import { unavailable } from '../../../main/http/http-errors.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';

export type AppState = 'loading' | 'ready' | 'draining' | 'failed';

export interface Loaded {
  predictor: Predictor;
  batcher: Batcher;
}

export class App {
  readonly manifest: Manifest;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly cors: Cors;
  readonly checkKey: ((headers: IncomingHttpHeaders) => boolean) | undefined;
  state: AppState = 'loading';
  loaded: Loaded | undefined;
  /** The codec worker pool and its admission budget (image models only). */
  codec: CodecService | undefined;
  /** `{"name","version"}` of the model, serialised once for every answer. */
  readonly modelJson: string;
  /** Answers computed once (OpenAPI document, pages). */
  readonly cache = new Map<string, string>();

  constructor(parts: { manifest: Manifest; metrics: Metrics; log: Logger; cors: Cors; checkKey: App['checkKey'] }) {
    this.manifest = parts.manifest;
    this.metrics = parts.metrics;
    this.log = parts.log;
    this.cors = parts.cors;
    this.checkKey = parts.checkKey;
    this.modelJson = JSON.stringify({ name: parts.manifest.name, version: parts.manifest.version });
  }

  get ready(): boolean {
    return this.state === 'ready' && this.loaded !== undefined;
  }

  /** The model, or a 503 with Retry-After while it loads. Requests are still served while draining. */
  require(): Loaded {
    if (this.loaded && (this.state === 'ready' || this.state === 'draining')) return this.loaded;
    throw unavailable('NOT_READY', this.state === 'failed' ? 'the model failed to load' : 'the model is still loading; retry shortly');
  }

  /** Computes an answer once and keeps it. */
  cached(key: string, make: () => string): string {
    let value = this.cache.get(key);
    if (value === undefined) {
      value = make();
      this.cache.set(key, value);
    }
    return value;
  }
}
