/**
 * The dependency image of a Python-runtime build, `craneml/python-deps:<12 hex>`: the base image with
 * /opt/venv holding the image's requirements, named by a digest of the base's ID, the platform, the
 * sorted requirement lines and the install script. Made once, then every model image with the same
 * requirements builds FROM it. It is made in a container rather than a Dockerfile step so that a pip
 * cache folder of the user's (~/.cache/craneml/pip) can be mounted: wheels are downloaded once, not
 * once per set of requirements. pip reaches the index over the host's network with the host's CA
 * bundle, proxy and index settings, none of which stay in the image; the torch index and a host
 * folder of wheels (CRANEML_TORCH_INDEX_URL, CRANEML_PIP_FIND_LINKS, mounted read-only) key the tag too.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { cacheRoot } from '../../packaging/runtime-cache.ts';
import { makeTempFolder } from '../../files/temp-folders.ts';
import type { BuildStreamEvent } from '../../docker/build-stream.ts';
import { followLogs } from '../../docker/container-logs.ts';
import { toCraneError } from '../../docker/docker-errors.ts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../docker/labels.ts';
import { imageIdOf } from '../../docker/replaced-image.ts';
import { CraneError, ImageBuildError } from '../../errors.ts';
import { copyHostCaBundle, FIND_LINKS_ENV, pipFindLinks, pipHostEnv, TORCH_INDEX_ENV, torchIndex } from '../../files/pip-host-settings.ts';
import { CRANEML_VERSION } from '../../version.ts';
import { DEPS_DIR, INSTALL_SCRIPT, REQUIREMENTS_FILE } from './install-script.ts';
import { pipErrorLine } from './pip-error.ts';
import { requirementLines } from './requirements.ts';

export const DEPS_REPOSITORY = 'craneml/python-deps';
/** On a dependency image (and the model images built FROM it): the digest its tag is made of. */
export const DEPS_DIGEST_LABEL = 'io.craneml.python-deps';
/** Bumped when the way the image is made changes in a way the digest's inputs do not show. */
const DEPS_RECIPE = 1;
/** Where the dependency container sees the install folder and the pip cache. */
const MOUNTED_DEPS = '/tmp/craneml-deps';
const MOUNTED_CACHE = '/tmp/craneml-pip-cache';
const MOUNTED_FIND_LINKS = '/tmp/craneml-find-links';

export interface DepsImageOptions {
  /** The prepared runtime folder (runtime-folder.ts): its deps/ holds requirements.txt and install.sh. */
  runtimeDir: string;
  /** The resolved base image. */
  base: string;
  platform: string;
  /** The cache folder whose pip/ holds the wheel cache (default: CraneML's cache). */
  cacheDir?: string;
  /** Extra labels for the image (tests mark theirs). */
  labels?: Record<string, string>;
  /** Environment whose proxy and pip index settings pip receives (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** pip's lines, as a build's log lines. */
  onEvent?: (event: BuildStreamEvent) => void;
  signal?: AbortSignal;
}

export interface DepsImage {
  tag: string;
  imageId: string;
  /** False when the image was already there. */
  built: boolean;
}

/** Where packages come from beyond the index: the torch index, and the wheels of a host folder (their names). */
export interface PackageSources {
  torchIndex: string;
  findLinks?: { dir: string; wheels: string[] };
}

/** The sources `env` names; a find-links folder that is not there is refused, naming the variable. */
export async function packageSources(env: NodeJS.ProcessEnv): Promise<PackageSources> {
  const dir = pipFindLinks(env);
  if (!dir) return { torchIndex: torchIndex(env) };
  const wheels = await readdir(dir).catch(() => {
    throw new CraneError('USAGE', `${FIND_LINKS_ENV}=${dir}: no such folder (it names a folder of wheels pip installs from)`);
  });
  return { torchIndex: torchIndex(env), findLinks: { dir, wheels: wheels.sort() } };
}

/**
 * The tag for a base, a set of requirements and where their packages come from, whether or not the image exists yet.
 * @example depsTag('sha256:5f…', 'linux/amd64', 'starlette==1.10.0\n', script) // 'craneml/python-deps:3f2a1b0c9d8e'
 */
export function depsTag(
  baseImageId: string,
  platform: string,
  requirements: string,
  script: string,
  sources: PackageSources = { torchIndex: torchIndex({}) },
): string {
  const lines = [...new Set(requirementLines(requirements, REQUIREMENTS_FILE))].sort();
  // Another torch index or wheelhouse can install other builds of the same pins (X+cpu, X).
  const from = [sources.torchIndex, ...(sources.findLinks ? [sources.findLinks.wheels] : [])];
  const digest = createHash('sha256')
    .update(JSON.stringify([DEPS_RECIPE, baseImageId, platform, lines, script, ...from]))
    .digest('hex');
  return `${DEPS_REPOSITORY}:${digest.slice(0, 12)}`;
}

/** Shell assignments of the host's index and proxy settings and the package sources, read by install.sh, never kept in the image. */
function pipEnv(env: NodeJS.ProcessEnv, sources: PackageSources): string {
  const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const settings = {
    ...pipHostEnv(env),
    [TORCH_INDEX_ENV]: sources.torchIndex,
    ...(sources.findLinks ? { [FIND_LINKS_ENV]: MOUNTED_FIND_LINKS } : {}),
  };
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${quote(value)}\n`)
    .join('');
}

/** The folder the container mounts: the install script, the requirements, the host's CA bundle and settings. */
async function writeInstallFolder(dir: string, runtimeDir: string, env: NodeJS.ProcessEnv, sources: PackageSources): Promise<void> {
  for (const name of [INSTALL_SCRIPT, REQUIREMENTS_FILE]) await copyFile(path.join(runtimeDir, DEPS_DIR, name), path.join(dir, name));
  await copyHostCaBundle(dir);
  await writeFile(path.join(dir, 'pip.env'), pipEnv(env, sources));
}

/** The cache belongs to the user running CraneML, not to the container's root. */
function hostOwner(): string {
  return process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : '';
}

/** Runs install.sh in a container of `base`, streaming its lines; resolves with the stopped container. */
async function install(
  docker: Docker,
  options: DepsImageOptions,
  folder: string,
  labels: Record<string, string>,
  sources: PackageSources,
): Promise<Docker.Container> {
  const pipCache = path.join(options.cacheDir ?? cacheRoot(), 'pip');
  await mkdir(pipCache, { recursive: true });
  const container = await docker
    .createContainer({
      Image: options.base,
      Cmd: ['sh', `${MOUNTED_DEPS}/${INSTALL_SCRIPT}`, MOUNTED_CACHE, hostOwner()],
      User: '0:0',
      WorkingDir: '/',
      Labels: labels,
      HostConfig: {
        NetworkMode: 'host',
        Binds: [
          `${folder}:${MOUNTED_DEPS}:ro`,
          `${pipCache}:${MOUNTED_CACHE}`,
          ...(sources.findLinks ? [`${sources.findLinks.dir}:${MOUNTED_FIND_LINKS}:ro`] : []),
        ],
      },
      platform: options.platform,
    } as Docker.ContainerCreateOptions)
    .catch((error: unknown) => {
      throw toCraneError(error, `creating the dependency container from ${options.base}`);
    });
  const log: string[] = [];
  const stop = (): void => void container.remove({ force: true }).catch(() => undefined);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await container.start();
    let partial = '';
    await followLogs(docker, container.id, { signal: options.signal }, ({ data }) => {
      const lines = (partial + data.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const text of lines.filter((line) => line.trim() !== '')) {
        log.push(text);
        options.onEvent?.({ type: 'log', text });
      }
    });
    if (partial.trim()) {
      log.push(partial);
      options.onEvent?.({ type: 'log', text: partial });
    }
    options.signal?.throwIfAborted();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    if (StatusCode !== 0) {
      const line = pipErrorLine(log) ?? `the install script exited with ${StatusCode}`;
      throw new ImageBuildError(line, { step: "installing the model's Python packages" });
    }
    return container;
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}

/**
 * The dependency image for `options.runtimeDir`'s requirements on `options.base`, made when the daemon does not have it.
 * @example
 * const deps = await ensureDepsImage(docker, { runtimeDir, base: 'python:3.11-slim-bookworm', platform: 'linux/amd64' });
 * // { tag: 'craneml/python-deps:3f2a1b0c9d8e', built: true, ... }
 */
export async function ensureDepsImage(docker: Docker, options: DepsImageOptions): Promise<DepsImage> {
  const [requirements, script] = await Promise.all(
    [REQUIREMENTS_FILE, INSTALL_SCRIPT].map((name) => readFile(path.join(options.runtimeDir, DEPS_DIR, name), 'utf8')),
  );
  const env = options.env ?? process.env;
  const sources = await packageSources(env);
  const baseId = (await imageIdOf(docker, options.base)) ?? options.base;
  const tag = depsTag(baseId, options.platform, requirements!, script!, sources);
  const existing = await imageIdOf(docker, tag);
  if (existing) return { tag, imageId: existing, built: false };

  const labels = {
    ...options.labels,
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    'io.craneml.version': CRANEML_VERSION,
    'org.opencontainers.image.title': 'craneml-python-deps',
    [DEPS_DIGEST_LABEL]: tag.split(':')[1]!,
  };
  const folder = await makeTempFolder('python-deps');
  try {
    await writeInstallFolder(folder, options.runtimeDir, env, sources);
    const container = await install(docker, options, folder, labels, sources);
    try {
      const [repo, version] = [DEPS_REPOSITORY, tag.split(':')[1]!];
      // The container's command was the install; a commit cannot empty it, so it becomes the bases' own
      // (the model image's ENTRYPOINT resets it: a Dockerfile's ENTRYPOINT drops an inherited CMD).
      const committed = (await container.commit({
        repo,
        tag: version,
        changes: 'CMD ["python3"]',
        comment: 'CraneML: Python packages in /opt/venv',
      })) as { Id: string };
      return { tag, imageId: committed.Id, built: true };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
