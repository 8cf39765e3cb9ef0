/** `craneml scale <name> <replicas>`: change how many replicas a deployment runs. */
import type { Command } from 'commander';
import { action } from '../run-action.ts';
import { MAX_REPLICAS, MIN_REPLICAS } from '../../shared/deployment-rules.ts';
import { replicasOption } from '../options.ts';
import { describeDeployment } from './status.ts';

export function registerScaleCommand(program: Command): void {
  program
    .command('scale')
    .description('set how many replicas a deployment runs, and wait until they are healthy')
    .argument('<name>', 'deployment name (craneml status lists them)')
    .argument('<replicas>', `how many replicas, ${MIN_REPLICAS} to ${MAX_REPLICAS}`)
    .option('--json', 'print JSON')
    .action(
      action(async (name: string, replicas: string, options: { json?: boolean }) => {
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { scaleDeployment } = await import('../../api/deployments.ts');
        const docker = await connectDocker();
        const result = await scaleDeployment(docker, name, replicasOption(replicas, 'replicas'));
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        console.log(`scaled in ${(result.ms / 1000).toFixed(1)}s`);
        console.log(describeDeployment(result.status).join('\n'));
      }),
    );
}
