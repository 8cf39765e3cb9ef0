import { rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTryPage } from '../../main/runtimes/try-page.ts';
import { digitsProject } from './helpers.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

const projects: string[] = [];
const servers: InProcessServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
});

/** The model server in process, with the key and the try-it page craneml serve would give it. */
async function start(server: Parameters<typeof digitsProject>[0], apiKey: string): Promise<InProcessServer> {
  const project = await digitsProject(server);
  projects.push(project);
  const page = await prepareTryPage();
  const served = await serveInProcess(project, { apiKey, settings: { pageDir: page.dir } });
  servers.push(served);
  return served;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would add Accept-Encoding and undo the gzip; request() does neither). */
async function get(server: InProcessServer, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await server.fetch(path, { headers });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
}

const STRICT_CSP = /default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:/;

describe('the try-it page served by the Node runtime', () => {
  let keyed: InProcessServer;
  beforeAll(async () => {
    keyed = await start({}, 'page-key');
  });

  it('serves the page, its script and its style without the API key, under the strict CSP', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/page/page.js', 'text/javascript'],
      ['/page/page.css', 'text/css'],
    ] as const) {
      const answer = await get(keyed, path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toContain(type);
      expect(answer.headers['content-security-policy'], path).toMatch(STRICT_CSP);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
    const html = (await get(keyed, '/')).body.toString('utf8');
    expect(html).toContain('<script type="module" src="/page/page.js"></script>');
    // The page is open; what it calls is not.
    expect((await get(keyed, '/metadata')).status).toBe(401);
    expect((await get(keyed, '/metadata', { 'X-API-Key': 'page-key' })).status).toBe(200);
  });

  it('sends the gzip copy when the client accepts gzip, and not when it refuses it', async () => {
    const plain = await get(keyed, '/page/page.js');
    const zipped = await get(keyed, '/page/page.js', { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const refused = await get(keyed, '/page/page.js', { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.equals(plain.body)).toBe(true);
  });

  it('serves the small status page instead with server.page false, behind the API key like the API', async () => {
    const apiOnly = await start({ page: false }, 'page-key');
    expect((await get(apiOnly, '/')).status).toBe(401);
    const answer = await get(apiOnly, '/', { 'X-API-Key': 'page-key' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = answer.body.toString('utf8');
    expect(html).toContain('<a href="/docs">API docs</a>');
    expect(html).not.toContain('/page/page.js');
    expect((await get(apiOnly, '/page/page.js', { 'X-API-Key': 'page-key' })).status).toBe(404);
  });
});
