/** The model server started in this test's process and asked through request(): no port, no child process. */
import { request } from '../../main/http/request.ts';
import { startServer, type StartOptions } from '../../templates/runtime-node/src/server.ts';
import { bodyOf, type Json } from './helpers.ts';

export interface InProcessServer extends AsyncDisposable {
  /** A base for full URLs: "http://127.0.0.1:0", where nothing listens, unless started with `listen: true`. */
  url: string;
  /** fetch() for a path or a URL of this server (a path such as "//x" goes as written). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs JSON (or a string as given) and returns status, headers and the parsed body. */
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: Json }>;
  /** Shuts the server down (the same as leaving an `await using` scope). */
  shutdown(): Promise<void>;
}

/**
 * Starts the model server for `project` with no port and waits until its model is ready.
 * @example await using server = await serveInProcess(project); expect((await server.fetch('/healthz')).status).toBe(200);
 */
export async function serveInProcess(project: string, options: Omit<StartOptions, 'project'> = {}): Promise<InProcessServer> {
  // `listen: true` also opens a port, for a client in another process (craneml predict).
  const server = await startServer({ log: false, listen: false, ...options, project });
  try {
    await server.ready;
  } catch (error) {
    await server.shutdown();
    throw error;
  }
  const ask = (path: string, init?: RequestInit): Promise<Response> => request(server.http, path, init);
  return {
    url: server.url,
    fetch: ask,
    postJson: async (path, body, headers = {}) => {
      const response = await ask(path, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...headers },
      });
      return { status: response.status, headers: response.headers, body: await bodyOf(response) };
    },
    shutdown: () => server.shutdown(),
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
