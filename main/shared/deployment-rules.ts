/** What a deployment may be called, how many replicas it may run and how long a started container may take to be ready: zod-free, so the renderer's forms check the same rules as the API and the CLI. */

/** A Swarm service name: letters, digits and dashes, up to 63, not starting or ending with a dash. */
export const DEPLOYMENT_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

export const MIN_REPLICAS = 1;
export const MAX_REPLICAS = 100;
/** The replica rule in words, for messages: 'a whole number from 1 to 100'. */
export const REPLICA_RANGE = `a whole number from ${MIN_REPLICAS} to ${MAX_REPLICAS}`;

/** @example isReplicaCount(3) // true; isReplicaCount(0.5) // false */
export function isReplicaCount(replicas: number): boolean {
  return Number.isInteger(replicas) && replicas >= MIN_REPLICAS && replicas <= MAX_REPLICAS;
}

/**
 * How long a started container may take to answer /readyz: a Python model server imports its
 * libraries before it is ready (scikit-learn took 15-28 s on a loaded 2-CPU machine). A container
 * that exits is reported at once, so a long wait costs only a server that never gets ready.
 */
export const DEFAULT_READY_TIMEOUT_S = 120;
