/** Waits until a deployment has settled: every replica running and healthy on the wanted image, or Swarm rolled back. */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import type { DeploymentStatus } from '../shared/crane-api.ts';
import { deploymentStatus, requireDeployment } from './status.ts';

export interface Settled {
  status: DeploymentStatus;
  /** True when Swarm rolled the update back (the new image never became healthy). */
  rolledBack: boolean;
  /** The update's or the rollback's message from Swarm. */
  message?: string;
}

const POLL_MS = 500;
const FAILED_STATES = new Set(['paused', 'rollback_paused']);

/**
 * Polls the service until `replicas` tasks run healthy on `image` and no other task is left, or the update
 * ended in a rollback (then the old image must be back in place too). Throws CONTAINER_START on timeout
 * or when Swarm paused the update, with the replicas' own errors.
 * @example const { rolledBack } = await waitSettled(docker, 'digits', { image: 'digits:2.0.0', replicas: 2, timeoutMs: 300_000 });
 */
export async function waitSettled(
  docker: Docker,
  name: string,
  want: { image?: string; replicas?: number; timeoutMs: number; onStatus?: (status: DeploymentStatus) => void },
): Promise<Settled> {
  const deadline = Date.now() + want.timeoutMs;
  let last: DeploymentStatus | undefined;
  for (;;) {
    const service = await requireDeployment(docker, name);
    const status = await deploymentStatus(docker, service);
    if (JSON.stringify(status) !== JSON.stringify(last)) want.onStatus?.(status);
    last = status;
    const state = service.UpdateStatus?.State;
    const rollingBack = state === 'rollback_started' || state === 'rollback_completed';
    if (state && FAILED_STATES.has(state))
      throw new CraneError(
        'CONTAINER_START',
        `deployment ${name}: Swarm ${state.replace('_', ' ')} the update: ${service.UpdateStatus?.Message ?? ''}${problems(status)}`,
      );
    const image = rollingBack ? status.image : (want.image ?? status.image);
    const replicas = want.replicas ?? status.replicas.desired;
    const settledUpdate = state === undefined || state === 'completed' || state === 'rollback_completed';
    const onImage = status.replicaList.filter((r) => r.state === 'running' && r.image === image);
    const done =
      settledUpdate &&
      onImage.length === replicas &&
      status.replicaList.length === replicas &&
      onImage.every((r) => r.health === 'healthy' || r.health === 'unknown');
    if (done) return { status, rolledBack: state === 'rollback_completed', message: service.UpdateStatus?.Message };
    if (Date.now() > deadline)
      throw new CraneError(
        'CONTAINER_START',
        `deployment ${name} did not settle within ${Math.round(want.timeoutMs / 1000)} s${problems(status)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function problems(status: DeploymentStatus): string {
  const lines = status.replicaList.map((r) => `replica ${r.slot}: ${r.state}, ${r.health}${r.error ? `: ${r.error}` : ''}`);
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}
