/** Stops a CraneML container (SIGTERM, then SIGKILL after a grace period). */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { classifyDockerError, toCraneError } from './docker-errors.ts';
import { findManagedContainer } from './managed.ts';

/**
 * Resolves `true` when it stopped the container, `false` when it was not running.
 * @example
 * await stopContainer(docker, 'digits-3fa2c1', { graceSeconds: 10 });
 */
export async function stopContainer(docker: Docker, nameOrId: string, options: { graceSeconds?: number } = {}): Promise<boolean> {
  const info = await findManagedContainer(docker, nameOrId);
  if (!info) throw new CraneError('NOT_FOUND', `no container ${nameOrId} (craneml ls lists CraneML containers)`);
  try {
    await docker.getContainer(info.Id).stop({ t: options.graceSeconds ?? 10 });
    return true;
  } catch (error) {
    if (classifyDockerError(error) === 'not-modified') return false; // 304: already stopped
    throw toCraneError(error, `stopping ${nameOrId}`);
  }
}
