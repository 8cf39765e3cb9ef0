/** Asks a node:http server in this process, with no port: the real parser and handler over an in-memory connection. */
import http, { type Server } from 'node:http';
import { duplexPair, Readable } from 'node:stream';

/** The peer address the server sees: the caller is in this process, so on this machine. */
const IN_PROCESS_PEER = '127.0.0.1';

/**
 * One request to `server` (listening or not), answered as fetch() answers; the body streams, and
 * `init.signal` closes the connection as a page going away does. `url` is a path or a full URL
 * (its host becomes the Host header; default 127.0.0.1). Like Hono's `app.request()`.
 * @example const answer = await request(server, '/healthz'); expect(answer.status).toBe(200);
 */
export async function request(server: Server, url: string, init: RequestInit = {}): Promise<Response> {
  const full = /^https?:\/\//i.test(url);
  const target = new URL(full ? url : `http://${IN_PROCESS_PEER}`);
  // fetch's own rules turn the body (string, bytes, FormData, Blob) into bytes and a Content-Type.
  const asked = new Request(target, { ...init, signal: null });
  const body = asked.body ? Buffer.from(await asked.arrayBuffer()) : undefined;
  const headers: Record<string, string> = { host: target.host, ...Object.fromEntries(asked.headers) };
  if (body) headers['content-length'] = String(body.length);
  const [client, served] = duplexPair();
  Object.defineProperty(served, 'remoteAddress', { value: IN_PROCESS_PEER });
  // The pair does not tell one side that the other closed: a client that goes away closes the server's side.
  client.once('close', () => served.destroy());
  server.emit('connection', served);
  return new Promise<Response>((resolve, reject) => {
    const req = http.request(
      {
        method: asked.method,
        // A path goes as written: a test may send "//x" or "%%", which URL parsing would rewrite.
        path: full ? `${target.pathname}${target.search}` : url,
        headers: { ...headers, connection: 'close' },
        createConnection: () => client,
      },
      (res) => {
        const answerHeaders = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) answerHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304 || asked.method === 'HEAD';
        if (empty) res.resume();
        const stream = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: res.statusMessage, headers: answerHeaders }));
      },
    );
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(), { once: true });
    req.end(body);
  });
}
