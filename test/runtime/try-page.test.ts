import http from 'node:http';
import { rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsProject, serve, type Served } from './helpers.ts';

const projects: string[] = [];
const servers: Served[] = [];

afterAll(async () => {
  const codes = await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
  expect(codes).toEqual(servers.map(() => 0));
});

async function start(server: Parameters<typeof digitsProject>[0], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const project = await digitsProject(server);
  projects.push(project);
  const served = await serve(project, { env });
  servers.push(served);
  return served;
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would add Accept-Encoding and undo the gzip). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const STRICT_CSP = /default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:/;

describe('the try-it page served by the Node runtime', () => {
  let keyed: Served;
  beforeAll(async () => {
    keyed = await start({}, { CRANEML_API_KEY: 'page-key' });
  });

  it('serves the page, its script and its style without the API key, under the strict CSP', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/page/page.js', 'text/javascript'],
      ['/page/page.css', 'text/css'],
    ] as const) {
      const answer = await get(`${keyed.url}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toContain(type);
      expect(answer.headers['content-security-policy'], path).toMatch(STRICT_CSP);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
    const html = (await get(`${keyed.url}/`)).body.toString('utf8');
    expect(html).toContain('<script type="module" src="/page/page.js"></script>');
    // The page is open; what it calls is not.
    expect((await get(`${keyed.url}/metadata`)).status).toBe(401);
    expect((await get(`${keyed.url}/metadata`, { 'X-API-Key': 'page-key' })).status).toBe(200);
  });

  it('sends the gzip copy when the client accepts gzip, and not when it refuses it', async () => {
    const plain = await get(`${keyed.url}/page/page.js`);
    const zipped = await get(`${keyed.url}/page/page.js`, { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const refused = await get(`${keyed.url}/page/page.js`, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.equals(plain.body)).toBe(true);
  });

  it('serves the small status page instead with server.page false, behind the API key like the API', async () => {
    const apiOnly = await start({ page: false }, { CRANEML_API_KEY: 'page-key' });
    expect((await get(`${apiOnly.url}/`)).status).toBe(401);
    const answer = await get(`${apiOnly.url}/`, { 'X-API-Key': 'page-key' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = answer.body.toString('utf8');
    expect(html).toContain('<a href="/docs">API docs</a>');
    expect(html).not.toContain('/page/page.js');
    expect((await get(`${apiOnly.url}/page/page.js`, { 'X-API-Key': 'page-key' })).status).toBe(404);
  });
});
