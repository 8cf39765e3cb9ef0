/**
 * Swarm mode for one test file: turned on when it is off, and afterwards the engine is put back as it
 * was: `docker swarm leave --force`, and the `docker_gwbridge` network Swarm left behind removed.
 */
import type Docker from 'dockerode';
import { DEPLOYMENT_LABEL } from '../../main/swarm/labels.ts';
import { initSingleNodeSwarm, swarmState } from '../../main/swarm/swarm-mode.ts';

export interface SwarmLease {
  /** True when this file turned Swarm on (and will turn it off). */
  ours: boolean;
  restore(deployments: string[]): Promise<void>;
}

const GWBRIDGE = 'docker_gwbridge';

/** @example const lease = await leaseSwarm(docker, { init: false }); ... await lease.restore(['my-deployment']); */
export async function leaseSwarm(docker: Docker, options: { init: boolean }): Promise<SwarmLease> {
  const before = await swarmState(docker);
  const hadGwbridge = (await docker.listNetworks()).some((n) => n.Name === GWBRIDGE);
  if (before === 'inactive' && options.init) await initSingleNodeSwarm(docker);
  return {
    ours: before === 'inactive',
    async restore(deployments) {
      if ((await swarmState(docker)) === 'manager') {
        const services = await docker.listServices({ filters: { label: [DEPLOYMENT_LABEL] } });
        for (const s of services.filter((s) => deployments.includes(s.Spec?.Name ?? '')))
          await docker
            .getService(s.ID!)
            .remove()
            .catch(() => undefined);
      }
      for (const name of deployments) {
        const filters = { label: [`com.docker.swarm.service.name=${name}`] };
        for (let i = 0; i < 100 && (await docker.listContainers({ all: true, filters })).length > 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (before !== 'inactive' || (await swarmState(docker)) === 'inactive') return;
      await docker.swarmLeave({ force: true });
      if (!hadGwbridge)
        await docker
          .getNetwork(GWBRIDGE)
          .remove()
          .catch(() => undefined);
    },
  };
}
