/**
 * Where a Docker daemon may be listening, one small strategy per convention, in the order tried:
 * DOCKER_HOST, the docker CLI's current context, the system socket, Docker Desktop, rootless
 * Docker, Podman, and Windows named pipes.
 */
import path from 'node:path';
import { contextEndpoint } from './docker-context.ts';
import type { DiscoveryContext } from './discovery-context.ts';
import { endpointFromHost, pipeEndpoint, unixEndpoint, type Endpoint } from './endpoint.ts';

export interface SocketStrategy {
  readonly name: string;
  candidates(context: DiscoveryContext): Promise<Endpoint[]>;
}

const unix = (context: DiscoveryContext): boolean => context.platform !== 'win32';

export const dockerHostStrategy: SocketStrategy = {
  name: 'DOCKER_HOST',
  async candidates({ env }) {
    if (!env.DOCKER_HOST) return [];
    const secure = env.DOCKER_TLS_VERIFY === '1' || (env.DOCKER_CERT_PATH ?? '') !== '';
    return [
      await endpointFromHost(
        'DOCKER_HOST',
        env.DOCKER_HOST,
        secure && env.DOCKER_CERT_PATH ? { certDir: env.DOCKER_CERT_PATH } : undefined,
      ),
    ];
  },
};

export const dockerContextStrategy: SocketStrategy = {
  name: 'docker context',
  async candidates(context) {
    const found = await contextEndpoint(context);
    if (!found) return [];
    return [await endpointFromHost(`docker context "${found.name}"`, found.host, found.tlsDir ? { certDir: found.tlsDir } : undefined)];
  },
};

export const systemSocketStrategy: SocketStrategy = {
  name: 'system socket',
  async candidates(context) {
    return unix(context) ? [unixEndpoint('system socket', '/var/run/docker.sock')] : [];
  },
};

export const dockerDesktopStrategy: SocketStrategy = {
  name: 'Docker Desktop',
  async candidates(context) {
    if (!unix(context)) return [];
    const home = context.homedir;
    return [
      unixEndpoint('Docker Desktop', path.join(home, '.docker', 'run', 'docker.sock')),
      unixEndpoint('Docker Desktop', path.join(home, '.docker', 'desktop', 'docker.sock')),
    ];
  },
};

/** $XDG_RUNTIME_DIR, else /run/user/<uid>; both when they differ. */
function runtimeDirs(context: DiscoveryContext): string[] {
  const dirs = [context.env.XDG_RUNTIME_DIR, context.uid !== undefined ? `/run/user/${context.uid}` : undefined];
  return dirs.filter((dir): dir is string => !!dir);
}

export const rootlessStrategy: SocketStrategy = {
  name: 'rootless Docker',
  async candidates(context) {
    return context.platform === 'linux'
      ? runtimeDirs(context).map((dir) => unixEndpoint('rootless Docker', path.join(dir, 'docker.sock')))
      : [];
  },
};

export const podmanStrategy: SocketStrategy = {
  name: 'Podman',
  async candidates(context) {
    if (context.platform !== 'linux') return [];
    const user = runtimeDirs(context).map((dir) => unixEndpoint('Podman', path.join(dir, 'podman', 'podman.sock')));
    return [...user, unixEndpoint('Podman', '/run/podman/podman.sock')];
  },
};

export const namedPipeStrategy: SocketStrategy = {
  name: 'named pipe',
  async candidates(context) {
    if (context.platform !== 'win32') return [];
    return [
      pipeEndpoint('Docker Desktop (Windows)', '//./pipe/docker_engine'),
      pipeEndpoint('Docker Desktop (Windows)', '//./pipe/dockerDesktopLinuxEngine'),
    ];
  },
};

export const DEFAULT_STRATEGIES: readonly SocketStrategy[] = [
  dockerHostStrategy,
  dockerContextStrategy,
  systemSocketStrategy,
  dockerDesktopStrategy,
  rootlessStrategy,
  podmanStrategy,
  namedPipeStrategy,
];

/**
 * Every candidate endpoint in order, without duplicates. DOCKER_HOST, when set, is the only one:
 * the user chose it, so silently using another daemon would surprise them.
 * @example
 * await candidateEndpoints({ platform: 'linux', env: {}, homedir: '/home/me', uid: 1000 });
 */
export async function candidateEndpoints(
  context: DiscoveryContext,
  strategies: readonly SocketStrategy[] = DEFAULT_STRATEGIES,
): Promise<Endpoint[]> {
  const chosen = context.env.DOCKER_HOST ? strategies.filter((s) => s === dockerHostStrategy) : strategies;
  const seen = new Set<string>();
  const result: Endpoint[] = [];
  for (const strategy of chosen) {
    for (const endpoint of await strategy.candidates(context)) {
      if (seen.has(endpoint.address)) continue;
      seen.add(endpoint.address);
      result.push(endpoint);
    }
  }
  return result;
}
