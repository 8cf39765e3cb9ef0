/** A stand-in model container for the Test window's browser tests: open CORS, each request answered as `answer` says. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  type: string;
  body: Buffer;
}

export interface FakeContainer {
  url: string;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Expose-Headers': 'Retry-After',
};

/** @example const container = await startFakeContainer(() => ({ status: 200, body: { predictions: [] } })); */
export async function startFakeContainer(
  answer: (request: FakeRequest) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<FakeContainer> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    const { status, body, headers } = answer({
      method: req.method!,
      path: req.url!,
      type: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks),
    });
    res.writeHead(status, { ...CORS, ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
