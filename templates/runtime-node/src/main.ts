/**
 * Entry point of the model server inside an image (bundled by esbuild into server.mjs).
 * Project folder: argv[2] or CRANEML_PROJECT (default /model); PORT (default: the manifest's, 8080);
 * HOST (default 0.0.0.0); CRANEML_API_KEY, or CRANEML_API_KEY_FILE (a Docker or Kubernetes secret);
 * CRANEML_CORS_ORIGINS (comma-separated); CRANEML_LOG=off; the limits in settings.ts.
 */
import { startServer } from './server.ts';
import { exitOnSignals } from './signals.ts';
import { createLogger } from './log.ts';
import { apiKeyFrom } from './auth.ts';
import { parsePort } from '../../../main/shared/port-rule.ts';

function envList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function envPort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = parsePort(value, { anyFree: true });
  if (port === undefined) throw new Error(`PORT must be a port number, got "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const log = createLogger({ enabled: process.env.CRANEML_LOG !== 'off' });
  try {
    const server = await startServer({
      project: process.argv[2] ?? process.env.CRANEML_PROJECT ?? '/model',
      port: envPort(process.env.PORT),
      host: process.env.HOST || '0.0.0.0',
      apiKey: apiKeyFrom(process.env),
      corsOrigins: envList(process.env.CRANEML_CORS_ORIGINS),
      log,
    });
    exitOnSignals(server);
    await server.ready;
    log.event('info', 'ready', { url: server.url });
  } catch (error) {
    log.event('error', 'the server could not start', { error: error instanceof Error ? error.message : String(error) });
    log.flush();
    process.exit(1);
  }
}

await main();
