/**
 * The try-it page served by the Python runtime: / and /page/* from the page folder beside the
 * server package (open while /metadata keeps its API key), with the pages' CSP, gzipped when the
 * client takes it; the status page with `server.page: false` or without the folder.
 */
import { request } from 'node:http';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../main/manifest.ts';
import { preparePythonRuntime } from '../../main/runtimes/python/runtime-folder.ts';
import { TRY_PAGE_HTML } from '../../main/runtimes/try-page.ts';
import { tempDir, type TempDir } from '../helpers/temp-dir.ts';
import { runtimePython, startPython, waitReady, writeProject, type PythonServer } from './server-helpers.ts';

const RUNTIME = path.resolve(import.meta.dirname, '../../templates/runtime-python');
/** The try-it page's: the status page's, with `blob:` pictures (a dropped picture shown before it is sent). */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const STATUS_CSP = PAGE_CSP.replace(' blob:', '');
const PAGE = {
  'index.html':
    '<!doctype html><html lang="en"><head><link rel="stylesheet" href="/page/page.css"></head><body><script src="/page/page.js"></script></body></html>\n',
  'page.js': `document.body.dataset.ready = "${'yes'.repeat(200)}";\n`,
  'page.css': 'body { margin: 0; }\n',
};

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with exactly the headers given (fetch would add its own Accept-Encoding and undo the gzip). */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A folder served as /app: links to the runtime's packages, and `page/` holding PAGE (with .gz beside each file). */
async function runtimeWithPage(dir: string): Promise<string> {
  for (const name of ['craneml_runtime', 'cog']) await symlink(path.join(RUNTIME, name), path.join(dir, name));
  await mkdir(path.join(dir, 'page'));
  for (const [name, text] of Object.entries(PAGE)) {
    await writeFile(path.join(dir, 'page', name), text);
    await writeFile(path.join(dir, 'page', `${name}.gz`), gzipSync(text));
  }
  return dir;
}

let python = '';
let work: TempDir;
const servers: PythonServer[] = [];

/** A new folder in this file's temp folder. */
async function folder(name: string): Promise<string> {
  const dir = path.join(work.path, name);
  await mkdir(dir);
  return dir;
}

async function started(project: string, env: NodeJS.ProcessEnv): Promise<PythonServer> {
  const server = await startPython(python, project, env);
  servers.push(server);
  await waitReady(server);
  return server;
}

beforeAll(async () => {
  python = await runtimePython();
  work = await tempDir('python-try-page');
}, 600_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await work?.remove();
});

describe('python runtime: the try-it page', () => {
  let keyed: PythonServer;
  beforeAll(async () => {
    const project = await writeProject(await folder('keyed'));
    const app = await runtimeWithPage(await folder('app'));
    keyed = await started(project, { PYTHONPATH: app, CRANEML_API_KEY: 'sesame' });
  }, 120_000);

  it('serves /, its script and its style with no API key, while /metadata asks for the key', async () => {
    for (const [route, name, type] of [
      ['/', 'index.html', 'text/html; charset=utf-8'],
      ['/page/page.js', 'page.js', 'text/javascript; charset=utf-8'],
      ['/page/page.css', 'page.css', 'text/css; charset=utf-8'],
    ] as const) {
      const answer = await raw(`${keyed.url}${route}`);
      expect(answer.status, route).toBe(200);
      expect(answer.headers['content-type'], route).toBe(type);
      expect(answer.body.toString(), route).toBe(PAGE[name]);
    }
    expect((await raw(`${keyed.url}/metadata`)).status).toBe(401);
    expect((await raw(`${keyed.url}/metadata`, { 'X-API-Key': 'sesame' })).status).toBe(200);
  });

  it("answers with the pages' strict CSP, nosniff and no referrer", async () => {
    for (const route of ['/', '/page/page.js', '/page/page.css']) {
      const { headers } = await raw(`${keyed.url}${route}`);
      expect(headers['content-security-policy'], route).toBe(PAGE_CSP);
      expect(headers['x-content-type-options'], route).toBe('nosniff');
      expect(headers['referrer-policy'], route).toBe('no-referrer');
    }
  });

  it('sends the gzipped copy only to a client that takes gzip', async () => {
    const gzipped = await raw(`${keyed.url}/page/page.js`, { 'Accept-Encoding': 'br, gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(gzipped.body.length).toBeLessThan(PAGE['page.js'].length);
    expect(gunzipSync(gzipped.body).toString()).toBe(PAGE['page.js']);
    const refusals: Record<string, string>[] = [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'gzip;q=0, br' }];
    for (const refuses of refusals) {
      const plain = await raw(`${keyed.url}/page/page.js`, refuses);
      expect(plain.headers['content-encoding'], JSON.stringify(refuses)).toBeUndefined();
      expect(plain.body.toString(), JSON.stringify(refuses)).toBe(PAGE['page.js']);
    }
    const html = await raw(`${keyed.url}/`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gunzipSync(html.body).toString()).toBe(PAGE['index.html']);
  });

  it('answers HEAD like GET, without the body', async () => {
    const head = await raw(`${keyed.url}/page/page.css`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(Number(head.headers['content-length'])).toBe(PAGE['page.css'].length);
    expect(head.body.length).toBe(0);
  });
});

describe('python runtime: the status page instead of the try-it page', () => {
  it('serves the status page with server.page false, behind the API key like the API, and no /page/*', async () => {
    const project = await writeProject(await folder('api-only'), { server: { page: false } });
    const app = await runtimeWithPage(await folder('app-api-only'));
    const server = await started(project, { PYTHONPATH: app, CRANEML_API_KEY: 'sesame' });
    expect((await raw(`${server.url}/`)).status).toBe(401);
    const page = await raw(`${server.url}/`, { 'X-API-Key': 'sesame' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('doubler <small>1.2.0</small>');
    expect(page.headers['content-security-policy']).toBe(STATUS_CSP);
    const script = await raw(`${server.url}/page/page.js`, { 'X-API-Key': 'sesame' });
    expect(script.status).toBe(404);
    expect(JSON.parse(script.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves the status page when the image holds no page folder', async () => {
    const server = await started(await writeProject(await folder('no-folder')), { PYTHONPATH: RUNTIME });
    const page = await raw(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Status: <strong id="status">ready</strong>');
    expect((await raw(`${server.url}/page/page.css`)).status).toBe(404);
  });
});

describe('python runtime: the page in its prepared folder', () => {
  it('is packaged into /app/page by the runtime folder and served from there', async () => {
    const project = await writeProject(await folder('packaged'));
    const manifest = parseManifest(JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')));
    const runtime = await preparePythonRuntime(
      { dir: project, manifest, entry: path.join(project, 'predict.py') },
      { cacheDir: path.join(work.path, 'cache') },
    );
    const server = await started(project, { PYTHONPATH: runtime.dir, CRANEML_API_KEY: 'sesame' });
    const page = await raw(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe(TRY_PAGE_HTML);
    const script = await raw(`${server.url}/page/page.js`, { 'Accept-Encoding': 'gzip' });
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(script.body).equals(await readFile(path.join(runtime.dir, 'page', 'page.js')))).toBe(true);
    expect((await raw(`${server.url}/page/page.css`)).headers['content-type']).toBe('text/css; charset=utf-8');
  });
});
