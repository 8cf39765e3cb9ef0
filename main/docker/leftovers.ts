/**
 * What a crashed or killed run of the app left behind, removed when the core starts: its temporary
 * folders (temp-folders.ts), the containers it created to read an image's files and never started,
 * and the throwaway containers it ran (the converter's), started or not.
 */
import type Docker from 'dockerode';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './labels.ts';
import { ownerGone, ownerTag, sweepTempFolders } from '../files/temp-folders.ts';

/** On a container CraneML creates only to copy files out of an image: the process that made it (`<host>:<pid>`). */
export const TEMP_CONTAINER_LABEL = 'io.craneml.temp-of';
/** On a temporary container that runs (main/convert/run-converter.ts): a leftover even when it started. */
export const TEMP_RUN_LABEL = 'io.craneml.temp-run';

/**
 * The labels of a temporary container (never started, removed when its files are read).
 * @example docker.createContainer({ Image, Labels: { ...ownLabels, ...tempContainerLabels() } });
 */
export function tempContainerLabels(): Record<string, string> {
  return { [TEMP_CONTAINER_LABEL]: ownerTag() };
}

/** Docker's StartedAt of a container that never ran. */
const NEVER_STARTED = '0001-01-01T00:00:00Z';

/**
 * Removes CraneML's temporary containers whose process is gone: those never started, and those
 * labelled TEMP_RUN_LABEL in any state; returns their IDs.
 */
export async function sweepTempContainers(docker: Docker): Promise<string[]> {
  const rows = await docker.listContainers({
    all: true,
    filters: { label: [`${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`, TEMP_CONTAINER_LABEL] },
  });
  const removed: string[] = [];
  for (const row of rows) {
    if (!ownerGone(row.Labels[TEMP_CONTAINER_LABEL] ?? '')) continue;
    const container = docker.getContainer(row.Id);
    if (row.Labels[TEMP_RUN_LABEL] !== '1') {
      const info = await container.inspect().catch(() => undefined);
      if (info?.State.Status !== 'created' || info.State.StartedAt !== NEVER_STARTED) continue;
    }
    await container.remove({ force: true, v: true }).then(
      () => removed.push(row.Id),
      () => undefined, // gone meanwhile
    );
  }
  return removed;
}

export interface SweepReport {
  folders: string[];
  containers: string[];
}

/**
 * Both sweeps; Docker being away only skips the containers (the folders are still removed).
 * @example await sweepLeftovers(async () => (await getDocker()).docker);
 */
export async function sweepLeftovers(docker: () => Promise<Docker>): Promise<SweepReport> {
  const [folders, containers] = await Promise.all([sweepTempFolders(), docker().then(sweepTempContainers, () => [] as string[])]);
  return { folders, containers };
}
