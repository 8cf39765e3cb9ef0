/** `craneml undeploy <name>`: remove a deployment and wait until its containers are gone. */
import type { Command } from 'commander';
import { action } from '../run-action.ts';

export function registerUndeployCommand(program: Command): void {
  program
    .command('undeploy')
    .description('remove a deployment (its Swarm service and containers); Swarm mode itself stays on')
    .argument('<name>', 'deployment name (craneml status lists them)')
    .action(
      action(async (name: string) => {
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { undeploy } = await import('../../api/deployments.ts');
        const docker = await connectDocker();
        const result = await undeploy(docker, name);
        console.log(`removed deployment ${result.removed} (${(result.ms / 1000).toFixed(1)}s)`);
      }),
    );
}
