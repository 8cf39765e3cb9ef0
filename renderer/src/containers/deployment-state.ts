/** A deployment in plain words: its state, the URLs it answers on, and one line for a settled action. */
import type { DeploymentStatus } from '../../../main/shared/crane-api.ts';

export type DeploymentState = 'healthy' | 'starting' | 'unhealthy' | 'updating' | 'rolled back' | 'paused';

/**
 * @example deploymentState({ replicas: { desired: 2, running: 2, healthy: 2 }, ... }); // 'healthy'
 */
export function deploymentState(status: DeploymentStatus): DeploymentState {
  const update = status.update?.state;
  if (update === 'updating' || update === 'rollback_started') return 'updating';
  if (update === 'paused' || update === 'rollback_paused') return 'paused';
  const { desired, running, healthy } = status.replicas;
  if (healthy === desired && running === desired) return update === 'rollback_completed' ? 'rolled back' : 'healthy';
  return running < desired ? 'starting' : 'unhealthy';
}

/** Ingress: the one URL in front of every replica; host publishing: each replica's own. */
export function deploymentUrls(status: DeploymentStatus): string[] {
  if (status.url) return [status.url];
  return [...new Set(status.replicaList.map((replica) => replica.url))].sort();
}

/** "digits: 3 of 3 replicas healthy on digits:1.0.0 after 12.4 s." */
export function settledLine({ status, ms }: { status: DeploymentStatus; ms: number }): string {
  const { desired, healthy } = status.replicas;
  return `${status.name}: ${healthy} of ${desired} replicas healthy on ${status.image} after ${(ms / 1000).toFixed(1)} s.`;
}
