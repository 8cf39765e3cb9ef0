/** What a deployment is doing: replicas desired, running and healthy, the image and model version, each replica's URL. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from '../docker/docker-errors.ts';
import type { DeploymentStatus, ReplicaStatus } from '../shared/crane-api.ts';
import { DEPLOYMENT_NAME } from '../shared/deployment-rules.ts';
import { quoteName } from '../shared/docker-names.ts';
import { basePortOf, DEPLOYMENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE, PUBLISH_LABEL } from './labels.ts';
import { replicaPort, type PublishMode } from './publishing.ts';

/** The parts of a Swarm service this module reads (Engine API `Service`). */
export interface SwarmService {
  ID: string;
  Version?: { Index?: number };
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number } };
    TaskTemplate?: { ContainerSpec?: { Image?: string } };
  };
  PreviousSpec?: { TaskTemplate?: { ContainerSpec?: { Image?: string } } };
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string };
}

interface SwarmTask {
  ID: string;
  Slot?: number;
  DesiredState?: string;
  Spec?: { ContainerSpec?: { Image?: string } };
  Status?: { State?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

/** The CraneML service called `name`, or undefined; a service that is not CraneML's is an error. */
export async function findDeployment(docker: Docker, name: string): Promise<SwarmService | undefined> {
  if (!DEPLOYMENT_NAME.test(name))
    throw new CraneError('USAGE', `${quoteName(name)} is not a deployment name (letters, digits and dashes, up to 63)`);
  let service: SwarmService;
  try {
    service = (await docker.getService(name).inspect()) as SwarmService;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw toCraneError(error, `looking up deployment ${name}`);
  }
  if (service.Spec?.Labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE)
    throw new CraneError('USAGE', `the Swarm service ${name} was not deployed by CraneML; choose another --name`);
  return service;
}

/** Like findDeployment, but NOT_FOUND when there is none. */
export async function requireDeployment(docker: Docker, name: string): Promise<SwarmService> {
  const service = await findDeployment(docker, name);
  if (!service) throw new CraneError('NOT_FOUND', `no deployment named ${name}; craneml status lists them`);
  return service;
}

async function containerHealth(docker: Docker, id: string | undefined): Promise<ReplicaStatus['health']> {
  if (!id) return 'none';
  try {
    const state = (await docker.getContainer(id).inspect()).State as { Health?: { Status?: string } };
    const status = state.Health?.Status;
    return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';
  } catch {
    return 'unknown'; // on another node, or already gone
  }
}

async function modelVersionOf(docker: Docker, image: string, cache: Map<string, string | undefined>): Promise<string | undefined> {
  if (!cache.has(image)) {
    const labels = await docker
      .getImage(image)
      .inspect()
      .then(
        (i) => i.Config.Labels ?? {},
        () => ({}) as Record<string, string>,
      );
    cache.set(image, labels['io.craneml.model.version']);
  }
  return cache.get(image);
}

/**
 * The status of one deployment, from the service and its tasks that should be running.
 * @example (await deploymentStatus(docker, service)).replicas; // { desired: 2, running: 2, healthy: 2 }
 */
export async function deploymentStatus(docker: Docker, service: SwarmService): Promise<DeploymentStatus> {
  const spec = service.Spec ?? {};
  const labels = spec.Labels ?? {};
  const name = spec.Name ?? service.ID;
  const publish = (labels[PUBLISH_LABEL] === 'ingress' ? 'ingress' : 'host') as PublishMode;
  const port = basePortOf(labels);
  const tasks = (await docker.listTasks({ filters: { service: [service.ID], 'desired-state': ['running'] } })) as SwarmTask[];
  const versions = new Map<string, string | undefined>();
  const replicas: ReplicaStatus[] = [];
  for (const task of tasks.sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0))) {
    const image = task.Spec?.ContainerSpec?.Image ?? '';
    const state = task.Status?.State ?? 'unknown';
    const slot = task.Slot ?? 0;
    replicas.push({
      slot,
      state,
      health: state === 'running' ? await containerHealth(docker, task.Status?.ContainerStatus?.ContainerID) : 'none',
      image,
      modelVersion: await modelVersionOf(docker, image, versions),
      url: publish === 'host' ? `http://127.0.0.1:${replicaPort(port, slot)}` : `http://127.0.0.1:${port}`,
      error: task.Status?.Err || undefined,
    });
  }
  const running = replicas.filter((r) => r.state === 'running');
  const image = spec.TaskTemplate?.ContainerSpec?.Image ?? '';
  return {
    name,
    image,
    modelName: labels['io.craneml.model.name'],
    modelVersion: labels['io.craneml.model.version'],
    publish,
    port,
    url: publish === 'ingress' ? `http://127.0.0.1:${port}` : undefined,
    replicas: {
      desired: spec.Mode?.Replicated?.Replicas ?? 0,
      running: running.length,
      // A task reaches "running" only once its HEALTHCHECK passed; "unknown" is a replica on another node.
      healthy: running.filter((r) => r.health === 'healthy' || r.health === 'unknown').length,
    },
    update: service.UpdateStatus?.State ? { state: service.UpdateStatus.State, message: service.UpdateStatus.Message } : undefined,
    replicaList: replicas,
  };
}

/** Every CraneML deployment on this Swarm, by name. */
export async function listDeployments(docker: Docker): Promise<DeploymentStatus[]> {
  const services = (await docker.listServices({
    filters: { label: [`${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`, DEPLOYMENT_LABEL] },
  })) as SwarmService[];
  const all = await Promise.all(services.map((s) => deploymentStatus(docker, s)));
  return all.sort((a, b) => a.name.localeCompare(b.name));
}
