/** How a deployment's replicas are reached: the routing mesh (ingress) where the engine has it, else one host port per replica. */
import type Docker from 'dockerode';

export type PublishMode = 'ingress' | 'host';

export { CONTAINER_PORT } from '../runtimes/image-layout.ts';

/**
 * Ingress needs the engine's bridge networking (the routing mesh is a bridge plus iptables rules); an
 * engine started with `--bridge=none` has no default "bridge" network, so it gets host publishing.
 * @example await choosePublishMode(docker, 'auto'); // 'host' on an engine without bridge networking
 */
export async function choosePublishMode(docker: Docker, wanted: PublishMode | 'auto'): Promise<PublishMode> {
  if (wanted !== 'auto') return wanted;
  const networks = await docker.listNetworks({ filters: { driver: ['bridge'] } });
  return networks.some((n) => n.Name === 'bridge') ? 'ingress' : 'host';
}

/**
 * The port replica `slot` (1-based, Swarm's {{.Task.Slot}}) serves on with host publishing.
 * @example replicaPort(8080, 2); // 8081
 */
export function replicaPort(basePort: number, slot: number): number {
  return basePort + slot - 1;
}

/** The ports replicas 1..replicas take with host publishing. */
export function replicaPorts(basePort: number, replicas: number): number[] {
  return Array.from({ length: replicas }, (_, i) => replicaPort(basePort, i + 1));
}

/**
 * The shell line that sets PORT from the slot before running the image's own command: Swarm templates
 * have no arithmetic, so the service passes the base port and the slot and the task adds them.
 */
export const SLOT_PORT_SHELL = 'PORT=$((CRANEML_BASE_PORT + CRANEML_REPLICA_SLOT - 1)); export PORT;';
