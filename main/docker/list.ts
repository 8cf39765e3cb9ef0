/** Lists the images and containers CraneML made (a label narrows, ownership.ts decides), with status and URL. */
import type Docker from 'dockerode';
import type { ContainerRow, ImageRow } from '../shared/crane-api.ts';
import { toCraneError } from './docker-errors.ts';
import { PROJECT_PORT_LABEL } from '../packaging/labels.ts';
import { HOST_PORT_LABEL, managedFilter, NETWORK_LABEL } from './labels.ts';
import { isOwnContainer, isOwnImage } from './ownership.ts';
import { parsePort } from '../shared/port-rule.ts';

/** A row of the dashboard's lists, with Docker's own date and every label. */
export type ContainerSummary = Omit<ContainerRow, 'created'> & { created: Date; labels: Record<string, string> };
export type ImageSummary = Omit<ImageRow, 'created'> & { created: Date; labels: Record<string, string> };

/** The project's port an image records, when it is a TCP port. */
function projectPortOf(labels: Record<string, string>): number | undefined {
  return parsePort(labels[PROJECT_PORT_LABEL]);
}

function modelOf(labels: Record<string, string>): string | undefined {
  const name = labels['io.craneml.model.name'];
  return name ? `${name}${labels['io.craneml.model.version'] ? `@${labels['io.craneml.model.version']}` : ''}` : undefined;
}

function urlOf(info: Docker.ContainerInfo): string | undefined {
  if (info.State !== 'running') return undefined;
  const labels = info.Labels ?? {};
  if ((labels[NETWORK_LABEL] ?? info.HostConfig?.NetworkMode) === 'host' && labels[HOST_PORT_LABEL]) {
    return `http://127.0.0.1:${labels[HOST_PORT_LABEL]}`;
  }
  const published = info.Ports?.find((p) => p.PublicPort);
  if (!published) return undefined;
  const ip = !published.IP || published.IP === '0.0.0.0' || published.IP === '::' ? '127.0.0.1' : published.IP;
  return `http://${ip.includes(':') ? `[${ip}]` : ip}:${published.PublicPort}`;
}

/**
 * Containers CraneML created (running and stopped), newest first. `labels` narrows further (AND).
 * @example
 * for (const c of await listContainers(docker)) console.log(c.name, c.state, c.url);
 */
export async function listContainers(docker: Docker, labels: Record<string, string> = {}): Promise<ContainerSummary[]> {
  try {
    const infos = await docker.listContainers({ all: true, filters: managedFilter(labels) });
    return infos
      .filter((info) => isOwnContainer(info.Labels, info.ImageID))
      .map((info) => ({
        id: info.Id,
        name: (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
        image: info.Image,
        state: info.State,
        status: info.Status,
        url: urlOf(info),
        model: modelOf(info.Labels ?? {}),
        created: new Date(info.Created * 1000),
        labels: info.Labels ?? {},
      }))
      .sort((a, b) => b.created.getTime() - a.created.getTime());
  } catch (error) {
    throw toCraneError(error, 'listing containers');
  }
}

/** Images CraneML built (not those built FROM them), newest first. */
export async function listImages(docker: Docker, labels: Record<string, string> = {}): Promise<ImageSummary[]> {
  try {
    const candidates = await docker.listImages({ filters: managedFilter(labels) });
    const own = await Promise.all(candidates.map((info) => isOwnImage(info.Id, info.Labels)));
    return candidates
      .filter((_, i) => own[i])
      .map((info) => ({
        id: info.Id,
        tags: (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        sizeBytes: info.Size,
        created: new Date(info.Created * 1000),
        model: modelOf(info.Labels ?? {}),
        port: projectPortOf(info.Labels ?? {}),
        labels: info.Labels ?? {},
      }))
      .sort((a, b) => b.created.getTime() - a.created.getTime());
  } catch (error) {
    throw toCraneError(error, 'listing images');
  }
}
