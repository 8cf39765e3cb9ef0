/** `deploy`: creates a deployment (a Swarm service), or rolls an existing one to a new image, and waits until it settles. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, daemonMessage, toCraneError } from '../docker/docker-errors.ts';
import { imageHandle } from '../docker/handles.ts';
import { assertPortFree } from '../docker/host-port.ts';
import { parseImageRef } from '../shared/image-ref.ts';
import type { DeploymentStatus } from '../shared/crane-api.ts';
import { waitSettled } from './converge.ts';
import { basePortOf, PUBLISH_LABEL } from './labels.ts';
import { choosePublishMode, replicaPort, type PublishMode } from './publishing.ts';
import { serviceSpec, type ImageConfig } from './service-spec.ts';
import { findDeployment, type SwarmService } from './status.ts';
import { ensureSwarm } from './swarm-mode.ts';
import { DEPLOYMENT_NAME, isReplicaCount, REPLICA_RANGE } from '../shared/deployment-rules.ts';

export interface DeployOptions {
  image: string;
  /** Default: the image's repository name. */
  name?: string;
  /** Default 1 (an existing deployment keeps its count). */
  replicas?: number;
  /** Ingress: the published port; host: replica 1's port. Default 8080 (an existing deployment keeps its port). */
  port?: number;
  nanoCpus?: number;
  memoryBytes?: number;
  publish?: PublishMode | 'auto';
  /** Asked when the engine is not in Swarm mode; no → a SWARM_INACTIVE error saying to pass --yes. */
  consentToSwarmInit?: () => Promise<boolean>;
  timeoutMs?: number;
  monitorSeconds?: number;
  onStatus?: (status: DeploymentStatus) => void;
}

export interface DeployResult {
  status: DeploymentStatus;
  created: boolean;
  swarmInitialised: boolean;
  rolledBack: boolean;
  /** From the request to every replica healthy (or the rollback done). */
  ms: number;
}

/** A Swarm service name from an image reference: letters, digits and dashes. */
export function defaultDeploymentName(image: string): string {
  const base = parseImageRef(image)
    .repository.split('/')
    .pop()!
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (base || 'model').slice(0, 63);
}

async function imageConfig(docker: Docker, image: string): Promise<ImageConfig> {
  try {
    const info = await imageHandle(docker, image).inspect();
    const config = info.Config as typeof info.Config & { Healthcheck?: ImageConfig['healthcheck'] };
    const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);
    return {
      id: info.Id,
      entrypoint: asList(config.Entrypoint),
      cmd: asList(config.Cmd),
      labels: config.Labels ?? {},
      healthcheck: config.Healthcheck,
    };
  } catch (error) {
    if (classifyDockerError(error) === 'not-found')
      throw new CraneError('NOT_FOUND', `image ${image} not found; build it first (craneml build), or see craneml ls --images`, {
        cause: error,
      });
    throw toCraneError(error, `inspecting image ${image}`);
  }
}

async function hostNetworkId(docker: Docker): Promise<string> {
  const host = (await docker.listNetworks({ filters: { driver: ['host'] } })).find((n) => n.Name === 'host');
  if (!host) throw new CraneError('DOCKER_ERROR', 'this Docker engine has no "host" network for host publishing; use --publish ingress');
  return host.Id;
}

/** Host publishing: the replica ports this deployment does not hold yet must be free. */
async function checkPorts(publish: PublishMode, port: number, replicas: number, held: Set<number>): Promise<void> {
  const ports = publish === 'host' ? Array.from({ length: replicas }, (_, i) => replicaPort(port, i + 1)) : [port];
  for (const p of ports) if (!held.has(p)) await assertPortFree(p);
}

/**
 * Deploys `image` as a Swarm service, or rolls the deployment of that name to it (one replica at a
 * time; Swarm rolls back by itself when a new replica never becomes healthy).
 * @example const { status } = await deploy(docker, { image: 'digits:1.0.0', replicas: 2, consentToSwarmInit: async () => true });
 */
export async function deploy(docker: Docker, options: DeployOptions): Promise<DeployResult> {
  const started = performance.now();
  const name = options.name ?? defaultDeploymentName(options.image);
  if (!DEPLOYMENT_NAME.test(name))
    throw new CraneError('USAGE', `--name ${name} is not a service name (letters, digits and dashes, up to 63)`);
  const { initialised } = await ensureSwarm(docker, options.consentToSwarmInit ?? (async () => false));
  const image = await imageConfig(docker, options.image);
  const existing = await findDeployment(docker, name);
  const labels = existing?.Spec?.Labels ?? {};
  const publish = existing ? (labels[PUBLISH_LABEL] as PublishMode) : await choosePublishMode(docker, options.publish ?? 'auto');
  if (existing && options.publish && options.publish !== 'auto' && options.publish !== publish)
    throw new CraneError('USAGE', `deployment ${name} publishes by ${publish}; undeploy it first to change --publish`);
  const port = options.port ?? basePortOf(labels);
  const replicas = options.replicas ?? existing?.Spec?.Mode?.Replicated?.Replicas ?? 1;
  if (!isReplicaCount(replicas)) throw new CraneError('USAGE', `--replicas wants ${REPLICA_RANGE}, got ${replicas}`);
  const heldPorts = existing ? await portsHeld(existing, publish) : new Set<number>();
  await checkPorts(publish, port, replicas, heldPorts);
  const spec = serviceSpec(image, {
    name,
    image: options.image,
    replicas,
    publish,
    port,
    hostNetworkId: publish === 'host' ? await hostNetworkId(docker) : undefined,
    nanoCpus: options.nanoCpus,
    memoryBytes: options.memoryBytes,
    monitorSeconds: options.monitorSeconds,
  });
  try {
    if (existing) await docker.getService(existing.ID).update({ _query: { version: existing.Version?.Index }, _body: spec });
    else await docker.createService(spec as Docker.ServiceSpec);
  } catch (error) {
    throw new CraneError('DOCKER_ERROR', `${existing ? 'updating' : 'creating'} deployment ${name}: ${daemonMessage(error)}`, {
      cause: error,
    });
  }
  const settled = await waitSettled(docker, name, {
    image: options.image,
    replicas,
    timeoutMs: options.timeoutMs ?? 300_000,
    onStatus: options.onStatus,
  });
  return {
    status: settled.status,
    created: !existing,
    swarmInitialised: initialised,
    rolledBack: settled.rolledBack,
    ms: Math.round(performance.now() - started),
  };
}

/** The ports a deployment's replicas hold now (host publishing), so a re-deploy does not trip over its own. */
async function portsHeld(service: SwarmService, publish: PublishMode): Promise<Set<number>> {
  const labels = service.Spec?.Labels ?? {};
  const port = basePortOf(labels);
  const replicas = service.Spec?.Mode?.Replicated?.Replicas ?? 0;
  return new Set(publish === 'host' ? Array.from({ length: replicas }, (_, i) => replicaPort(port, i + 1)) : [port]);
}
