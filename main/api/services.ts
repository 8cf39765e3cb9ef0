/** Running model containers for the app: start one, describe how to call it, act on it, and watch its status and logs. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { followLogs, readLogs, type LogOptions } from '../docker/container-logs.ts';
import type { LogChunk } from '../docker/log-demux.ts';
import { listContainers } from '../docker/list.ts';
import { findManagedContainer } from '../docker/managed.ts';
import { imageFacts } from '../docker/image-facts.ts';
import { runContainer, type RunningContainer, type RunOptions } from '../docker/run-container.ts';
import { stopContainer } from '../docker/stop.ts';
import { inputKindOf } from '../shared/usage-snippets.ts';
import { removeResource } from './inventory.ts';
import { snippetsOfService } from './service-snippets.ts';
import type { CallSnippets, ContainerStatusEvent, LogLineEvent, RunningService, ServiceInfo } from '../shared/crane-api.ts';

export type { RunningContainer, RunOptions };

const STATUS_POLL_MS = 1000;
const READY_PROBE_MS = 800;

async function managedContainer(docker: Docker, nameOrId: string): Promise<Docker.ContainerInspectInfo> {
  const info = await findManagedContainer(docker, nameOrId);
  if (!info) throw new CraneError('NOT_FOUND', `no container ${nameOrId}; the Containers page lists them`);
  return info;
}

async function answersReady(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(READY_PROBE_MS) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Where a managed container answers, from the same listing `craneml ls` uses. */
async function urlOf(docker: Docker, id: string): Promise<string | undefined> {
  return (await listContainers(docker)).find((c) => c.id === id)?.url;
}

/** @example (await serviceInfo(docker, 'digits-1a2b3c')).snippets.curl */
export async function serviceInfo(docker: Docker, container: string): Promise<ServiceInfo> {
  const info = await managedContainer(docker, container);
  const url = await urlOf(docker, info.Id);
  if (!url) throw new CraneError('USAGE', `container ${info.Name.replace(/^\//, '')} is not running; start it first`);
  const kind = inputKindOf(info.Config.Labels ?? undefined);
  return {
    container: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    url,
    docsUrl: `${url}/docs`,
    ready: await answersReady(url),
    inputKind: kind,
    snippets: await snippetsOfService(url, kind),
  };
}

/**
 * Starts a model image, hardened (read-only root, no capabilities, restart policy), and waits until
 * its /readyz answers; a container that never gets ready is removed, its last log lines in the
 * CONTAINER_START error. The one way every front end runs an image (`craneml run`, the app's Run).
 * @example const { url, name } = await startService(docker, { image: 'digits:1.0', port: 8080 });
 */
export function startService(docker: Docker, options: RunOptions): Promise<RunningContainer> {
  return runContainer(docker, options);
}

/** startService, then how to call what it started (the app's Run answers this). */
export async function runService(docker: Docker, options: RunOptions): Promise<RunningService> {
  const running = await startService(docker, options);
  return { ...(await serviceInfo(docker, running.id)), readyMs: running.readyMs };
}

/**
 * The calls of `image` served at `url`, the example instance fitted to its input kind.
 * @example (await imageSnippets(docker, 'digits:1.0', 'http://127.0.0.1:8080')).curl
 */
export async function imageSnippets(docker: Docker, image: string, url: string): Promise<CallSnippets> {
  return snippetsOfService(url, (await imageFacts(docker, image)).inputKind);
}

export async function containerAction(
  docker: Docker,
  container: string,
  action: 'start' | 'stop' | 'restart' | 'remove',
): Promise<{ container: string; state: string }> {
  const info = await managedContainer(docker, container);
  const handle = docker.getContainer(info.Id);
  if (action === 'remove') {
    await removeResource(docker, info.Id, { force: true });
    return { container: info.Id, state: 'removed' };
  }
  if (action === 'stop') await stopService(docker, info.Id);
  else if (action === 'start' && !info.State.Running) await handle.start();
  else if (action === 'restart') await handle.restart({ t: 10 });
  return { container: info.Id, state: (await handle.inspect()).State.Status };
}

/**
 * Stops a CraneML container: SIGTERM, then SIGKILL after `graceSeconds` (default 10). Resolves
 * `false` when it was not running; NOT_FOUND for a container CraneML did not create.
 * @example await stopService(docker, 'digits-3fa2c1', { graceSeconds: 10 }); // true
 */
export function stopService(docker: Docker, container: string, options: { graceSeconds?: number } = {}): Promise<boolean> {
  return stopContainer(docker, container, options);
}

/**
 * A container's log, stdout and stderr kept apart: what it holds so far (the last `tail` lines),
 * or with `follow` that and then each chunk as it comes until the container stops or `signal` aborts.
 * @example await serviceLogs(docker, 'digits', { tail: 10 }, ({ stream, data }) => process[stream].write(data));
 */
export async function serviceLogs(
  docker: Docker,
  container: string,
  options: LogOptions & { follow?: boolean; signal?: AbortSignal },
  onChunk: (chunk: LogChunk) => void,
): Promise<void> {
  if (options.follow) return followLogs(docker, container, options, onChunk);
  for (const chunk of await readLogs(docker, container, options)) onChunk(chunk);
}

/** Polls a container's state and /readyz, emitting on each change, until stopped. */
export function watchStatus(docker: Docker, container: string, emit: (event: ContainerStatusEvent) => void): () => void {
  let stopped = false;
  let last = '';
  const tick = async (): Promise<void> => {
    const info = await findManagedContainer(docker, container).catch(() => undefined);
    const url = info?.State.Running ? await urlOf(docker, info.Id).catch(() => undefined) : undefined;
    const event: ContainerStatusEvent = {
      container,
      state: info?.State.Status ?? 'removed',
      ready: await answersReady(url),
      ...(url ? { url } : {}),
    };
    const key = JSON.stringify(event);
    if (!stopped && key !== last) {
      last = key;
      emit(event);
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      await tick();
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

/** Follows a container's log (the last 200 lines, then live), line by line, until stopped. */
export function watchLogs(docker: Docker, container: string, emit: (event: LogLineEvent) => void): () => void {
  const abort = new AbortController();
  const partial = { stdout: '', stderr: '' };
  serviceLogs(docker, container, { tail: 200, follow: true, signal: abort.signal }, ({ stream, data }) => {
    const text = partial[stream] + data.toString('utf8');
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    for (const line of lines) emit({ stream, line });
  }).catch((error: unknown) => {
    if (!abort.signal.aborted) emit({ stream: 'stderr', line: `(the log stopped: ${(error as Error).message})` });
  });
  return () => abort.abort();
}
