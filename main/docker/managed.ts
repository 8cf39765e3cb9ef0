/** Looks up a container or image by name or ID and refuses anything CraneML did not create (ownership.ts). */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { containerHandle, imageHandle } from './handles.ts';
import { isOwnContainer, isOwnImage } from './ownership.ts';

function notOurs(what: string): CraneError {
  return new CraneError('USAGE', `${what}; manage it with the docker CLI instead`);
}

/** The container's inspect data, or undefined when no such container exists. */
export async function findManagedContainer(docker: Docker, nameOrId: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    const info = await containerHandle(docker, nameOrId).inspect();
    if (!isOwnContainer(info.Config.Labels, info.Image))
      throw notOurs(`container ${nameOrId} was not created by CraneML (one made with docker from a CraneML image is yours)`);
    return info;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw toCraneError(error, `looking up container ${nameOrId}`);
  }
}

/** The image's inspect data, or undefined when no such image exists. */
export async function findManagedImage(docker: Docker, nameOrId: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    const info = await imageHandle(docker, nameOrId).inspect();
    if (!(await isOwnImage(info.Id, info.Config.Labels)))
      throw notOurs(
        `image ${nameOrId} was not created by CraneML here (one built FROM a CraneML image, or loaded with docker load, is yours)`,
      );
    return info;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw toCraneError(error, `looking up image ${nameOrId}`);
  }
}
