/** The Node runtime's request log: a readiness check's 503 while the model loads is the server's state (info), other 5xx are errors. */
import { describe, expect, it } from 'vitest';
import { createLogger, type RequestLogEntry } from '../../templates/runtime-node/src/log.ts';

/** The level the runtime's logger writes for one request, as the server reports it. */
function loggedLevel(entry: Partial<RequestLogEntry> & Pick<RequestLogEntry, 'route' | 'status'>): string {
  let text = '';
  const log = createLogger({ out: (chunk) => (text += chunk) });
  log.request({ id: 'a-1', method: 'GET', path: entry.route, ms: 0.4, bytes_in: 0, bytes_out: 20, ...entry });
  log.flush();
  return (JSON.parse(text) as { level: string }).level;
}

describe('runtime request log levels', () => {
  it('logs the 503s a starting container answers its health checks at level info', () => {
    expect(loggedLevel({ route: '/readyz', status: 503 })).toBe('info');
    expect(loggedLevel({ route: '/v2/health/ready', status: 503 })).toBe('info');
  });

  it('still logs a failed prediction and an overloaded server at level error', () => {
    expect(loggedLevel({ method: 'POST', route: '/predict', status: 503, code: 'NOT_READY' })).toBe('error');
    expect(loggedLevel({ method: 'POST', route: '/predict', status: 500, code: 'INTERNAL' })).toBe('error');
    expect(loggedLevel({ route: '/readyz', status: 500 })).toBe('error');
    expect(loggedLevel({ route: '/readyz', status: 200 })).toBe('info');
  });
});
