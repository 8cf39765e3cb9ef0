/** `scale`, `rollback` and `undeploy` on an existing deployment. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { daemonMessage } from '../docker/docker-errors.ts';
import { assertPortFree } from '../docker/host-port.ts';
import type { DeploymentStatus } from '../shared/crane-api.ts';
import { waitSettled } from './converge.ts';
import { basePortOf, PUBLISH_LABEL } from './labels.ts';
import { replicaPort } from './publishing.ts';
import { deploymentStatus, requireDeployment, type SwarmService } from './status.ts';
import { isReplicaCount, REPLICA_RANGE } from '../shared/deployment-rules.ts';

export interface ActionResult {
  status: DeploymentStatus;
  ms: number;
}

async function update(docker: Docker, service: SwarmService, body: unknown, query: Record<string, unknown> = {}): Promise<void> {
  try {
    await docker.getService(service.ID).update({ _query: { version: service.Version?.Index, ...query }, _body: body });
  } catch (error) {
    throw new CraneError('DOCKER_ERROR', `updating deployment ${service.Spec?.Name}: ${daemonMessage(error)}`, { cause: error });
  }
}

/**
 * Sets the replica count and waits until exactly that many run healthy. With host publishing the new
 * replicas' ports must be free (Swarm gives new replicas the lowest free slots).
 * @example await scaleDeployment(docker, 'digits', 3, { timeoutMs: 120_000 });
 */
export async function scaleDeployment(
  docker: Docker,
  name: string,
  replicas: number,
  options: { timeoutMs?: number } = {},
): Promise<ActionResult> {
  if (!isReplicaCount(replicas)) throw new CraneError('USAGE', `replicas must be ${REPLICA_RANGE}, got ${replicas}`);
  const started = performance.now();
  const service = await requireDeployment(docker, name);
  const labels = service.Spec?.Labels ?? {};
  if (labels[PUBLISH_LABEL] === 'host') {
    const held = new Set((await deploymentStatus(docker, service)).replicaList.map((r) => r.slot));
    const base = basePortOf(labels);
    let free = replicas - held.size;
    for (let slot = 1; free > 0; slot++) {
      if (held.has(slot)) continue;
      await assertPortFree(replicaPort(base, slot));
      free--;
    }
  }
  const spec = service.Spec as Record<string, unknown>;
  await update(docker, service, { ...spec, Mode: { Replicated: { Replicas: replicas } } });
  const settled = await waitSettled(docker, name, { replicas, timeoutMs: options.timeoutMs ?? 300_000 });
  return { status: settled.status, ms: Math.round(performance.now() - started) };
}

/**
 * Returns the deployment to its previous spec (the image it ran before the last deploy), one replica at a time.
 * @example await rollbackDeployment(docker, 'digits');
 */
export async function rollbackDeployment(docker: Docker, name: string, options: { timeoutMs?: number } = {}): Promise<ActionResult> {
  const started = performance.now();
  const service = await requireDeployment(docker, name);
  // After a rollback the "previous" spec is the one rolled away from: rolling back again would redo it.
  if (service.UpdateStatus?.State?.startsWith('rollback'))
    throw new CraneError(
      'USAGE',
      `deployment ${name} was just rolled back; deploy the image you want with craneml deploy <image> --name ${name}`,
    );
  if (!service.PreviousSpec) throw new CraneError('USAGE', `deployment ${name} has no previous version to roll back to`);
  await update(docker, service, service.Spec, { rollback: 'previous' });
  const image = service.PreviousSpec.TaskTemplate?.ContainerSpec?.Image;
  const settled = await waitSettled(docker, name, { image, timeoutMs: options.timeoutMs ?? 300_000 });
  return { status: settled.status, ms: Math.round(performance.now() - started) };
}

/**
 * Removes the service and waits until its containers are gone.
 * @example await undeploy(docker, 'digits'); // { removed: 'digits' }
 */
export async function undeploy(
  docker: Docker,
  name: string,
  options: { timeoutMs?: number } = {},
): Promise<{ removed: string; ms: number }> {
  const started = performance.now();
  const service = await requireDeployment(docker, name);
  try {
    await docker.getService(service.ID).remove();
  } catch (error) {
    throw new CraneError('DOCKER_ERROR', `removing deployment ${name}: ${daemonMessage(error)}`, { cause: error });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const filters = { label: [`com.docker.swarm.service.id=${service.ID}`] };
  while ((await docker.listContainers({ all: true, filters })).length > 0) {
    if (Date.now() > deadline) throw new CraneError('DOCKER_ERROR', `deployment ${name} was removed but its containers are still stopping`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { removed: name, ms: Math.round(performance.now() - started) };
}
