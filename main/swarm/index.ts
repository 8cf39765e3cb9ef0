/** Deployments on Docker Swarm: what the CLI and CraneApi call. */
export { deploy, defaultDeploymentName, type DeployOptions, type DeployResult } from './deploy.ts';
export { scaleDeployment, rollbackDeployment, undeploy } from './actions.ts';
export { deploymentStatus, listDeployments, requireDeployment } from './status.ts';
export { swarmState, ensureSwarm } from './swarm-mode.ts';
export { choosePublishMode, replicaPort, type PublishMode } from './publishing.ts';

import type Docker from 'dockerode';
import type { DeploymentStatus } from '../shared/crane-api.ts';
import { listDeployments } from './status.ts';
import { swarmState } from './swarm-mode.ts';

/** Every CraneML deployment, or [] when this engine is not a Swarm manager. */
export async function deploymentsIfSwarm(docker: Docker): Promise<DeploymentStatus[]> {
  return (await swarmState(docker)) === 'manager' ? listDeployments(docker) : [];
}
