/** Deployments on Docker Swarm as the core offers them: the calls `craneml deploy|status|scale|rollback|undeploy` and CraneApi share. */
import type Docker from 'dockerode';
import type { DeploymentStatus } from '../shared/crane-api.ts';
import { deploymentsIfSwarm, deploymentStatus, requireDeployment } from '../swarm/index.ts';

export {
  deploy,
  rollbackDeployment,
  scaleDeployment,
  undeploy,
  type DeployOptions,
  type DeployResult,
  type PublishMode,
} from '../swarm/index.ts';

/**
 * The status of the deployment called `name` (NOT_FOUND when there is none), or of every
 * deployment ([] when this engine is not a Swarm manager).
 * @example const [digits] = await deploymentStatuses(docker, 'digits');
 */
export async function deploymentStatuses(docker: Docker, name?: string): Promise<DeploymentStatus[]> {
  return name ? [await deploymentStatus(docker, await requireDeployment(docker, name))] : deploymentsIfSwarm(docker);
}
