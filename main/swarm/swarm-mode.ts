/** Whether the engine is a Swarm manager, and turning a lone engine into a single-node Swarm when the user agrees. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import { toCraneError } from '../docker/docker-errors.ts';

export type SwarmState = 'manager' | 'worker' | 'inactive' | 'pending' | 'error' | 'locked';

/** A single-node Swarm listens on loopback: the manager port (2377) is not offered to the network. */
export const SINGLE_NODE_ADDRESS = '127.0.0.1:2377';

/** @example await swarmState(docker); // 'inactive' on a fresh engine */
export async function swarmState(docker: Docker): Promise<SwarmState> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const state = info.Swarm?.LocalNodeState ?? 'inactive';
  if (state === 'active') return info.Swarm?.ControlAvailable ? 'manager' : 'worker';
  if (state === 'pending' || state === 'error' || state === 'locked') return state;
  return 'inactive';
}

/** `docker swarm init` for one machine, on loopback. */
export async function initSingleNodeSwarm(docker: Docker): Promise<void> {
  try {
    await docker.swarmInit({ ListenAddr: SINGLE_NODE_ADDRESS, AdvertiseAddr: SINGLE_NODE_ADDRESS });
  } catch (error) {
    throw toCraneError(error, 'turning on Swarm mode (docker swarm init)');
  }
}

/**
 * Makes sure the engine can take services. An inactive engine becomes a single-node Swarm only when
 * `consent` says yes (the CLI asks, or `--yes`); otherwise a SWARM_INACTIVE error says how to allow it.
 * @example const { initialised } = await ensureSwarm(docker, async () => true);
 */
export async function ensureSwarm(docker: Docker, consent: () => Promise<boolean>): Promise<{ initialised: boolean }> {
  const state = await swarmState(docker);
  if (state === 'manager') return { initialised: false };
  if (state === 'worker')
    throw new CraneError('USAGE', 'this Docker engine is a Swarm worker; deploy from a manager node (DOCKER_HOST or docker context)');
  if (state !== 'inactive')
    throw new CraneError('DOCKER_ERROR', `this Docker engine's Swarm is ${state}; fix it with docker swarm commands first`);
  if (!(await consent()))
    throw new CraneError(
      'SWARM_INACTIVE',
      'Docker is not in Swarm mode; pass --yes to let craneml turn it on (docker swarm init: a single-node swarm on 127.0.0.1)',
    );
  await initSingleNodeSwarm(docker);
  return { initialised: true };
}
