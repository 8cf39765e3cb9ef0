/** request() asks a node:http server in this process over an in-memory connection, as fetch() would over a socket. */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { request } from '../../../main/http/request.ts';

/** Echoes what node:http parsed: method, target, Host, peer, body length and type. */
function echoServer(): http.Server {
  return http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      const seen = {
        method: req.method,
        url: req.url,
        host: req.headers.host,
        peer: req.socket.remoteAddress,
        bytes,
        type: req.headers['content-type'],
      };
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Two': ['a', 'b'] });
      res.end(JSON.stringify(seen));
    });
  });
}

describe('in-process request()', () => {
  it('runs the real parser and handler with no port, and answers as fetch does', async () => {
    const server = echoServer();
    const answer = await request(server, '/x?y=1');
    expect(server.listening).toBe(false);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-two')).toBe('a, b');
    expect(await answer.json()).toEqual({ method: 'GET', url: '/x?y=1', host: '127.0.0.1', peer: '127.0.0.1', bytes: 0 });
  });

  it('sends a target as written, a full URL as its Host, and bodies as fetch encodes them', async () => {
    const server = echoServer();
    expect(await (await request(server, '//%%')).json()).toMatchObject({ url: '//%%' });
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(100)], { type: 'image/png' }), 'a.png');
    const posted = (await (await request(server, 'http://localhost:5173/up', { method: 'POST', body: form })).json()) as Record<
      string,
      unknown
    >;
    expect(posted).toMatchObject({ method: 'POST', url: '/up', host: 'localhost:5173' });
    expect(posted.bytes).toBeGreaterThan(100);
    expect(posted.type).toMatch(/^multipart\/form-data; boundary=/);
    const head = await request(server, '/h', { method: 'HEAD' });
    expect(head.status).toBe(201);
    expect(await head.text()).toBe('');
  });

  it('streams an answer and closes the server side when the signal aborts, as a page going away does', async () => {
    let closed = false;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': connected\n\n');
      res.once('close', () => (closed = true));
    });
    const abort = new AbortController();
    const answer = await request(server, '/events', { signal: abort.signal });
    const reader = answer.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': connected\n\n');
    expect(closed).toBe(false);
    abort.abort();
    await expect.poll(() => closed).toBe(true);
  });
});
