/**
 * The Swarm service spec of a deployment, built from the image's own facts (command, HEALTHCHECK,
 * labels): hardened like `craneml run`, rolling updates that roll back on failure, CraneML labels.
 */
import { ownContainerLabels } from '../docker/ownership.ts';
import { engineHealthcheck } from '../runtimes/health-check.ts';
import { runtimeIdOfImage } from '../runtimes/image-layout.ts';
import { runtimeById } from '../runtimes/index.ts';
import { APP_ORIGINS } from '../shared/app-origins.ts';
import { BASE_PORT_LABEL, COPIED_IMAGE_LABELS, DEPLOYMENT_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE, PUBLISH_LABEL } from './labels.ts';
import { CONTAINER_PORT, SLOT_PORT_SHELL, type PublishMode } from './publishing.ts';

const NS = 1e9;
/** The server drains for 8 s on SIGTERM (CRANEML_DRAIN_MS); Swarm waits this long before SIGKILL. */
const STOP_GRACE_NS = 10 * NS;
/** How long Swarm watches each updated replica for a failure before calling the update done. */
export const DEFAULT_MONITOR_S = 10;
/**
 * The pause after each replica of an update. Swarm hands a replica that FAILED back to the updater as
 * "started" (its state is past running); the failure reaches the monitor at the same moment, so without
 * a pause the updater can take the next replica down before it stops and rolls back (seen here: both
 * replicas down for ~30 s). A few seconds let the rollback win that race.
 */
export const UPDATE_DELAY_S = 5;
/** The label that changes when the tag names new content, so a re-deploy of a rebuilt tag rolls. */
export const IMAGE_ID_LABEL = 'io.craneml.image-id';

/** What the spec needs from `docker image inspect`. */
export interface ImageConfig {
  id: string;
  entrypoint: string[];
  cmd: string[];
  labels: Record<string, string>;
  /** The image's HEALTHCHECK: Test as Docker stores it, durations in nanoseconds. */
  healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
}

export interface SpecOptions {
  name: string;
  image: string;
  replicas: number;
  publish: PublishMode;
  /** Ingress: the published port. Host: replica 1's port (replica N: port + N - 1). */
  port: number;
  /** The "host" network's ID (host publishing). */
  hostNetworkId?: string;
  nanoCpus?: number;
  memoryBytes?: number;
  monitorSeconds?: number;
}

/** Quotes one word for /bin/sh. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The image's HEALTHCHECK as the service's (an image without one gets its runtime's probe); with host
 * publishing its probe runs with PORT set to the replica's own port, as the server does.
 * @example healthcheckFor(config, 'host').Test; // ['CMD-SHELL', 'PORT=$((...)); export PORT; exec node -e ...']
 */
export function healthcheckFor(image: ImageConfig, publish: PublishMode): Record<string, unknown> {
  const own = image.healthcheck;
  const runtime = engineHealthcheck(runtimeById(runtimeIdOfImage(image.labels)).healthCheck);
  const test = own?.Test && own.Test[0] !== 'NONE' && own.Test.length > 0 ? own.Test : runtime.Test;
  const timing = {
    Interval: own?.Interval ?? runtime.Interval,
    Timeout: own?.Timeout ?? runtime.Timeout,
    StartPeriod: own?.StartPeriod ?? runtime.StartPeriod,
    Retries: own?.Retries ?? runtime.Retries,
  };
  if (publish === 'ingress') return { Test: test, ...timing };
  const line = test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : `exec ${test.slice(1).map(shellWord).join(' ')}`;
  return { Test: ['CMD-SHELL', `${SLOT_PORT_SHELL} ${line}`], ...timing };
}

function deploymentLabels(options: SpecOptions, image: ImageConfig): Record<string, string> {
  const copied = Object.fromEntries(COPIED_IMAGE_LABELS.flatMap((k) => (image.labels[k] ? [[k, image.labels[k]]] : [])));
  return {
    ...copied,
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [DEPLOYMENT_LABEL]: options.name,
    [PUBLISH_LABEL]: options.publish,
    [BASE_PORT_LABEL]: String(options.port),
  };
}

/**
 * The whole service spec (Docker Engine API 1.41 `ServiceSpec`).
 * @example
 * await docker.createService(serviceSpec(config, { name: 'digits', image: 'digits:1.0.0', replicas: 2, publish: 'host', port: 8080, hostNetworkId }));
 */
export function serviceSpec(image: ImageConfig, options: SpecOptions): Record<string, unknown> {
  const host = options.publish === 'host';
  const order = host ? 'stop-first' : 'start-first'; // a replica's host port is free only once the old task stopped
  const monitor = (options.monitorSeconds ?? DEFAULT_MONITOR_S) * NS;
  const env = {
    CRANEML_CORS_ORIGINS: APP_ORIGINS.join(','),
    ...(host
      ? { HOST: '127.0.0.1', CRANEML_BASE_PORT: String(options.port), CRANEML_REPLICA_SLOT: '{{.Task.Slot}}' }
      : { PORT: String(CONTAINER_PORT) }),
  };
  const labels = deploymentLabels(options, image);
  return {
    Name: options.name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image,
        // Host publishing: sh turns the base port and the slot into PORT, then runs the image's own command.
        ...(host
          ? { Command: ['/bin/sh', '-c', `${SLOT_PORT_SHELL} exec "$@"`, 'craneml-replica', ...image.entrypoint], Args: image.cmd }
          : {}),
        Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        // Swarm creates the replicas from this spec, so they are CraneML's as `craneml run`'s containers are.
        Labels: { ...ownContainerLabels(image.id), [DEPLOYMENT_LABEL]: options.name, [IMAGE_ID_LABEL]: image.id },
        Healthcheck: healthcheckFor(image, options.publish),
        StopGracePeriod: STOP_GRACE_NS,
        Init: true,
        // The server writes nothing (test/docker/hardened-export.test.ts runs it read-only with no tmpfs): no capabilities either.
        ReadOnly: true,
        CapabilityDrop: ['ALL'],
        // Newer engines (Engine API 1.51's ContainerSpec has it) set no_new_privs; older ones ignore the field.
        Privileges: { NoNewPrivileges: true },
      },
      Resources: { Limits: { NanoCPUs: options.nanoCpus, MemoryBytes: options.memoryBytes } },
      RestartPolicy: { Condition: 'any', Delay: 2 * NS, MaxAttempts: 0 },
      ...(host && options.hostNetworkId ? { Networks: [{ Target: options.hostNetworkId }] } : {}),
    },
    Mode: { Replicated: { Replicas: options.replicas } },
    UpdateConfig: {
      Parallelism: 1,
      Delay: UPDATE_DELAY_S * NS,
      FailureAction: 'rollback',
      Monitor: monitor,
      MaxFailureRatio: 0,
      Order: order,
    },
    RollbackConfig: { Parallelism: 1, Delay: 0, FailureAction: 'pause', Monitor: monitor, MaxFailureRatio: 0, Order: order },
    ...(host
      ? {}
      : {
          EndpointSpec: {
            Mode: 'vip',
            Ports: [{ Protocol: 'tcp', TargetPort: CONTAINER_PORT, PublishedPort: options.port, PublishMode: 'ingress' }],
          },
        }),
  };
}
