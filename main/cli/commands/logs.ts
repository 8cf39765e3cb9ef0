/** `craneml logs <container> [-f]`: a container's output, stdout and stderr kept apart. */
import type { Command } from 'commander';
import { assertContainerName } from '../../shared/name-checks.ts';
import { CraneError } from '../../errors.ts';
import { action } from '../run-action.ts';

interface LogsOptions {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
}

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description("print a container's logs")
    .argument('<container>', 'container name or ID')
    .option('-f, --follow', 'keep printing new lines until the container stops (Ctrl-C to quit)')
    .option('-n, --tail <lines>', 'only the last N lines')
    .option('-t, --timestamps', 'prefix each line with its time')
    .action(
      action(async (container: string, options: LogsOptions) => {
        assertContainerName(container);
        const tail = options.tail === undefined ? undefined : Number(options.tail);
        if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
          throw new CraneError('USAGE', `--tail wants a line count, got "${options.tail}"`);
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { serviceLogs } = await import('../../api/services.ts');
        const docker = await connectDocker();
        const controller = new AbortController();
        const quit = (): void => controller.abort();
        if (options.follow) process.once('SIGINT', quit);
        try {
          await serviceLogs(
            docker,
            container,
            { tail, timestamps: options.timestamps, follow: options.follow, signal: controller.signal },
            ({ stream, data }) => process[stream].write(data),
          );
        } finally {
          process.off('SIGINT', quit);
        }
      }),
    );
}
