/** `craneml rollback <name>`: return a deployment to the image it ran before its last deploy. */
import type { Command } from 'commander';
import { action } from '../run-action.ts';
import { describeDeployment } from './status.ts';

export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('roll a deployment back to its previous image, one replica at a time')
    .argument('<name>', 'deployment name (craneml status lists them)')
    .option('--json', 'print JSON')
    .action(
      action(async (name: string, options: { json?: boolean }) => {
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { rollbackDeployment } = await import('../../api/deployments.ts');
        const docker = await connectDocker();
        const result = await rollbackDeployment(docker, name);
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        console.log(`rolled back in ${(result.ms / 1000).toFixed(1)}s`);
        console.log(describeDeployment(result.status).join('\n'));
      }),
    );
}
