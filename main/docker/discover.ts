/** Finds a Docker daemon that answers: each candidate endpoint is pinged with a bounded timeout. */
import { stat } from 'node:fs/promises';
import type Docker from 'dockerode';
import { CraneError, DockerUnavailableError } from '../errors.ts';
import { hostDiscoveryContext, type DiscoveryContext } from './discovery-context.ts';
import { createDocker, type Endpoint } from './endpoint.ts';
import { candidateEndpoints, DEFAULT_STRATEGIES, type SocketStrategy } from './socket-strategies.ts';

export interface DockerConnection {
  docker: Docker;
  endpoint: Endpoint;
}

export interface DiscoverOptions {
  context?: DiscoveryContext;
  strategies?: readonly SocketStrategy[];
  /** How long one ping may take; all candidates are pinged at once, so this bounds the whole search. */
  timeoutMs?: number;
}

/** Why a candidate failed, in words a user can act on (from the errno code, not the message). */
function reasonOf(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such socket';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (add your user to the "docker" group, or use rootless Docker)';
  if (code === 'TIMEOUT' || code === 'ABORT_ERR') return `no answer within ${timeoutMs / 1000}s`;
  return error instanceof Error ? error.message : String(error);
}

async function ping(endpoint: Endpoint, timeoutMs: number): Promise<Docker> {
  if (endpoint.socket) await stat(endpoint.socket); // ENOENT here costs no connection attempt
  const docker = createDocker(endpoint);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' }));
    }, timeoutMs);
  });
  // @types/dockerode omits ping's options; dockerode passes abortSignal through to the request.
  const pinger = docker as unknown as { ping(options: { abortSignal: AbortSignal }): Promise<unknown> };
  try {
    await Promise.race([pinger.ping({ abortSignal: controller.signal }), timeout]);
    return docker;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects to the first endpoint (in strategy order) whose daemon answers `/_ping`.
 * Throws DockerUnavailableError listing what was tried and what to do; never waits longer than
 * about `timeoutMs` (default 3 s).
 * @example
 * const { docker, endpoint } = await discoverDocker();
 * console.log(`using ${endpoint.address} (${endpoint.via})`);
 */
export async function discoverDocker(options: DiscoverOptions = {}): Promise<DockerConnection> {
  const context = options.context ?? hostDiscoveryContext();
  const timeoutMs = options.timeoutMs ?? 3000;
  let candidates: Endpoint[];
  try {
    candidates = await candidateEndpoints(context, options.strategies ?? DEFAULT_STRATEGIES);
  } catch (error) {
    if (error instanceof CraneError) throw new DockerUnavailableError(`${error.message}; ${advice(context)}`, { cause: error });
    throw error;
  }
  const results = await Promise.allSettled(candidates.map((endpoint) => ping(endpoint, timeoutMs)));
  const failures: string[] = [];
  for (const [i, result] of results.entries()) {
    const endpoint = candidates[i]!;
    if (result.status === 'fulfilled') return { docker: result.value, endpoint };
    failures.push(`${endpoint.via} ${endpoint.address}: ${reasonOf(result.reason, timeoutMs)}`);
  }
  const tried = failures.length > 0 ? failures.join('; ') : 'no candidate sockets on this platform';
  throw new DockerUnavailableError(`no Docker daemon answered (tried ${tried}). ${advice(context)}`);
}

function advice(context: DiscoveryContext): string {
  if (context.env.DOCKER_HOST) return 'Start the daemon DOCKER_HOST points to, or unset DOCKER_HOST to use the local one.';
  const start = context.platform === 'linux' ? 'start the daemon (sudo systemctl start docker)' : 'start Docker Desktop';
  return `To fix: ${start}, or set DOCKER_HOST to your daemon's address (e.g. unix:///var/run/docker.sock).`;
}
