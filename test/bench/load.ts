/**
 * A small closed-loop HTTP/1.1 load generator: `concurrency` keep-alive connections, each sending
 * the same pre-built request again as soon as the previous answer is complete. Raw sockets keep
 * the generator's own cost low, so it measures the server rather than the client.
 */
import net from 'node:net';

export interface LoadOptions {
  port: number;
  /** The whole request (line, headers, body), sent as-is. */
  request: Buffer;
  concurrency: number;
  durationMs: number;
  /** Answers in this first stretch are not counted. */
  warmupMs?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** 429 and 503 answers without a Retry-After header. */
  shedWithoutRetryAfter: number;
  /** Requests sent and answered 200 within the window, per second. */
  okRps: number;
  /**
   * 200 answers received within the window per second, whenever their request was sent: the rate of
   * real work, which okRps understates when the latency is a large part of the window.
   */
  okThroughput: number;
  /** 99th percentile latency of the 200 answers. */
  okP99Ms: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Builds a request with Content-Length; keep-alive is HTTP/1.1's default. */
export function buildRequest(method: string, path: string, body?: Buffer | string, contentType?: string): Buffer {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  const head = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(contentType ? [`Content-Type: ${contentType}`] : []),
    `Content-Length: ${bytes.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs one load level and reports throughput and latency of the counted answers. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmupMs ?? 500;
  const started = performance.now();
  const countFrom = started + warmup;
  const stopAt = countFrom + options.durationMs;
  let latencies = new Float64Array(1 << 16);
  const okLatencies: number[] = [];
  const statuses: Record<number, number> = {};
  let shedWithoutRetryAfter = 0;
  let okInWindow = 0;
  let count = 0;
  let errors = 0;
  let open = options.concurrency;

  return new Promise((resolve, reject) => {
    const finish = (): void => {
      const sorted = latencies.slice(0, count).sort();
      const total = sorted.reduce((a, b) => a + b, 0);
      okLatencies.sort((a, b) => a - b);
      resolve({
        requests: count,
        errors,
        statuses,
        shedWithoutRetryAfter,
        okRps: okLatencies.length / (options.durationMs / 1000),
        okThroughput: okInWindow / (options.durationMs / 1000),
        okP99Ms: okLatencies.length ? okLatencies[Math.min(okLatencies.length - 1, Math.floor(0.99 * okLatencies.length))]! : NaN,
        rps: count / (options.durationMs / 1000),
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        meanMs: count ? total / count : NaN,
      });
    };
    for (let c = 0; c < options.concurrency; c++) {
      const socket = net.connect({ port: options.port, host: '127.0.0.1', noDelay: true });
      let buffer: Buffer | undefined;
      let sentAt = 0;
      const send = (): void => {
        sentAt = performance.now();
        socket.write(options.request);
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const headerEnd: number = buffer.indexOf('\r\n\r\n');
          if (headerEnd < 0) return;
          const head = buffer.toString('latin1', 0, headerEnd);
          const match = /\r\ncontent-length: *(\d+)/i.exec(head);
          const length = match ? Number(match[1]) : 0;
          const total: number = headerEnd + 4 + length;
          if (buffer.length < total) return;
          const status = Number(head.slice(9, 12));
          const now = performance.now();
          if (status === 200 && now >= countFrom && now <= stopAt) okInWindow++;
          if (now >= countFrom && sentAt >= countFrom && now <= stopAt) {
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status !== 200) errors++;
            else okLatencies.push(now - sentAt);
            if ((status === 429 || status === 503) && !/\r\nretry-after: *\d+/i.test(head)) shedWithoutRetryAfter++;
            if (count === latencies.length) {
              const grown = new Float64Array(latencies.length * 2);
              grown.set(latencies);
              latencies = grown;
            }
            latencies[count++] = now - sentAt;
          }
          buffer = buffer.length > total ? buffer.subarray(total) : undefined;
          if (now >= stopAt) {
            socket.end();
            return;
          }
          send();
          if (!buffer) return;
        }
      });
      socket.on('error', (error) => {
        open = -1;
        reject(error);
      });
      socket.on('close', () => {
        if (open > 0 && --open === 0) finish();
      });
    }
  });
}
