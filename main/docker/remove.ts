/** Removes a CraneML container or image by name or ID (a container first, as `docker rm` would). */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { forgetBuiltImage } from './built-images.ts';
import { classifyDockerError, daemonMessage, toCraneError } from './docker-errors.ts';
import { assertContainerOrImageName } from '../shared/name-checks.ts';
import { findManagedContainer, findManagedImage } from './managed.ts';
import { containerNameProblem, imageNameProblem } from '../shared/docker-names.ts';

export interface Removed {
  kind: 'container' | 'image';
  id: string;
}

/**
 * Removes the container called `nameOrId`, else the image. Without `force` a running container or
 * an image in use is refused with advice, not removed.
 * @example
 * await removeResource(docker, 'digits:1.0'); // { kind: 'image', id: 'sha256:…' }
 */
export async function removeResource(docker: Docker, nameOrId: string, options: { force?: boolean } = {}): Promise<Removed> {
  assertContainerOrImageName(nameOrId);
  const container = containerNameProblem(nameOrId) ? undefined : await findManagedContainer(docker, nameOrId);
  if (container) {
    try {
      await docker.getContainer(container.Id).remove({ force: options.force === true });
      return { kind: 'container', id: container.Id };
    } catch (error) {
      if (classifyDockerError(error) === 'conflict') {
        throw new CraneError('DOCKER_ERROR', `container ${nameOrId} is running; stop it first (craneml stop ${nameOrId}) or use --force`, {
          cause: error,
        });
      }
      throw toCraneError(error, `removing container ${nameOrId}`);
    }
  }
  const image = imageNameProblem(nameOrId) ? undefined : await findManagedImage(docker, nameOrId);
  if (!image) throw new CraneError('NOT_FOUND', `no CraneML container or image named ${nameOrId} (craneml ls lists them)`);
  try {
    const answer = (await docker.getImage(nameOrId).remove({ force: options.force === true })) as { Deleted?: string }[] | undefined;
    // Removing one of several tags only untags; the record goes with the image itself.
    if (answer?.some((entry) => entry.Deleted === image.Id)) await forgetBuiltImage(image.Id);
    return { kind: 'image', id: image.Id };
  } catch (error) {
    if (classifyDockerError(error) === 'conflict') {
      throw new CraneError(
        'DOCKER_ERROR',
        `image ${nameOrId} is in use: ${daemonMessage(error)}; remove its containers first or use --force`,
        { cause: error },
      );
    }
    throw toCraneError(error, `removing image ${nameOrId}`);
  }
}
