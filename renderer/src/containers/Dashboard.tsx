/** The Containers dashboard: Docker's state, the containers and the images, refreshed every few seconds while shown. */
import { useCallback, useEffect, useState } from 'react';
import type { ContainerRow, DockerStatus, ImageRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { ContainersTable } from './ContainersTable.tsx';
import { DockerStatusPanel } from './DockerStatusPanel.tsx';
import { ImagesTable } from './ImagesTable.tsx';

const REFRESH_MS = 3000;

export function Dashboard({ projectsDir, onTest }: { projectsDir: string; onTest: (container: string) => void }) {
  const [docker, setDocker] = useState<DockerStatus | null>(null);
  const [containers, setContainers] = useState<ContainerRow[] | null>(null);
  const [images, setImages] = useState<ImageRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const status = await api.dockerStatus({});
      setDocker(status);
      if (status.state !== 'connected') return;
      const [c, i] = await Promise.all([api.listContainers({}), api.listImages({})]);
      setContainers(c);
      setImages(i);
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
        <>
          <ContainersTable rows={containers} refresh={() => void refresh()} onTest={onTest} />
          <ImagesTable rows={images} projectsDir={projectsDir} refresh={() => void refresh()} onTest={onTest} />
        </>
      )}
    </div>
  );
}
