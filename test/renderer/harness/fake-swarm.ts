/**
 * An in-memory Docker Swarm behind the deployment calls, as the real contract behaves: off until a deploy
 * consents (SWARM_INACTIVE otherwise), deploy adds or rolls a deployment, scale sets the count, rollback returns to
 * the previous image (USAGE when there is none), undeploy removes. `?deployments=2` starts with Swarm on
 * and two deployments; an image tagged `:broken` is rolled back; scaling `flaky` fails.
 */
import type { CraneCalls, DeploymentStatus } from '../../../main/shared/crane-api.ts';
import { apiError } from './api-error.ts';

type SwarmCalls = Pick<CraneCalls, 'listDeployments' | 'deploy' | 'scaleDeployment' | 'rollbackDeployment' | 'undeploy'>;

interface FakeDeployment {
  image: string;
  previous?: string;
  replicas: number;
  port: number;
  update?: DeploymentStatus['update'];
}

/** Long enough for a test to see the progress line, short enough to keep tests quick. */
const CONVERGE_MS = 400;

function statusOf(name: string, d: FakeDeployment): DeploymentStatus {
  const replicaList = Array.from({ length: d.replicas }, (_, i) => ({
    slot: i + 1,
    state: 'running',
    health: 'healthy' as const,
    image: d.image,
    modelVersion: d.image.split(':')[1],
    url: `http://127.0.0.1:${d.port + i}`,
  }));
  return {
    name,
    image: d.image,
    modelName: d.image.split(':')[0],
    modelVersion: d.image.split(':')[1],
    publish: 'host',
    port: d.port,
    replicas: { desired: d.replicas, running: d.replicas, healthy: d.replicas },
    update: d.update,
    replicaList,
  };
}

export function createFakeSwarm(log: (name: string, args: unknown) => void): SwarmCalls {
  const seeded = new URLSearchParams(window.location.search).has('deployments');
  let swarmOn = seeded;
  const deployments = new Map<string, FakeDeployment>(
    seeded
      ? [
          ['digits', { image: 'digits:2.0.0', previous: 'digits:1.0.0', replicas: 2, port: 8080 }],
          ['flaky', { image: 'flaky:1.0.0', replicas: 1, port: 9080 }],
        ]
      : [],
  );
  // The fake's rollout takes CONVERGE_MS, as a real one takes time: its behaviour, not a wait for something.
  const settle = () => new Promise((resolve) => setTimeout(resolve, CONVERGE_MS));
  const find = (name: string) => {
    const found = deployments.get(name);
    if (!found) throw apiError('NOT_FOUND', `no deployment named ${name}; craneml status lists them`);
    return found;
  };
  const settled = async (name: string) => {
    const started = performance.now();
    await settle();
    return { status: statusOf(name, find(name)), ms: Math.round(performance.now() - started) };
  };

  return {
    listDeployments: async () => [...deployments].map(([name, d]) => statusOf(name, d)).sort((a, b) => a.name.localeCompare(b.name)),
    deploy: async (args) => {
      log('deploy', args);
      const swarmInitialised = !swarmOn && args.initSwarm === true;
      if (!swarmOn && !swarmInitialised)
        throw apiError(
          'SWARM_INACTIVE',
          'Docker is not in Swarm mode; pass --yes to let craneml turn it on (docker swarm init: a single-node swarm on 127.0.0.1)',
        );
      swarmOn = true;
      const name = args.name ?? args.image.split(':')[0]!;
      const existing = deployments.get(name);
      const rolledBack = args.image.endsWith(':broken');
      const next: FakeDeployment = rolledBack
        ? {
            ...existing!,
            update: { state: 'rollback_completed', message: 'update rolled back due to failure or early termination of task' },
          }
        : {
            image: args.image,
            previous: existing?.image,
            replicas: args.replicas ?? existing?.replicas ?? 1,
            port: existing?.port ?? 8080,
          };
      deployments.set(name, next);
      const { status, ms } = await settled(name);
      return { status, created: !existing, swarmInitialised, rolledBack, ms };
    },
    scaleDeployment: async (args) => {
      log('scaleDeployment', args);
      const d = find(args.name);
      await settle();
      if (args.name === 'flaky') throw apiError('CONTAINER_START', `deployment ${args.name} did not settle within 300 s`);
      d.replicas = args.replicas;
      return settled(args.name);
    },
    rollbackDeployment: async (args) => {
      log('rollbackDeployment', args);
      const d = find(args.name);
      if (!d.previous) throw apiError('USAGE', `deployment ${args.name} has no previous version to roll back to`);
      [d.image, d.previous] = [d.previous, d.image];
      return settled(args.name);
    },
    undeploy: async (args) => {
      log('undeploy', args);
      find(args.name);
      await settle();
      deployments.delete(args.name);
      return { removed: args.name, ms: CONVERGE_MS };
    },
  };
}
