/**
 * The model server's requests go through the one dispatcher (main/http/dispatch.ts): a target that is
 * not a path is a 400 in each API's error style, an unknown path a 404, and the Allow header lists
 * what the route answers, OPTIONS included.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsProject } from './helpers.ts';
import { serveInProcess, type InProcessServer } from './in-process.ts';

let project = '';
let server: InProcessServer;

beforeAll(async () => {
  project = await digitsProject();
  server = await serveInProcess(project);
});

afterAll(async () => {
  await server?.shutdown();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('the model server dispatcher', () => {
  it('answers a target that starts with "//" 400, as the web mode does, in each API style', async () => {
    for (const target of ['//predict', '//healthz', '//attacker.example/predict']) {
      const answer = await server.fetch(target);
      expect(answer.status, target).toBe(400);
      expect(await answer.json(), target).toEqual({ error: { code: 'BAD_REQUEST', message: 'the request target must be a path' } });
    }
    const v2 = await server.fetch('//v2/models/digits/ready');
    expect(v2.status).toBe(400);
    expect((await server.fetch('/readyz')).status).toBe(200);
  });

  it('answers an unknown path 404 and lists OPTIONS in Allow, as the route answers it', async () => {
    const missing = await server.fetch('/nope');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const wrong = await server.fetch('/predict', { method: 'PUT', body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    const options = await server.fetch('/healthz', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});
