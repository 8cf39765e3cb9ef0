/** The Containers dashboard: Docker's state, the containers, the Swarm deployments and the images, refreshed every few seconds while shown. */
import { useCallback, useEffect, useState } from 'react';
import type { ContainerRow, DeploymentStatus, DockerStatus, ImageRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { ContainersTable } from './ContainersTable.tsx';
import { DashboardContext } from './dashboard-context.ts';
import { DeploymentsTable } from './DeploymentsTable.tsx';
import { DockerStatusPanel } from './DockerStatusPanel.tsx';
import { ImagesTable } from './ImagesTable.tsx';

const REFRESH_MS = 3000;

export function Dashboard({ projectsDir, onTest }: { projectsDir: string; onTest: (container: string) => void }) {
  const [docker, setDocker] = useState<DockerStatus | null>(null);
  const [containers, setContainers] = useState<ContainerRow[] | null>(null);
  const [images, setImages] = useState<ImageRow[] | null>(null);
  const [deployments, setDeployments] = useState<DeploymentStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const status = await api.dockerStatus({});
      setDocker(status);
      if (status.state !== 'connected') return;
      const [c, i, d] = await Promise.all([api.listContainers({}), api.listImages({}), api.listDeployments({})]);
      setContainers(c);
      setImages(i);
      setDeployments(d);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <div className="dashboard">
      <div className="snippet-head">
        <h1>Containers</h1>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <DockerStatusPanel status={docker} />
      <Alert message={error} />
      {docker?.state === 'connected' && (
        <DashboardContext.Provider value={{ projectsDir, deployments: deployments ?? [], refresh: () => void refresh(), onTest }}>
          <ContainersTable rows={containers} />
          <DeploymentsTable rows={deployments} />
          <ImagesTable rows={images} />
        </DashboardContext.Provider>
      )}
    </div>
  );
}
