/** `craneml serve <project> [--port N] [--host 127.0.0.1]`: the image's model server, in this process. */
import type { Command } from 'commander';
import { portOption } from '../options.ts';
import { action } from '../run-action.ts';

interface ServeOptions {
  port?: string;
  host: string;
  cors?: string[];
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve a project over HTTP, exactly as its image would (CRANEML_API_KEY, CRANEML_LOG=off apply)')
    .argument('<project>', 'project folder with craneml.json')
    .option('--port <n>', "port (default: the manifest's server.port; 0 picks a free one)")
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--cors <origins...>', "origins allowed by CORS, added to the manifest's server.cors_origins")
    .action(
      action(async (project: string, options: ServeOptions) => {
        const port = options.port === undefined ? undefined : portOption(options.port, '--port', { anyFree: true });
        const { serveProject } = await import('../../api/serve-project.ts');
        const corsOrigins = [
          ...(options.cors ?? []),
          ...(process.env.CRANEML_CORS_ORIGINS ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ];
        const server = await serveProject({
          project,
          port,
          host: options.host,
          apiKey: process.env.CRANEML_API_KEY || undefined,
          corsOrigins,
          log: process.env.CRANEML_LOG !== 'off',
        });
        console.log(`craneml: serving ${server.name} ${server.version} at ${server.url} (docs: ${server.url}/docs)`);
        // The process now lives until SIGTERM or SIGINT drains and exits.
      }),
    );
}
