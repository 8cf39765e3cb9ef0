/** `craneml ui [project]`: the app (wizard, containers, draw-and-predict) in the browser, on 127.0.0.1 only. */
import type { Command } from 'commander';
import { portOption } from '../options.ts';
import { action } from '../run-action.ts';

interface UiOptions {
  port: string;
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('open the app in a browser: package a model, run it, draw to predict, manage containers (127.0.0.1 only)')
    .argument('[project]', 'project folder (with craneml.json) to open at its Image step')
    .option('--port <n>', 'port (0 picks a free one)', '0')
    .action(
      action(async (project: string | undefined, options: UiOptions) => {
        const port = portOption(options.port, '--port', { anyFree: true });
        const { createCraneCore } = await import('../../api/crane-core.ts');
        const { startWebServer } = await import('../../web/web-server.ts');
        const { keepServing } = await import('../../api/keep-serving.ts');
        keepServing((line) => console.error(line));
        const core = createCraneCore({ project });
        // A wrong project folder is said here, once, rather than as an error page.
        const state = await core.handlers.appState({});
        const server = await startWebServer(core, port, { log: (line) => console.error(line) });
        const opened = state.project ? ` with ${state.project.name} ${state.project.version}` : '';
        console.log(`CraneML ${state.version}${opened}: open ${server.url}`);
        console.log("(the address carries this session's token; press Ctrl+C to stop)");
        const stop = () => void server.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
