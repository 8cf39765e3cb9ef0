/** A real core behind a real web-mode server on 127.0.0.1, with its own config folder, for the web tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCraneCore, type CraneCore } from '../../main/api/crane-core.ts';
import { SettingsStore } from '../../main/api/settings.ts';
import { startWebServer, type WebServer } from '../../main/web/web-server.ts';

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

/**
 * @example const web = await startWebFixture('names'); await web.call('appState', {});
 */
export async function startWebFixture(name: string, options: Parameters<typeof startWebServer>[2] = {}): Promise<WebFixture> {
  const config = await mkdtemp(path.join(os.tmpdir(), `craneml-web-${name}-`));
  const core = createCraneCore({ settings: new SettingsStore(config), projectsDir: path.join(config, 'projects') });
  const server = await startWebServer(core, 0, options);
  const origin = new URL(server.url).origin;
  const token = new URL(server.url).searchParams.get('token')!;
  return {
    core,
    server,
    origin,
    token,
    call: (call, body, headers = {}) =>
      fetch(`${origin}/api/call/${call}`, {
        method: 'POST',
        headers: { 'X-CraneML-Token': token, 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: async () => {
      await server.close();
      await core.close();
      await rm(config, { recursive: true, force: true });
    },
  };
}
