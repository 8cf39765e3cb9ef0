/** `craneml stop <container...>`: stop CraneML containers (SIGTERM, then SIGKILL after --time). */
import type { Command } from 'commander';
import { assertContainerName } from '../../shared/name-checks.ts';
import { CraneError } from '../../errors.ts';
import { action } from '../run-action.ts';

export function registerStopCommand(program: Command): void {
  program
    .command('stop')
    .description('stop running CraneML containers')
    .argument('<containers...>', 'container names or IDs')
    .option('-t, --time <seconds>', 'grace period before the container is killed', '10')
    .action(
      action(async (containers: string[], options: { time: string }) => {
        containers.forEach(assertContainerName);
        const grace = Number(options.time);
        if (!Number.isInteger(grace) || grace < 0) throw new CraneError('USAGE', `--time wants whole seconds, got "${options.time}"`);
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { stopService } = await import('../../api/services.ts');
        const docker = await connectDocker();
        for (const container of containers) {
          const stopped = await stopService(docker, container, { graceSeconds: grace });
          console.log(stopped ? `stopped ${container}` : `${container} was not running`);
        }
      }),
    );
}
