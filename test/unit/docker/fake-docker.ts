/** A fake Docker Engine API on a temporary unix socket, to pin how real dockerode errors are handled. */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';

export interface FakeReply {
  status: number;
  body?: unknown;
}

export interface FakeDocker {
  socketPath: string;
  docker: Docker;
  /** Every "METHOD path" the fake received. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Answers each request with `route(method, path)`; an undefined reply leaves the request hanging
 * (a daemon that accepts connections but never answers).
 */
export async function startFakeDocker(
  route: (method: string, url: string) => FakeReply | undefined,
  socketName = 'docker.sock',
): Promise<FakeDocker> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-fake-docker-'));
  const socketPath = path.join(dir, socketName);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    const reply = route(req.method ?? 'GET', req.url ?? '/');
    if (!reply) return;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    docker: new Docker({ socketPath, host: undefined, port: undefined }),
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fake daemon that only answers `/_ping` with OK. */
export function pingOnly(method: string, url: string): FakeReply | undefined {
  return method === 'GET' && url.endsWith('/_ping') ? { status: 200, body: 'OK' } : { status: 404, body: { message: 'not faked' } };
}
