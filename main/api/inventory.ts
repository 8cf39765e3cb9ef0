/** What CraneML made on the daemon, as the core offers it to every front end: its containers and images, the app's rows of them, and removal. */
import type Docker from 'dockerode';
import type { ContainerRow, ImageRow } from '../shared/crane-api.ts';
import { listContainers, listImages } from '../docker/list.ts';
import { removeResource } from '../docker/remove.ts';

export { listContainers, listImages, type ContainerSummary, type ImageSummary } from '../docker/list.ts';
export { removeResource, type Removed } from '../docker/remove.ts';

/** A summary as CraneApi's row: the labels stay on this side, the date crosses as ISO text. */
function asRow<T extends { created: Date; labels: Record<string, string> }>({ labels: _labels, created, ...row }: T) {
  return { ...row, created: created.toISOString() };
}

/**
 * CraneML's containers as the app lists them, newest first.
 * @example const [newest] = await containerRows(docker); // { name: 'digits-1', created: '2026-12-06T…', … }
 */
export async function containerRows(docker: Docker): Promise<ContainerRow[]> {
  return (await listContainers(docker)).map(asRow);
}

/** CraneML's images as the app lists them, newest first. */
export async function imageRows(docker: Docker): Promise<ImageRow[]> {
  return (await listImages(docker)).map(asRow);
}

/**
 * Removes every CraneML container carrying all of `labels`, running or stopped.
 * @example await removeLabelledContainers(docker, { 'io.craneml.demo': 'digits' });
 */
export async function removeLabelledContainers(docker: Docker, labels: Record<string, string>): Promise<void> {
  for (const container of await listContainers(docker, labels)) await removeResource(docker, container.id, { force: true });
}
