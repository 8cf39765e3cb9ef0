/** A Docker daemon address (unix://, npipe://, tcp://, ssh://) turned into dockerode connection options. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import './modem-redirects.ts';

/** One place a daemon may answer, and how to connect to it. */
export interface Endpoint {
  /** Which strategy proposed it, e.g. "DOCKER_HOST", "rootless Docker". */
  via: string;
  /** The address as a user would write it, e.g. unix:///var/run/docker.sock. */
  address: string;
  options: Docker.DockerOptions;
  /** A unix socket path to check before pinging: a missing file is skipped without a connection attempt. */
  socket?: string;
}

export interface TlsFiles {
  /** Folder holding ca.pem, cert.pem and key.pem. */
  certDir: string;
}

function socketOptions(socketPath: string): Docker.DockerOptions {
  return { socketPath, host: undefined, port: undefined, protocol: 'http' };
}

const MODEM_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'];

/**
 * A client for exactly this endpoint. docker-modem's constructor also reads DOCKER_* from
 * process.env (and cert files, throwing when they are missing); the endpoint has already resolved
 * those from the discovery context, so they are hidden for the (synchronous) construction.
 */
export function createDocker(endpoint: Endpoint): Docker {
  const saved = MODEM_ENV.map((key) => [key, process.env[key]] as const);
  for (const key of MODEM_ENV) delete process.env[key];
  try {
    return new Docker(endpoint.options);
  } finally {
    for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
  }
}

export function unixEndpoint(via: string, socketPath: string): Endpoint {
  return { via, address: `unix://${socketPath}`, options: socketOptions(socketPath), socket: socketPath };
}

export function pipeEndpoint(via: string, pipe: string): Endpoint {
  return { via, address: `npipe://${pipe}`, options: socketOptions(pipe) };
}

/**
 * Parses a daemon address the way the docker CLI does; TLS files are read when given.
 * @example
 * await endpointFromHost('DOCKER_HOST', 'tcp://127.0.0.1:2375'); // { options: { host: '127.0.0.1', port: 2375, protocol: 'http' }, ... }
 */
export async function endpointFromHost(via: string, host: string, tls?: TlsFiles): Promise<Endpoint> {
  if (host.startsWith('unix://')) return unixEndpoint(via, host.slice('unix://'.length) || '/var/run/docker.sock');
  if (host.startsWith('npipe://')) return pipeEndpoint(via, host.slice('npipe://'.length) || '//./pipe/docker_engine');
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`);
  } catch {
    throw new CraneError(
      'USAGE',
      `${via}: "${host}" is not a Docker address (use unix:///path, tcp://host:port, ssh://user@host or npipe:////./pipe/name)`,
    );
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'ssh:') {
    const options: Docker.DockerOptions = {
      protocol: 'ssh',
      host: hostname,
      port: Number(url.port || 22),
      username: url.username || undefined,
    };
    options.sshOptions = { agent: process.env.SSH_AUTH_SOCK };
    return { via, address: host, options };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CraneError('USAGE', `${via}: unsupported scheme in "${host}"`);
  }
  const secure = url.protocol === 'https:' || tls !== undefined || url.port === '2376';
  const port = Number(url.port || (secure ? 2376 : 2375));
  const options: Docker.DockerOptions = { host: hostname, port, protocol: secure ? 'https' : 'http', socketPath: undefined };
  if (tls) {
    const read = (name: string) => readFile(path.join(tls.certDir, name)).catch(() => undefined);
    const [ca, cert, key] = await Promise.all([read('ca.pem'), read('cert.pem'), read('key.pem')]);
    Object.assign(options, { ca, cert, key });
  }
  return { via, address: host, options };
}
