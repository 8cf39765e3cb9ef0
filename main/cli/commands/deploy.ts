/** `craneml deploy <image>`: run a model image as a Docker Swarm service with replicas, or roll a deployment to a new image. */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { assertImageName } from '../../shared/name-checks.ts';
import { parseCpus, parseMemory } from '../../shared/sizes.ts';
import { CraneError } from '../../errors.ts';
import type { PublishMode } from '../../api/deployments.ts';
import { portOption, replicasOption, wholeNumber } from '../options.ts';
import { action } from '../run-action.ts';
import { describeDeployment } from './status.ts';

interface DeployCommandOptions {
  replicas?: string;
  name?: string;
  port?: string;
  cpus?: string;
  memory?: string;
  publish: string;
  timeout: string;
  yes?: boolean;
  json?: boolean;
}

function publishMode(value: string): PublishMode | 'auto' {
  if (value === 'auto' || value === 'ingress' || value === 'host') return value;
  throw new CraneError('USAGE', `--publish wants auto, ingress or host, got "${value}"`);
}

/** Asks before `docker swarm init`; without a terminal to ask on, says to pass --yes. */
async function askSwarmInit(yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY)
    throw new CraneError(
      'USAGE',
      'Docker is not in Swarm mode and there is no terminal to ask on; pass --yes to let craneml run docker swarm init (a single-node swarm on 127.0.0.1)',
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Docker is not in Swarm mode. Turn it on now (docker swarm init, a single node on 127.0.0.1)? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description('deploy a model image to Docker Swarm with replicas, or roll a deployment (--name) to a new image')
    .argument('<image>', 'image name or ID (craneml ls --images lists them)')
    .option('--replicas <n>', 'how many replicas (default 1; a deployment keeps its count)')
    .option('--name <name>', 'deployment (service) name; an existing one rolls to the image (default: the image name)')
    .option('-p, --port <port>', 'ingress: the published port; host: replica 1 port, replica N on port+N-1 (default 8080)')
    .option('--cpus <n>', 'CPU limit per replica, e.g. 1.5')
    .option('--memory <size>', 'memory limit per replica, e.g. 512m')
    .option('--publish <mode>', 'auto, ingress (routing mesh) or host (one port per replica on 127.0.0.1)', 'auto')
    .option('--timeout <seconds>', 'how long to wait for every replica to be healthy', '300')
    .option('-y, --yes', 'turn on Swarm mode (docker swarm init) without asking when it is off')
    .option('--json', 'print JSON')
    .action(
      action(async (image: string, options: DeployCommandOptions) => {
        assertImageName(image);
        // Every option is checked before Docker is asked anything.
        const settings = {
          image,
          name: options.name,
          replicas: options.replicas === undefined ? undefined : replicasOption(options.replicas, '--replicas'),
          port: options.port === undefined ? undefined : portOption(options.port, '--port'),
          nanoCpus: options.cpus === undefined ? undefined : parseCpus(options.cpus),
          memoryBytes: options.memory === undefined ? undefined : parseMemory(options.memory),
          publish: publishMode(options.publish),
          timeoutMs: wholeNumber(options.timeout, '--timeout', 1, 86_400) * 1000,
          consentToSwarmInit: () => askSwarmInit(options.yes),
        };
        const { connectDocker } = await import('../../api/docker-connection.ts');
        const { deploy } = await import('../../api/deployments.ts');
        const result = await deploy(await connectDocker(), settings);
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else {
          if (result.swarmInitialised)
            console.error('note: turned on Swarm mode (a single node on 127.0.0.1); docker swarm leave --force turns it off');
          const verb = result.created ? 'deployed' : result.rolledBack ? 'rolled back' : 'updated';
          console.log(`${verb} in ${(result.ms / 1000).toFixed(1)}s`);
          console.log(describeDeployment(result.status).join('\n'));
        }
        if (result.rolledBack)
          throw new CraneError(
            'CONTAINER_START',
            `${image} never became healthy, so Swarm rolled deployment ${result.status.name} back to ${result.status.image}${result.status.update?.message ? ` (${result.status.update.message})` : ''}`,
          );
      }),
    );
}
