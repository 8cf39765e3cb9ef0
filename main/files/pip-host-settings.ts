/**
 * What a pip run inside a container needs from the host to reach a package index: the host's CA
 * bundle (a proxy here re-signs TLS) and its proxy and index settings. The converter image's build
 * and the Python runtime's dependency image both take them from here, and neither keeps them in an image.
 * Also where torch's CPU wheels come from, and a host folder of wheels (an offline wheelhouse).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** The CA bundle's name inside the folder a build or container is given. */
export const HOST_CA_FILE = 'host-ca.crt';

const PIP_HOST_ENV = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
];

/**
 * The host's proxy and index settings that are set, by name.
 * @example pipHostEnv({ HTTPS_PROXY: 'http://proxy:3128', HOME: '/root' }) // { HTTPS_PROXY: 'http://proxy:3128' }
 */
export function pipHostEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(PIP_HOST_ENV.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

/** Copies the host's CA bundle into `dir` as HOST_CA_FILE; an empty file where the host has none (pip then uses its own). */
export async function copyHostCaBundle(dir: string): Promise<void> {
  const target = path.join(dir, HOST_CA_FILE);
  await copyFile(HOST_CA_BUNDLE, target).catch(() => writeFile(target, ''));
}

/**
 * PyTorch's index of CPU-only wheels: PyPI's Linux torch is the CUDA build (gigabytes more). Given as an
 * extra index when a requirement names torch, pip takes `2.13.0+cpu` from it over PyPI's `2.13.0`.
 */
export const DEFAULT_TORCH_INDEX = 'https://download.pytorch.org/whl/cpu';
/** Overrides DEFAULT_TORCH_INDEX; "none" gives pip no extra index (the wheels come from elsewhere). */
export const TORCH_INDEX_ENV = 'CRANEML_TORCH_INDEX_URL';
/** A host folder of wheels pip takes packages from first (air-gapped machines, a team's wheelhouse). */
export const FIND_LINKS_ENV = 'CRANEML_PIP_FIND_LINKS';

/**
 * The torch index the dependency layer uses: the environment's, or the default; "none" when turned off.
 * @example torchIndex({ CRANEML_TORCH_INDEX_URL: 'none' }) // 'none'
 */
export function torchIndex(env: NodeJS.ProcessEnv = process.env): string {
  return env[TORCH_INDEX_ENV]?.trim() || DEFAULT_TORCH_INDEX;
}

/**
 * The host folder of wheels, absolute, or undefined when not set.
 * @example pipFindLinks({ CRANEML_PIP_FIND_LINKS: '/opt/wheels' }) // '/opt/wheels'
 */
export function pipFindLinks(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env[FIND_LINKS_ENV]?.trim();
  return dir ? path.resolve(dir) : undefined;
}
