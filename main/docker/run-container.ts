/** Creates, starts and waits for a CraneML container until its /readyz answers 200. */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { APP_ORIGINS } from '../shared/app-origins.ts';
import { lastLogLines } from './container-logs.ts';
import { classifyDockerError, daemonMessage, toCraneError } from './docker-errors.ts';
import { imageHandle } from './handles.ts';
import { assertPortFree } from './host-port.ts';
import { parseImageRef } from '../shared/image-ref.ts';
import { DEFAULT_HOST_PORT } from '../shared/port-rule.ts';
import { CONTAINER_PORT } from '../runtimes/image-layout.ts';
import { HOST_PORT_LABEL, NETWORK_LABEL } from './labels.ts';
import { DEFAULT_READY_TIMEOUT_S } from '../shared/deployment-rules.ts';
import { ownContainerLabels } from './ownership.ts';
import { parseCpus, parseMemory } from '../shared/sizes.ts';
import { waitReady } from './wait-ready.ts';

export interface RunOptions {
  image: string;
  /** Host port on 127.0.0.1 (default 8080). With host networking the server listens on it directly. */
  port?: number;
  /** "host" (default) or a Docker network such as "bridge" (then 127.0.0.1:port maps to the container port). */
  network?: string;
  name?: string;
  cpus?: number | string;
  memory?: number | string;
  env?: Record<string, string>;
  /** Extra labels, e.g. to find a test's containers. */
  labels?: Record<string, string>;
  /** Overrides the image's command (tests run an inline server). */
  cmd?: string[];
  readyTimeoutMs?: number;
  readyPath?: string;
  /** Docker restart policy (default "unless-stopped": a crash or an out-of-memory kill does not leave the service down). */
  restart?: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  /** Read-only root filesystem, with a small /tmp in memory (default true). */
  readOnly?: boolean;
  /** Seconds `docker stop` waits after SIGTERM before SIGKILL (default 10: the server drains for 8). */
  stopTimeout?: number;
}

export interface RunningContainer {
  id: string;
  name: string;
  url: string;
  port: number;
  /** From the start request to the first 200 on the ready path. */
  readyMs: number;
}

/** The server drains for 8 s (CRANEML_DRAIN_MS in the image); Docker waits this long before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_S = 10;

function defaultName(image: string): string {
  const base = parseImageRef(image)
    .repository.split('/')
    .pop()!
    .replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `${/^[a-zA-Z0-9]/.test(base) ? base : `c${base}`}-${randomBytes(3).toString('hex')}`;
}

async function imageOf(docker: Docker, image: string): Promise<{ id: string; labels: Record<string, string> }> {
  try {
    const info = await imageHandle(docker, image).inspect();
    return { id: info.Id, labels: info.Config.Labels ?? {} };
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') {
      throw new CraneError('NOT_FOUND', `image ${image} not found; build it first (craneml build), or see craneml ls --images`, {
        cause: error,
      });
    }
    throw toCraneError(error, `inspecting image ${image}`);
  }
}

function createOptions(
  options: RunOptions,
  name: string,
  port: number,
  image: { id: string; labels: Record<string, string> },
): Docker.ContainerCreateOptions {
  const network = options.network ?? 'host';
  const host = network === 'host';
  // With host networking the server binds the host's port itself, so loopback unless asked otherwise.
  const env = {
    PORT: String(host ? port : CONTAINER_PORT),
    ...(host ? { HOST: '127.0.0.1' } : {}),
    ...options.env,
    CRANEML_CORS_ORIGINS: [...APP_ORIGINS, options.env?.CRANEML_CORS_ORIGINS].filter(Boolean).join(','),
  };
  const binding = `${CONTAINER_PORT}/tcp`;
  return {
    name,
    Image: options.image,
    Cmd: options.cmd,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...image.labels,
      ...options.labels,
      ...ownContainerLabels(image.id),
      [HOST_PORT_LABEL]: String(port),
      [NETWORK_LABEL]: network,
    },
    ExposedPorts: host ? undefined : { [binding]: {} },
    StopTimeout: options.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S,
    HostConfig: {
      NetworkMode: network,
      PortBindings: host ? undefined : { [binding]: [{ HostIp: '127.0.0.1', HostPort: String(port) }] },
      NanoCpus: options.cpus !== undefined ? parseCpus(options.cpus) : undefined,
      Memory: options.memory !== undefined ? parseMemory(options.memory) : undefined,
      // A tiny init as PID 1 forwards SIGTERM, so `stop` is quick even for a server without a handler.
      Init: true,
      RestartPolicy: { Name: options.restart ?? 'unless-stopped' },
      // The server writes nothing: no root filesystem writes, no capabilities, no privilege gain.
      ReadonlyRootfs: options.readOnly ?? true,
      Tmpfs: (options.readOnly ?? true) ? { '/tmp': 'rw,noexec,nosuid,size=16m' } : undefined,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
    },
  };
}

async function createContainer(docker: Docker, create: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  try {
    return await docker.createContainer(create);
  } catch (error) {
    if (classifyDockerError(error) === 'conflict') {
      throw new CraneError(
        'DOCKER_ERROR',
        `a container named ${create.name} already exists; choose another --name, or remove it with craneml rm ${create.name}`,
        {
          cause: error,
        },
      );
    }
    throw toCraneError(error, `creating a container from ${create.Image}`);
  }
}

/** Removes a container that failed to start, after taking its last log lines; never throws. */
async function discard(docker: Docker, container: Docker.Container, id: string): Promise<string[]> {
  const lines = await lastLogLines(docker, id, 40).catch(() => []);
  await container.remove({ force: true }).catch(() => undefined);
  return lines;
}

/**
 * Runs `image` labelled as CraneML's, then waits for GET http://127.0.0.1:<port>/readyz → 200.
 * Fails with PORT_IN_USE before creating anything when the port is taken, and with
 * CONTAINER_START (carrying the container's last 40 log lines) when it never becomes ready;
 * a failed container is removed.
 * @example
 * const { url, readyMs } = await runContainer(docker, { image: 'digits:1.0', port: 8080 });
 */
export async function runContainer(docker: Docker, options: RunOptions): Promise<RunningContainer> {
  const port = options.port ?? DEFAULT_HOST_PORT;
  await assertPortFree(port);
  const image = await imageOf(docker, options.image);
  const name = options.name ?? defaultName(options.image);
  const container = await createContainer(docker, createOptions(options, name, port, image));
  const started = performance.now();
  try {
    await container.start();
  } catch (error) {
    const lines = await discard(docker, container, container.id);
    throw new CraneError('CONTAINER_START', `container ${name} did not start: ${daemonMessage(error)}${formatLines(lines)}`, {
      cause: error,
    });
  }
  const url = `http://127.0.0.1:${port}`;
  // With a restart policy a crashed server comes back; before it was ever ready, a restart counts as an exit.
  const stillRunning = async () => {
    const info = await container.inspect().catch(() => undefined);
    return info?.State.Running === true && !info.State.Restarting && (info.RestartCount ?? 0) === 0;
  };
  const ready = await waitReady(`${url}${options.readyPath ?? '/readyz'}`, {
    timeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_S * 1000,
    stillRunning,
  });
  if (!ready.ready) {
    const lines = await discard(docker, container, container.id);
    throw new CraneError(
      'CONTAINER_START',
      `container ${name} from ${options.image} is not ready on ${url}: ${ready.reason}${formatLines(lines)}`,
    );
  }
  return { id: container.id, name, url, port, readyMs: Math.round(performance.now() - started) };
}

function formatLines(lines: string[]): string {
  return lines.length > 0 ? `\nlast ${lines.length} log lines:\n${lines.join('\n')}` : '\n(the container printed nothing)';
}
