/**
 * Docker for tests. With CRANEML_REQUIRE_DOCKER=1 (CI) a missing daemon or base image throws, so
 * the test file FAILS; with CRANEML_SKIP=docker the caller gets undefined and skips (a run without
 * either and without a daemon has already failed in the global set-up: helpers/docker-gate.ts). Also labels and cleans up
 * what a test file creates, by label only.
 */
import type Docker from 'dockerode';
import { forgetBuiltImage } from '../../main/docker/built-images.ts';
import { discoverDocker } from '../../main/docker/discover.ts';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../main/docker/labels.ts';
import { skipsDocker } from '../helpers/docker-gate.ts';
import { removeImageKeepingParents } from '../helpers/leaks/deferred-prunes.ts';

export const LOCAL_BASE = process.env.CRANEML_LOCAL_BASE ?? 'craneml/local-base:node20';
export const TEST_LABEL = 'io.craneml.test';

const required = (): boolean => process.env.CRANEML_REQUIRE_DOCKER === '1';

/**
 * The daemon, or undefined (skip) when the Docker tests are skipped by name, or there is none and Docker is not required.
 * @example
 * const docker = await requireDocker({ localBase: true });
 * describe.skipIf(!docker)('runs containers', () => { ... });
 */
export async function requireDocker(options: { localBase?: boolean } = {}): Promise<Docker | undefined> {
  if (skipsDocker(process.env) && !required()) return undefined;
  let docker: Docker;
  try {
    docker = (await discoverDocker()).docker;
  } catch (error) {
    if (required())
      throw new Error(`CRANEML_REQUIRE_DOCKER=1 but no Docker daemon answered (run: bash scripts/setup-docker.sh)`, { cause: error });
    console.warn(`skipping Docker tests: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  if (options.localBase && !(await imageExists(docker, LOCAL_BASE))) {
    if (required())
      throw new Error(`CRANEML_REQUIRE_DOCKER=1 but the base image ${LOCAL_BASE} is missing (run: bash scripts/make-local-base.sh)`);
    console.warn(`skipping Docker tests: no ${LOCAL_BASE} (run: bash scripts/make-local-base.sh)`);
    return undefined;
  }
  return docker;
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/** Labels that mark a resource as CraneML's and as this test file's run (so cleanup never touches others'). */
export function testLabels(suite: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [TEST_LABEL]: `${suite}-${process.pid}` };
}

/** Removes every container, then every image (and CraneML's record of it), that carries all of `labels`; returns how many. */
export async function cleanupByLabel(docker: Docker, labels: Record<string, string>): Promise<number> {
  const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
  let removed = 0;
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
    removed++;
  }
  for (const image of await docker.listImages({ filters })) {
    for (const ref of image.RepoTags?.filter((t) => t !== '<none>:<none>') ?? []) await removeImageKeepingParents(docker, ref);
    await removeImageKeepingParents(docker, image.Id);
    await forgetBuiltImage(image.Id);
    removed++;
  }
  return removed;
}

/** Removes a test's container by name, whether or not it exists (for afterAll). */
export async function removeContainer(docker: Docker, container: string): Promise<void> {
  await docker
    .getContainer(container)
    .remove({ force: true })
    .catch(() => undefined);
}

/** Removes a test's image by name, whether or not it exists (for afterAll); its parents wait for the run's end. */
export async function removeImage(docker: Docker, image: string): Promise<void> {
  await removeImageKeepingParents(docker, image);
}

/**
 * Removes a test's container, then its image. The container goes first: a forced removal of an image
 * a container still uses only untags it, and the image outlives the run.
 */
export async function removeContainerAndImage(docker: Docker, container: string, image: string): Promise<void> {
  await removeContainer(docker, container);
  await removeImage(docker, image);
}

/** Removes every container made from `image`, then the image, whether or not it exists (for afterAll). */
export async function removeImageAndItsContainers(docker: Docker, image: string): Promise<void> {
  for (const info of await docker.listContainers({ all: true, filters: { ancestor: [image] } }))
    await docker.getContainer(info.Id).remove({ force: true });
  await removeImage(docker, image);
}

/** Containers and images still carrying `labels` (0 and 0 after a clean run). */
export async function countByLabel(docker: Docker, labels: Record<string, string>): Promise<{ containers: number; images: number }> {
  const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
  const [containers, images] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listImages({ filters })]);
  return { containers: containers.length, images: images.length };
}

/** A one-line Node HTTP server for the base image: /readyz → 200, and it logs each request. */
export function inlineServer(options: { readyAfterMs?: number } = {}): string[] {
  const delay = options.readyAfterMs ?? 0;
  const script = [
    `const start = Date.now();`,
    `require('http').createServer((req, res) => {`,
    `  console.log('request ' + req.method + ' ' + req.url);`,
    `  const ready = Date.now() - start >= ${delay};`,
    `  res.statusCode = req.url === '/readyz' && !ready ? 503 : 200;`,
    `  res.end(req.url === '/readyz' ? (ready ? 'ready' : 'warming') : 'hello');`,
    `}).listen(Number(process.env.PORT), process.env.HOST, () => console.error('listening on ' + process.env.HOST + ':' + process.env.PORT));`,
  ].join('\n');
  return ['node', '-e', script];
}
