/** `craneml ui [project]`: the draw-and-predict window in the browser (the desktop app's renderer), on 127.0.0.1. */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CraneError } from '../../errors.ts';
import { action } from '../run-action.ts';

const DIGITS_EXAMPLE = fileURLToPath(new URL('../../../assets/examples/digits', import.meta.url));

interface UiOptions {
  port: string;
  preset?: string;
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('draw and predict in the browser with a project or model (default: the digits example); 127.0.0.1 only')
    .argument('[project]', 'project folder or model file', DIGITS_EXAMPLE)
    .option('--port <n>', 'port (0 picks a free one)', '0')
    .option('--preset <name>', 'for a bare model file: describe it with a preset (digits)')
    .action(
      action(async (project: string, options: UiOptions) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CraneError('USAGE', `--port must be a number from 0 to 65535, got "${options.port}"`);
        const { Predictor } = await import('../../inference/predictor.ts');
        const { startUiServer } = await import('../../ui/ui-server.ts');
        const predictor = await Predictor.open(project, { preset: options.preset });
        const server = await startUiServer(predictor, port, (line) => console.error(line));
        console.log(`CraneML ui for ${predictor.manifest.name} ${predictor.manifest.version}: open ${server.url}`);
        console.log("(the address carries this session's token; press Ctrl+C to stop)");
        const stop = () => void server.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
    );
}
