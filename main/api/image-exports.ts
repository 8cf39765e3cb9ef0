/** Handing an image on (`craneml save|push`, the app's Export and Push): a tar (docker save), a plain build folder, or a registry push. */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { extract } from 'tar';
import { CraneError } from '../errors.ts';
import { toCraneError } from '../docker/docker-errors.ts';
import { findManagedImage } from '../docker/managed.ts';
import { ownContainerLabelsFor } from '../docker/ownership.ts';
import { pushImage, type PushOptions, type RegistryAuth } from '../docker/push.ts';
import type { RegistryEvent } from '../docker/registry-stream.ts';
import { saveImage, type SaveOptions } from '../docker/save.ts';
import { openProject } from '../project.ts';
import { MODEL_DIR_IN_IMAGE } from '../runtimes/image-layout.ts';
import { tempContainerLabels } from '../docker/leftovers.ts';
import { exportBuildFolder } from './folder-exports.ts';
import { expandHome } from './project-setup.ts';
import { makeTempFolder } from '../files/temp-folders.ts';

export type { RegistryAuth };

/**
 * Writes `image` as a tar for `docker load`, complete or not at all; an existing regular file is
 * replaced only with `replace` (`replaceHint` says how the user asks for that).
 * @example await saveImageTar(docker, 'digits:1.0', 'digits-1.0.tar'); // { file, bytes }
 */
export function saveImageTar(
  docker: Docker,
  image: string,
  file: string,
  options: SaveOptions = {},
): Promise<{ file: string; bytes: number }> {
  return saveImage(docker, image, file, options);
}

/**
 * Pushes `image` as `<registry>/<repository>:<tag>` (`as` renames it), reporting each stream event.
 * @example await pushImageTo(docker, 'digits:1.0', { registry: '127.0.0.1:5000' }); // { reference, digest }
 */
export function pushImageTo(
  docker: Docker,
  image: string,
  options: PushOptions,
  onEvent?: (event: RegistryEvent) => void,
): Promise<{ reference: string; digest?: string }> {
  return pushImage(docker, image, options, onEvent);
}

async function managedImage(docker: Docker, image: string): Promise<Docker.ImageInspectInfo> {
  const info = await findManagedImage(docker, image);
  if (!info) throw new CraneError('NOT_FOUND', `no image ${image}; the Containers page lists the images CraneML built`);
  return info;
}

/** The app asks before replacing: its confirmation names the path, and `replace` is sent only after it. */
const REPLACE_HINT = 'confirm Replace to replace it';

export async function exportTar(docker: Docker, image: string, file: string, replace = false): Promise<{ file: string; bytes: number }> {
  await managedImage(docker, image);
  return saveImageTar(docker, image, expandHome(file), { replace, replaceHint: REPLACE_HINT });
}

/** Copies /model out of the image (through a container that is created, never started, then removed). */
async function modelFilesOf(docker: Docker, image: string, into: string): Promise<string> {
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      Image: image,
      Labels: { ...(await ownContainerLabelsFor(docker, image)), ...tempContainerLabels() },
    });
    const archive = await container.getArchive({ path: MODEL_DIR_IN_IMAGE });
    await new Promise<void>((resolve, reject) => {
      const sink = extract({ cwd: into });
      archive.on('error', reject);
      sink.on('error', reject);
      sink.on('close', resolve);
      archive.pipe(sink);
    });
  } catch (error) {
    throw toCraneError(error, `reading the model files of ${image}`);
  } finally {
    await container?.remove({ force: true }).catch(() => undefined);
  }
  return path.join(into, path.basename(MODEL_DIR_IN_IMAGE));
}

/**
 * A folder with Dockerfile, create.sh and run.sh that rebuilds this image with Docker alone: a new or
 * empty folder, or with `replace` an earlier export holding nothing else (main/files/write-folder.ts).
 */
export async function exportFolder(docker: Docker, image: string, out: string, replace = false): Promise<{ dir: string; files: string[] }> {
  const info = await managedImage(docker, image);
  const temp = await makeTempFolder('export');
  try {
    const project = await openProject(await modelFilesOf(docker, image, temp));
    const dir = expandHome(out);
    const tag = info.RepoTags?.find((t) => t !== '<none>:<none>');
    await exportBuildFolder(project, dir, { tag, platform: `${info.Os}/${info.Architecture}`, replace, replaceHint: REPLACE_HINT });
    return { dir, files: (await readdir(dir)).sort() };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** "registry[/namespace]/name:tag" pushed as that name. */
export async function pushTo(
  docker: Docker,
  image: string,
  target: string,
  auth?: { username: string; password: string },
): Promise<{ target: string; digest?: string }> {
  await managedImage(docker, image);
  const slash = target.lastIndexOf('/');
  if (slash <= 0) throw new CraneError('USAGE', `push to "registry/name:tag" (e.g. 127.0.0.1:5000/${image}), not "${target}"`);
  const { reference, digest } = await pushImageTo(docker, image, { registry: target.slice(0, slash), as: target.slice(slash + 1), auth });
  return { target: reference, digest };
}
