/** A real core behind the real web mode, with its own config folder, for the web tests: on a port, or in process with no port. */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { request } from '../../main/http/request.ts';
import { attachWebMode, startWebServer, type WebServer } from '../../main/web/web-server.ts';
import { cachedBundle } from '../renderer/bundle-cache.ts';

export interface WebFixture {
  core: CraneCore;
  server: WebServer;
  origin: string;
  token: string;
  /** POSTs a call with the session token: `body` as JSON, or as given when it is a string. */
  call(name: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops the server and the core and removes the config folder. */
  close(): Promise<void>;
}

/** A core with its own config folder, removed by the returned function. */
async function coreFor(name: string): Promise<{ core: CraneCore; remove(): Promise<void> }> {
  const config = await mkdtemp(path.join(os.tmpdir(), `craneml-web-${name}-`));
  const core = createCraneCore({ settings: new SettingsStore(config), projectsDir: path.join(config, 'projects') });
  return { core, remove: () => rm(config, { recursive: true, force: true }) };
}

/** POSTs a call as the page does, through `send` (fetch, or request() in process). */
function caller(send: (url: string, init: RequestInit) => Promise<Response>, origin: string, token: string): WebFixture['call'] {
  return (call, body, headers = {}) =>
    send(`${origin}/api/call/${call}`, {
      method: 'POST',
      headers: { 'X-CraneML-Token': token, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
}

/**
 * The web mode listening on 127.0.0.1 (for clients that need a socket: uploads streamed by hand, a browser).
 * @example const web = await startWebFixture('names'); await web.call('appState', {});
 */
export async function startWebFixture(name: string, options: Parameters<typeof startWebServer>[2] = {}): Promise<WebFixture> {
  const { core, remove } = await coreFor(name);
  const server = await startWebServer(core, 0, options).catch(async (error: unknown) => {
    await core.close();
    await remove();
    throw error;
  });
  const origin = new URL(server.url).origin;
  const token = new URL(server.url).searchParams.get('token')!;
  return {
    core,
    server,
    origin,
    token,
    call: caller(fetch, origin, token),
    close: async () => {
      await server.close();
      await core.close();
      await remove();
    },
  };
}

export interface InProcessWeb extends AsyncDisposable {
  core: CraneCore;
  /** The port the page believes it is on: its Host and Origin name it; nothing listens there. */
  port: number;
  origin: string;
  token: string;
  /** fetch() to the web mode: a URL at `origin`, or a path sent as written ("//x" too) with `origin`'s Host. */
  fetch(target: string, init?: RequestInit): Promise<Response>;
  call: WebFixture['call'];
  /** Stops the core and removes the config folder (the same as leaving an `await using` scope). */
  close(): Promise<void>;
}

const IN_PROCESS_PORT = 41_873;

/**
 * The web mode's node:http server in this process, asked through request(): no port, no socket.
 * @example await using web = await inProcessWebFixture('guards'); expect((await web.call('appState', {})).status).toBe(200);
 */
export async function inProcessWebFixture(name: string, options: { title?: string; maxUploadBytes?: number } = {}): Promise<InProcessWeb> {
  const bundle = await cachedBundle();
  const { core, remove } = await coreFor(name);
  const server = http.createServer({ requestTimeout: 0 });
  const token = attachWebMode(server, core, IN_PROCESS_PORT, bundle, options);
  const origin = `http://127.0.0.1:${IN_PROCESS_PORT}`;
  const send = (target: string, init: RequestInit = {}): Promise<Response> =>
    target.startsWith('/')
      ? request(server, target, { ...init, headers: { Host: `127.0.0.1:${IN_PROCESS_PORT}`, ...(init.headers as Record<string, string>) } })
      : request(server, target, init);
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await core.close();
    await remove();
  };
  return {
    core,
    port: IN_PROCESS_PORT,
    origin,
    token,
    fetch: send,
    call: caller(send, origin, token),
    close,
    [Symbol.asyncDispose]: close,
  };
}
