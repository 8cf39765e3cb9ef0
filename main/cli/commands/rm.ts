/** `craneml rm <name...>`: remove CraneML containers or images by name or ID. */
import type { Command } from 'commander';
import { assertContainerOrImageName } from '../../shared/name-checks.ts';
import { action } from '../run-action.ts';

export function registerRmCommand(program: Command): void {
  program
    .command('rm')
    .description('remove CraneML containers or images (a container of that name first, else an image)')
    .argument('<names...>', 'container or image names or IDs')
    .option('-f, --force', 'also remove a running container, or an image still in use')
    .action(
      action(async (names: string[], options: { force?: boolean }) => {
        names.forEach(assertContainerOrImageName);
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { removeResource } = await import('../../api/inventory.ts');
        const docker = await connectDocker();
        for (const name of names) {
          const removed = await removeResource(docker, name, { force: options.force });
          console.log(`removed ${removed.kind} ${name}`);
        }
      }),
    );
}
