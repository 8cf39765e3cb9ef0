/** Looks up a container or image by name or ID and refuses anything CraneML did not create. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { containerHandle, imageHandle } from './handles.ts';
import { isManaged, MANAGED_BY_LABEL } from './labels.ts';

function notManaged(kind: string, nameOrId: string): CraneError {
  return new CraneError(
    'USAGE',
    `${kind} ${nameOrId} was not created by CraneML (no ${MANAGED_BY_LABEL} label); manage it with the docker CLI instead`,
  );
}

/** The container's inspect data, or undefined when no such container exists. */
export async function findManagedContainer(docker: Docker, nameOrId: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    const info = await containerHandle(docker, nameOrId).inspect();
    if (!isManaged(info.Config.Labels)) throw notManaged('container', nameOrId);
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
    if (!isManaged(info.Config.Labels)) throw notManaged('image', nameOrId);
    return info;
  } catch (error) {
    if (classifyDockerError(error) === 'not-found') return undefined;
    throw toCraneError(error, `looking up image ${nameOrId}`);
  }
}
