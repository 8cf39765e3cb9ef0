import net from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitSamples, digitsProject, instance, pngClaiming, serve, type Served } from './helpers.ts';

/** A hostile request: raw bytes on a fresh connection, or an HTTP request made with fetch. */
type Attack =
  { name: string; raw: Buffer | string } | { name: string; path: string; method?: string; type?: string; body?: Buffer | string };

/** Deterministic random numbers, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildAttacks(png: Buffer): Attack[] {
  const random = prng(20240611);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const attacks: Attack[] = [];
  const types = [
    'application/json',
    'image/png',
    'image/jpeg',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    '',
    'text/plain',
    'application/octet-stream',
  ];
  const targets = ['/predict', '/v2/models/digits/infer'];

  // Random bytes under every content type, on both inference endpoints.
  for (let i = 0; i < 64; i++) {
    attacks.push({
      name: `random bytes ${i}`,
      path: targets[i % 2]!,
      type: types[i % types.length],
      body: bytes(1 + Math.floor(random() * 4000)),
    });
  }
  // Truncated and bit-flipped images.
  for (let i = 0; i < 20; i++) {
    attacks.push({
      name: `truncated png ${i}`,
      path: '/predict',
      type: 'image/png',
      body: png.subarray(0, Math.floor(random() * png.length)),
    });
  }
  for (let i = 0; i < 12; i++) {
    const flipped = Buffer.from(png);
    for (let k = 0; k < 1 + i; k++) flipped[8 + Math.floor(random() * (flipped.length - 8))] ^= 1 << Math.floor(random() * 8);
    attacks.push({ name: `bit-flipped png ${i}`, path: '/predict', type: 'image/png', body: flipped });
  }
  attacks.push({ name: 'jpeg header only', path: '/predict', type: 'image/jpeg', body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]) });
  // Decompression bombs: headers claiming huge pictures.
  for (const [w, h] of [
    [100_000, 100_000],
    [65_535, 65_535],
    [1, 2_000_000_000],
    [2_000_000_000, 1],
    [0, 0],
    [50_000, 1_000],
  ]) {
    attacks.push({ name: `png claiming ${w}x${h}`, path: '/predict', type: 'image/png', body: pngClaiming(w!, h!) });
    attacks.push({
      name: `base64 png claiming ${w}x${h}`,
      path: '/predict',
      type: 'application/json',
      body: JSON.stringify({ image: pngClaiming(w!, h!).toString('base64') }),
    });
  }
  // Deep JSON.
  for (const depth of [100, 10_000, 200_000]) {
    attacks.push({
      name: `deep arrays ${depth}`,
      path: '/predict',
      type: 'application/json',
      body: `{"instances":[${'['.repeat(depth)}${']'.repeat(depth)}]}`,
    });
    attacks.push({
      name: `deep objects ${depth}`,
      path: '/predict',
      type: 'application/json',
      body: `{"instances":[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]}`,
    });
    attacks.push({
      name: `deep V2 data ${depth}`,
      path: targets[1]!,
      type: 'application/json',
      body: `{"inputs":[{"name":"input","shape":[1,1,28,28],"datatype":"FP32","data":[${'['.repeat(depth)}${']'.repeat(depth)}]}]}`,
    });
  }
  const deepLeaf = instance(() => 0) as unknown[][][];
  (deepLeaf[0]![5] as unknown[])[5] = 'DEEP';
  const deepBody = JSON.stringify({ instances: [deepLeaf] }).replace('"DEEP"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  attacks.push({ name: 'deep array at a leaf', path: '/predict', type: 'application/json', body: deepBody });
  // Wrong types and values.
  const wrong: unknown[] = [
    null,
    1,
    'x',
    true,
    [],
    {},
    { instances: null },
    { instances: 'x' },
    { instances: [null] },
    { instances: [{}] },
    { instances: [[]] },
    { instances: [[[[]]]] },
    { instances: [{ input: 3 }] },
    { instances: [{ __proto__: { input: 1 } }] },
    { instances: [{ constructor: { prototype: 1 } }] },
    { instances: new Array(600).fill(0) },
    { image: 5 },
    { image: '' },
    { image: '!!!not base64!!!' },
    { images: [] },
    { images: [1, 2] },
    { images: 'x' },
    { image: 'data:image/png;base64,' },
    { instances: [instance(() => 1e39)] },
    { instances: [instance(() => -0)] },
    { instances: [[['a']]] },
    { inputs: [] },
    { inputs: [{ name: 'input', shape: [-1, 1, 28, 28], datatype: 'FP32', data: [] }] },
    { inputs: [{ name: 'input', shape: [2147483648, 2147483648], datatype: 'FP32', data: [1] }] },
    { inputs: [{ name: 'input', shape: [0, 1, 28, 28], datatype: 'FP32', data: [] }] },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: new Array(784).fill('x') }] },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'BOOL', data: new Array(784).fill(true) }] },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'INT8', data: new Array(784).fill(1000) }] },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP99', data: [] }] },
    { inputs: [{ name: 'nope', shape: [1], datatype: 'FP32', data: [1] }] },
    {
      inputs: [
        { name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: new Array(784).fill(0) },
        { name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: new Array(784).fill(0) },
      ],
    },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: new Array(784).fill(0) }], outputs: [{ name: 'nope' }] },
    { inputs: [{ name: 'input', shape: new Array(40).fill(1), datatype: 'FP32', data: [1] }] },
    { inputs: [{ name: 'input', shape: [1, 1, 28, 28], datatype: 'FP32', data: [new Array(784).fill(0)] }] },
    { inputs: 'x', id: 5 },
  ];
  wrong.forEach((body, i) =>
    attacks.push({ name: `wrong types ${i}`, path: targets[i % 2]!, type: 'application/json', body: JSON.stringify(body) }),
  );
  wrong.forEach((body, i) =>
    attacks.push({ name: `wrong types swapped ${i}`, path: targets[(i + 1) % 2]!, type: 'application/json', body: JSON.stringify(body) }),
  );
  // Literals JSON does not allow, and numbers at the edges.
  for (const literal of ['NaN', 'Infinity', '-Infinity', 'undefined', '1e999', '-1e999', '0x10', '1'.repeat(400), '.5', '+1', "'a'"]) {
    attacks.push({
      name: `literal ${literal.slice(0, 12)}`,
      path: '/predict',
      type: 'application/json',
      body: `{"instances":[[[${literal}]]]}`,
    });
  }
  // Path and method tricks.
  for (const path of [
    '/../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/predict/../healthz',
    '//predict',
    '/predict/',
    '/v2/models/..%2f..%2fetc/infer',
    '/v2/models/%E0%A4%A/ready',
    '/v2/models/%/ready',
    `/v2/models/${'a'.repeat(3000)}`,
    `/${'x'.repeat(5000)}`,
    '/docs/../../etc/passwd',
    '/v2/models/digits%00/ready',
    '/v2/models/%F0%9F%92%A9/infer',
    '/predict?'.padEnd(4200, 'q'),
    '/metrics/..',
    '/PREDICT',
    '/v2/models//infer',
    '/v2/models/digits/versions//infer',
    '/v2/models/digits/versions/%2e%2e/ready',
  ]) {
    attacks.push({
      name: `path ${path.slice(0, 30)}`,
      path,
      method: path.includes('infer') || path.startsWith('/predict') ? 'POST' : 'GET',
      type: 'application/json',
      body: '{}',
    });
  }
  for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'TRACE'])
    attacks.push({ name: `method ${method}`, path: '/predict', method });
  // Multipart traps.
  const part = (field: string, content: Buffer | string, boundary = 'b0undary') =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n`),
    ]);
  const end = (boundary = 'b0undary') => Buffer.from(`--${boundary}--\r\n`);
  const multipart = [
    Buffer.concat([part('other', png), end()]),
    Buffer.concat([part('image', bytes(500)), end()]),
    Buffer.concat([part('image', png)]),
    Buffer.concat(Array.from({ length: 300 }, () => part('image', 'x')).concat(end())),
    Buffer.concat([part('image', png), part('image', bytes(100)), end()]),
    Buffer.from('--b0undary\r\nContent-Disposition: form-data\r\n\r\nxx\r\n--b0undary--'),
    Buffer.from('--b0undary\r\n\r\n\r\n--b0undary--'),
    bytes(2000),
  ];
  multipart.forEach((body, i) =>
    attacks.push({ name: `multipart ${i}`, path: '/predict', type: 'multipart/form-data; boundary=b0undary', body }),
  );
  // Raw bytes: broken request lines, headers and framing.
  const raws = [
    'GARBAGE\r\n\r\n',
    'GET\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /healthz\r\n\r\n',
    'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n',
    'POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n',
    'POST /predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n',
    `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    'GET / HTTP/1.1\r\nHo st: x\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nX: \u0000\r\n\r\n',
    'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"instances":',
    'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd',
    'GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n',
    'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n',
    '\r\n\r\n\r\n',
  ];
  raws.forEach((raw, i) => attacks.push({ name: `raw ${i}`, raw }));
  for (let i = 0; i < 6; i++) attacks.push({ name: `raw random ${i}`, raw: bytes(200 + i * 100) });
  return attacks;
}

/** Sends raw bytes and returns the status of the first answer, or undefined when the server closed without one. */
function sendRaw(port: number, raw: Buffer | string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      socket.destroy();
      const match = text.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve(match ? Number(match[1]) : undefined);
    };
    socket.setTimeout(3000, done);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (/\r\n\r\n/.test(text)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(raw);
  });
}

async function send(url: string, port: number, attack: Attack): Promise<number | undefined> {
  if ('raw' in attack) return sendRaw(port, attack.raw);
  const method = attack.method ?? 'POST';
  const body = method === 'GET' || method === 'HEAD' ? undefined : attack.body;
  const headers = `${method} ${attack.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${attack.type ? `Content-Type: ${attack.type}\r\n` : ''}Content-Length: ${body ? Buffer.byteLength(body) : 0}\r\n\r\n`;
  return sendRaw(port, body ? Buffer.concat([Buffer.from(headers, 'latin1'), Buffer.from(body)]) : headers);
}

let project: string;
let server: Served;
let png: Buffer;

beforeAll(async () => {
  project = await digitsProject();
  png = (await digitSamples())[3]![1];
  server = await serve(project, { env: { CRANEML_LOG: 'off' } });
});

afterAll(async () => {
  const code = await server?.stop();
  await rm(project, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe('hostile requests', () => {
  it('answers at least 200 malformed or hostile requests without a single 5xx, and stays ready', async () => {
    const attacks = buildAttacks(png);
    expect(attacks.length).toBeGreaterThanOrEqual(200);
    const port = Number(new URL(server.url).port);
    const results: { name: string; status: number | undefined }[] = [];
    for (let i = 0; i < attacks.length; i += 8) {
      const batch = attacks.slice(i, i + 8);
      const statuses = await Promise.all(batch.map((a) => send(server.url, port, a)));
      batch.forEach((a, k) => results.push({ name: a.name, status: statuses[k] }));
    }
    if (process.env.FUZZ_DEBUG) (await import('node:fs')).writeFileSync('/tmp/fuzz.json', JSON.stringify(results));
    const serverErrors = results.filter((r) => r.status !== undefined && r.status >= 500);
    expect(serverErrors).toEqual([]);
    const answered = results.filter((r) => r.status !== undefined);
    // Almost every attack gets an HTTP answer (a few raw ones may only get the connection closed).
    expect(answered.length).toBeGreaterThan(attacks.length * 0.9);
    expect(results.filter((r) => !('raw' in attacks.find((a) => a.name === r.name)!) && r.status === undefined)).toEqual([]);

    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const ok = await fetch(`${server.url}/predict`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: { 'Content-Type': 'image/png' },
    });
    expect(ok.status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});
