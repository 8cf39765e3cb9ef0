/** `craneml status [name]`: each deployment's replicas desired, running and healthy, its image and model version, and each replica's URL. */
import type { Command } from 'commander';
import type { DeploymentStatus } from '../../shared/crane-api.ts';
import { action } from '../run-action.ts';

/** The lines `status`, `deploy`, `scale` and `rollback` print for one deployment. */
export function describeDeployment(status: DeploymentStatus): string[] {
  const { desired, running, healthy } = status.replicas;
  const model = status.modelName ? ` (${status.modelName} ${status.modelVersion ?? ''})`.replace(' )', ')') : '';
  const lines = [
    `${status.name}: ${status.image}${model}`,
    `  replicas: ${desired} desired, ${running} running, ${healthy} healthy`,
    `  publish:  ${status.publish === 'ingress' ? `ingress, ${status.url} in front of every replica` : `host, one port per replica from ${status.port}`}`,
  ];
  if (status.update) lines.push(`  update:   ${status.update.state}${status.update.message ? ` (${status.update.message})` : ''}`);
  for (const r of status.replicaList)
    lines.push(
      `  replica ${r.slot}: ${r.url}  ${r.state}, ${r.health}, ${r.image}${r.modelVersion ? ` v${r.modelVersion}` : ''}${r.error ? `: ${r.error}` : ''}`,
    );
  return lines;
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('show CraneML deployments on Docker Swarm: replicas, image, model version and replica URLs')
    .argument('[name]', 'one deployment (default: all)')
    .option('--json', 'print JSON')
    .action(
      action(async (name: string | undefined, options: { json?: boolean }) => {
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { deploymentStatuses } = await import('../../api/deployments.ts');
        const all = await deploymentStatuses(await connectDocker(), name);
        if (options.json) return console.log(JSON.stringify(name ? all[0] : all, null, 2));
        if (all.length === 0) return console.log('no deployments (craneml deploy <image> makes one)');
        console.log(all.map((s) => describeDeployment(s).join('\n')).join('\n\n'));
      }),
    );
}
