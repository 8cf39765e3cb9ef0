/** Running model containers for the app: start one, describe how to call it, act on it, and watch its status and logs. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { followLogs } from '../docker/container-logs.ts';
import { listContainers } from '../docker/list.ts';
import { findManagedContainer } from '../docker/managed.ts';
import { removeResource } from '../docker/remove.ts';
import { runContainer } from '../docker/run-container.ts';
import { stopContainer } from '../docker/stop.ts';
import { inputKindOf } from '../shared/usage-snippets.ts';
import { snippetsOfService } from './service-snippets.ts';
import type { ContainerStatusEvent, LogLineEvent, RunningService, ServiceInfo } from '../shared/crane-api.ts';

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

export async function runService(
  docker: Docker,
  options: { image: string; port: number; cpus?: number; memoryMb?: number },
): Promise<RunningService> {
  const running = await runContainer(docker, {
    image: options.image,
    port: options.port,
    cpus: options.cpus,
    memory: options.memoryMb !== undefined ? options.memoryMb * 1024 * 1024 : undefined,
  });
  return { ...(await serviceInfo(docker, running.id)), readyMs: running.readyMs };
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
  if (action === 'stop') await stopContainer(docker, info.Id);
  else if (action === 'start' && !info.State.Running) await handle.start();
  else if (action === 'restart') await handle.restart({ t: 10 });
  return { container: info.Id, state: (await handle.inspect()).State.Status };
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
  followLogs(docker, container, { tail: 200, signal: abort.signal }, ({ stream, data }) => {
    const text = partial[stream] + data.toString('utf8');
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    for (const line of lines) emit({ stream, line });
  }).catch((error: unknown) => {
    if (!abort.signal.aborted) emit({ stream: 'stderr', line: `(the log stopped: ${(error as Error).message})` });
  });
  return () => abort.abort();
}
