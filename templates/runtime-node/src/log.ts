/** Structured logs: one JSON line per request or event on stdout, written in batches to keep requests cheap. */

export interface RequestLogEntry {
  id: string;
  method: string;
  path: string;
  route: string;
  status: number;
  ms: number;
  bytes_in: number;
  bytes_out: number;
  code?: string;
  samples?: number;
}

export interface Logger {
  request(entry: RequestLogEntry): void;
  event(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
  flush(): void;
}

const FLUSH_BYTES = 64 * 1024;

/** Health checks that answer 503 while the model loads, warms or drains: the server's state, not a failure. */
const READINESS_ROUTES = new Set(['/readyz', '/v2/health/ready']);

/**
 * A request's log level: a 5xx is an error, except a readiness check's 503 (a container starting answers it many times).
 * @example levelOf({ route: '/readyz', status: 503 }) // 'info'
 */
export function levelOf(entry: Pick<RequestLogEntry, 'route' | 'status'>): 'info' | 'error' {
  if (entry.status === 503 && READINESS_ROUTES.has(entry.route)) return 'info';
  return entry.status >= 500 ? 'error' : 'info';
}

/** Paths are client input: keep them short in logs. */
function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A logger writing to `out` (stdout by default); `enabled: false` (CRANEML_LOG=off) writes nothing. */
export function createLogger(options: { enabled?: boolean; out?: (text: string) => void } = {}): Logger {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  if (options.enabled === false) {
    return { request() {}, event() {}, flush() {} };
  }
  let buffer = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    try {
      out(text);
    } catch {
      // A closed stdout must not take the server down.
    }
  };
  const push = (line: string): void => {
    buffer += line + '\n';
    if (buffer.length >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return {
    request(entry) {
      push(
        JSON.stringify({
          time: new Date().toISOString(),
          level: levelOf(entry),
          msg: 'request',
          ...entry,
          path: clip(entry.path),
        }),
      );
    },
    event(level, message, fields = {}) {
      push(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
    },
    flush,
  };
}
