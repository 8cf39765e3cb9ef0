/** The server as another program runs it in its own process (`craneml serve`), loaded by path from main/. */
import type { EmbeddedServeOptions, EmbeddedServer, RuntimeEmbedModule } from '../../../main/shared/runtime-embed.ts';
import { createLogger } from './log.ts';
import { startServer } from './server.ts';
import { exitOnSignals } from './signals.ts';

export async function serveEmbedded(options: EmbeddedServeOptions): Promise<EmbeddedServer> {
  const server = await startServer({ ...options, log: createLogger({ enabled: options.log }) });
  exitOnSignals(server);
  try {
    await server.ready;
  } catch (error) {
    await server.shutdown();
    throw error;
  }
  server.app.log.flush();
  return { url: server.url, name: server.app.manifest.name, version: server.app.manifest.version };
}

serveEmbedded satisfies RuntimeEmbedModule['serveEmbedded'];
