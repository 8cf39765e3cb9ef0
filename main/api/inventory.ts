/** What CraneML made on the daemon: its containers and images listed, and removed by name or ID; for `craneml ls`/`rm` and the app's lists. */
import type Docker from 'dockerode';
import { listContainers, listImages, type ContainerSummary, type ImageSummary } from '../docker/list.ts';
import { removeResource, type Removed } from '../docker/remove.ts';

export type { ContainerSummary, ImageSummary, Removed };

/**
 * CraneML's containers (running and stopped), newest first, with status, URL and labels; `labels` narrows (AND).
 * @example for (const c of await managedContainers(docker)) console.log(c.name, c.url);
 */
export function managedContainers(docker: Docker, labels: Record<string, string> = {}): Promise<ContainerSummary[]> {
  return listContainers(docker, labels);
}

/** The images CraneML built, newest first. */
export function managedImages(docker: Docker): Promise<ImageSummary[]> {
  return listImages(docker);
}

/**
 * Removes CraneML's container of that name, else its image; `force` also removes a running
 * container or an image in use (else refused with advice).
 * @example await removeManaged(docker, 'digits:1.0'); // { kind: 'image', id: 'sha256:…' }
 */
export function removeManaged(docker: Docker, nameOrId: string, options: { force?: boolean } = {}): Promise<Removed> {
  return removeResource(docker, nameOrId, options);
}
