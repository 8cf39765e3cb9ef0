/** The server as another program runs it in its own process (`craneml serve`), loaded by path from main/. */
import type { EmbeddedServeOptions, EmbeddedServer, RuntimeEmbedModule } from '../../../main/shared/runtime-embed.ts';
import { CraneError } from '../../../main/errors.ts';
import { apiKeyFrom } from './auth.ts';
import { createLogger } from './log.ts';
import { startServer } from './server.ts';
import { exitOnSignals } from './signals.ts';

/** The key given, else the one the environment names, as the image reads it (CRANEML_API_KEY_FILE too). */
function apiKeyOf(options: EmbeddedServeOptions): string | undefined {
  if (options.apiKey) return options.apiKey;
  try {
    return apiKeyFrom(process.env);
  } catch (error) {
    throw new CraneError('USAGE', (error as Error).message, { cause: error });
  }
}

export async function serveEmbedded(options: EmbeddedServeOptions): Promise<EmbeddedServer> {
  const apiKey = apiKeyOf(options);
  const server = await startServer({
    ...options,
    apiKey,
    log: createLogger({ enabled: options.log }),
    ...(options.pageDir ? { settings: { pageDir: options.pageDir } } : {}),
  });
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
