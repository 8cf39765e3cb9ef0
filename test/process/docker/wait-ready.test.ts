/** Readiness polling (main/docker/wait-ready.ts) against a real local server: what it says when a server never becomes ready. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitReady } from '../../../main/docker/wait-ready.ts';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that answers its first `answered` requests with `status` and leaves every later one hanging. */
async function serverThat(status: number, answered: number): Promise<string> {
  let seen = 0;
  server = createServer((_req, res) => {
    if (seen++ < answered) res.writeHead(status).end('not yet');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/readyz`;
}

describe('waiting for a server to become ready', () => {
  it('names the last answer when the deadline cuts the next attempt short', async () => {
    const result = await waitReady(await serverThat(503, 1), { timeoutMs: 600, intervalMs: 50 });
    expect(result).toMatchObject({ ready: false, reason: 'not ready within 0.6s (last answer: HTTP 503)' });
  });

  it('names a timeout when no attempt ever finished', async () => {
    const result = await waitReady(await serverThat(503, 0), { timeoutMs: 400 });
    expect(result).toMatchObject({ ready: false, reason: 'not ready within 0.4s (last attempt: TimeoutError)' });
  });

  it('is ready at the first 200', async () => {
    const result = await waitReady(await serverThat(200, 1), { timeoutMs: 5000 });
    expect(result.ready).toBe(true);
  });
});
