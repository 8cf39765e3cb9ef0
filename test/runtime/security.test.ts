import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { DIGITS, digitSamples, digitsProject, instance, postJson, serve, type Served } from './helpers.ts';

const projects: string[] = [];
const servers: Served[] = [];

afterAll(async () => {
  const codes = await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
  expect(codes).toEqual(servers.map(() => 0));
});

async function start(options: Parameters<typeof digitsProject>[0] = {}, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Served> {
  const project = await digitsProject(options);
  projects.push(project);
  const server = await serve(project, { env, args });
  servers.push(server);
  return server;
}

describe('API key and CORS', () => {
  let server: Served;
  beforeAll(async () => {
    server = await start({}, { CRANEML_API_KEY: 's3cret-key' }, ['--cors', 'https://app.example']);
  });

  it('leaves health checks and the docs page open', async () => {
    for (const path of ['/healthz', '/readyz', '/v2/health/live', '/v2/health/ready', '/docs', '/docs/docs.js']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    }
  });

  it('answers 401 without the key, in the style of each API', async () => {
    for (const path of ['/metadata', '/metrics', '/openapi.json', '/v2', '/v2/models/digits']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = await response.json();
      if (path.startsWith('/v2')) expect(body).toEqual({ error: expect.stringMatching(/API key/) });
      else expect(body.error.code).toBe('UNAUTHORIZED');
    }
    const wrong = await postJson(`${server.url}/predict`, { instances: [instance(() => 0)] }, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  it('accepts the key as a Bearer token or as X-API-Key', async () => {
    const body = { instances: [instance(() => 0)] };
    expect((await postJson(`${server.url}/predict`, body, { Authorization: 'Bearer s3cret-key' })).status).toBe(200);
    expect((await postJson(`${server.url}/predict`, body, { 'X-API-Key': 's3cret-key' })).status).toBe(200);
    const doc = await (await fetch(`${server.url}/openapi.json`, { headers: { 'X-API-Key': 's3cret-key' } })).json();
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearer', 'apiKey']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('lets craneml predict use CRANEML_API_KEY, and fails with exit 2 without it', async () => {
    const image = `${DIGITS}/samples/2.png`;
    const ok = await runCli(['predict', server.url, '--image', image], { env: { CRANEML_API_KEY: 's3cret-key' } });
    expect(ok.code).toBe(0);
    const refused = await runCli(['predict', server.url, '--image', image], { env: { CRANEML_API_KEY: '' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/401.*API key/);
  });

  it('lets craneml serve read the key from CRANEML_API_KEY_FILE (a Docker or Kubernetes secret), as the image does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'craneml-key-'));
    projects.push(dir);
    const keyFile = path.join(dir, 'api-key');
    await writeFile(keyFile, 'from-a-file\n');
    const keyed = await start({}, { CRANEML_API_KEY_FILE: keyFile });
    const body = { instances: [instance(() => 0)] };
    expect((await postJson(`${keyed.url}/predict`, body)).status).toBe(401);
    expect((await postJson(`${keyed.url}/predict`, body, { 'X-API-Key': 'from-a-file' })).status).toBe(200);

    const project = await digitsProject();
    projects.push(project);
    const missing = await runCli(['serve', project, '--port', '0'], {
      env: { CRANEML_API_KEY: '', CRANEML_API_KEY_FILE: path.join(dir, 'absent') },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^craneml: CRANEML_API_KEY_FILE: cannot read .*absent \(ENOENT\)$/);
  });

  it('answers CORS for an allowed origin only, and preflights without the key', async () => {
    const allowed = await fetch(`${server.url}/healthz`, { headers: { Origin: 'https://app.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const other = await fetch(`${server.url}/healthz`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/predict`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const denied = await fetch(`${server.url}/predict`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    // Errors carry CORS headers too, so a browser can read them.
    const error = await fetch(`${server.url}/predict`, { method: 'POST', headers: { Origin: 'https://app.example' } });
    expect(error.status).toBe(401);
    expect(error.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('limits from the manifest', () => {
  it('applies max_body_bytes and max_image_pixels', async () => {
    const server = await start({ max_body_bytes: 4096, max_image_pixels: 500 }, { CRANEML_LOG: 'off' });
    const big = await postJson(`${server.url}/predict`, { instances: [instance(() => 0.123456789)] });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/4096 bytes/);
    const [, png] = (await digitSamples())[0]!;
    if (png.length < 4096) {
      const pixels = await fetch(`${server.url}/predict`, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { 'Content-Type': 'image/png' },
      });
      expect(pixels.status).toBe(413);
      expect((await pixels.json()).error.message).toMatch(/more than the limit of 500/);
    }
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(8000)], { type: 'image/png' }), 'big.png');
    expect((await fetch(`${server.url}/predict`, { method: 'POST', body: form })).status).toBe(413);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe('logs', () => {
  it('writes one JSON line per request on stdout', async () => {
    const server = await start();
    const before = server
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"')).length;
    await fetch(`${server.url}/healthz`);
    await postJson(`${server.url}/predict`, { instances: [instance(() => 0), instance(() => 1)] }, { 'X-Request-Id': 'trace-123' });
    await fetch(`${server.url}/nope`);
    await new Promise((r) => setTimeout(r, 200));
    const lines = server
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'))
      .slice(before)
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'info', method: 'GET', path: '/healthz', status: 200 });
    expect(lines[1]).toMatchObject({ id: 'trace-123', method: 'POST', route: '/predict', status: 200, samples: 2 });
    expect(lines[1].ms).toBeGreaterThan(0);
    expect(lines[2]).toMatchObject({ status: 404, code: 'NOT_FOUND', route: 'unmatched' });
    expect(typeof lines[0].time).toBe('string');
  });
});
