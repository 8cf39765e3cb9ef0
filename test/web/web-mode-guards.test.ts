/** The web mode refuses what is not its own page on this machine: no token, another Origin or Host, a non-loopback peer or address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CraneCore } from '../../main/api/crane-core.ts';
import { createSessionGuard } from '../../main/web/session-guard.ts';
import { startWebServer } from '../../main/web/web-server.ts';
import { inProcessWebFixture, startWebFixture, type InProcessWeb } from './web-fixture.ts';

let core: CraneCore;
let origin: string;
let token: string;
let web: InProcessWeb;

/** A request whose Host and Origin can be anything a hostile page or rebinding DNS would send (bytes: no Content-Type). */
async function status(target: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<number> {
  return (await web.fetch(target, { method, headers, body: body === undefined ? undefined : Buffer.from(body) })).status;
}

const fetch = (url: string, init?: RequestInit) => web.fetch(url, init);
const call = (name: string, body: unknown, headers?: Record<string, string>) => web.call(name, body, headers);

beforeAll(async () => {
  web = await inProcessWebFixture('guards');
  ({ core, origin, token } = web);
});

afterAll(async () => {
  await web?.close();
});

describe('web mode guards', () => {
  it('serves the page and the API only with the session token', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(403);
    expect((await fetch(`${origin}/?token=${token}`)).status).toBe(200);
    expect((await fetch(`${origin}/api/call/appState`, { method: 'POST', body: '{}' })).status).toBe(403);
    // The page's token in the URL is not accepted by the API, which wants the header.
    expect((await fetch(`${origin}/api/call/appState?token=${token}`, { method: 'POST', body: '{}' })).status).toBe(403);
    const answer = await call('appState', {});
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { result: { version: string } }).result.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a foreign Origin even with the token', async () => {
    expect((await call('appState', {}, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await call('appState', {}, { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await call('appState', {}, { Origin: origin })).status).toBe(200);
  });

  it('refuses a foreign Host name (DNS rebinding) and targets that are not paths', async () => {
    const api = (host: string) => status('/api/call/appState', { Host: host, 'X-CraneML-Token': token }, 'POST', '{}');
    expect(await api(`127.0.0.1:${web.port}`)).toBe(200);
    expect(await api(`localhost:${web.port}`)).toBe(200);
    expect(await api(`rebound.example:${web.port}`)).toBe(403);
    expect(await api(`192.168.1.20:${web.port}`)).toBe(403);
    expect(await api('127.0.0.1')).toBe(403);
    expect(await status('//%%', { Host: `127.0.0.1:${web.port}` })).toBe(400);
    expect(await status(`//attacker.example/?token=${token}`, { Host: `127.0.0.1:${web.port}` })).toBe(400);
  });

  it('listens on loopback only and refuses peers that are not loopback', async () => {
    const listening = await startWebFixture('guards-listening');
    try {
      expect(listening.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect((await globalThis.fetch(listening.server.url)).status).toBe(200);
    } finally {
      await listening.close();
    }
    await expect(startWebServer(core, 0, { host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only/);
    const guard = createSessionGuard(web.port, token);
    const headers = { host: `127.0.0.1:${web.port}` };
    expect(guard.refuse(headers, token, '127.0.0.1')).toBeUndefined();
    expect(guard.refuse(headers, token, '::ffff:127.0.0.1')).toBeUndefined();
    expect(guard.refuse(headers, token, '::1')).toBeUndefined();
    expect(guard.refuse(headers, token, '10.0.0.5')).toMatch(/loopback/);
    expect(guard.refuse(headers, token, '::ffff:192.168.0.2')).toMatch(/loopback/);
    expect(guard.refuse(headers, token, undefined)).toMatch(/loopback/);
  });

  it('sends a strict CSP and no-sniff on every answer', async () => {
    const page = await fetch(`${origin}/?token=${token}`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${origin}/app.js`)).headers.get('content-security-policy')).toBe(csp);
  });

  it('validates every call: unknown names, wrong methods, bad arguments and oversized bodies get clear errors', async () => {
    expect((await call('noSuchCall', {})).status).toBe(404);
    const wrongMethod = await fetch(`${origin}/api/call/appState`, { headers: { 'X-CraneML-Token': token } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const bad = await call('runImage', { image: 'digits; rm -rf /', port: 80_000 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BAD_ARGUMENTS' });
    const notJson = await call('appState', '{"oops"');
    expect(notJson.status).toBe(400);
    const traversal = await call('stageModel', { files: [{ name: '../../etc/passwd', bytes: {} }] });
    expect(traversal.status).toBe(400);
    const huge = await call('openProject', { dir: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const missing = await call('openProject', { dir: '/nonexistent/craneml-project' });
    // The core's refusal is the call's answer, with 200 (a 4xx would be logged by the page's console).
    expect(missing.status).toBe(200);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/no such file or folder/);
    expect((await call('appState', {})).status).toBe(200);
  });

  it('stops an event subscription when the page closes its stream', async () => {
    const abort = new AbortController();
    const params = encodeURIComponent(JSON.stringify({ jobId: 'build-nothing-1' }));
    const stream = await fetch(`${origin}/api/events/build?params=${params}`, {
      headers: { 'X-CraneML-Token': token },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await expect.poll(() => core.hub.listenerCount('build', 'build-nothing-1')).toBe(1);
    abort.abort();
    await expect.poll(() => core.hub.listenerCount('build', 'build-nothing-1')).toBe(0);
    const noToken = await fetch(`${origin}/api/events/build?params=${params}`);
    expect(noToken.status).toBe(403);
    expect((await fetch(`${origin}/api/events/nothing?params=%7B%7D`, { headers: { 'X-CraneML-Token': token } })).status).toBe(404);
  });
});
