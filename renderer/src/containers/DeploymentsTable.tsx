/** CraneML's deployments on Docker Swarm, one row each: scale, roll back or remove, each waiting until Swarm has settled. */
import { useState } from 'react';
import type { DeploymentStatus } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { ListedTable } from '../ui/ListedTable.tsx';
import { useDashboard } from './dashboard-context.ts';
import { settledLine } from './deployment-state.ts';
import { DeploymentRowView } from './DeploymentRowView.tsx';
import { useRowAction } from './use-row-action.ts';

// listDeployments answers [] when Swarm mode is off too, so the line covers both.
const EMPTY_MESSAGE =
  'No deployments yet: press Deploy to Swarm on an image below (if Docker is not in Swarm mode, CraneML asks before turning it on).';
const COLUMNS = ['Name', 'Image', 'Replicas', 'Answers at', 'State', 'Actions'];

export function DeploymentsTable({ rows }: { rows: DeploymentStatus[] | null }) {
  const { refresh } = useDashboard();
  const { busy, error, runOnRow } = useRowAction(refresh);
  const [progress, setProgress] = useState<string | null>(null);
  const [settled, setSettled] = useState<string | null>(null);

  const act = (row: DeploymentStatus, progressLine: string, call: () => Promise<string>) => {
    setSettled(null);
    setProgress(progressLine);
    return runOnRow(
      row.name,
      row.name,
      async () => setSettled(await call()),
      () => setProgress(null),
    );
  };

  const rowView = (row: DeploymentStatus) => {
    const { name } = row;
    return (
      <DeploymentRowView
        row={row}
        busy={busy === name}
        onScale={(replicas) =>
          void act(
            row,
            `Scaling ${name} to ${replicas} replicas… Swarm waits until each one passes its health check; this can take a minute.`,
            async () => settledLine(await api.scaleDeployment({ name, replicas })),
          )
        }
        onRollback={() =>
          void act(
            row,
            `Rolling ${name} back to its previous image… one replica at a time, each waiting for its health check; this can take a minute.`,
            async () => settledLine(await api.rollbackDeployment({ name })),
          )
        }
        onRemove={() =>
          void act(
            row,
            `Removing ${name}… waiting until its containers have stopped.`,
            async () => `Removed ${(await api.undeploy({ name })).removed}.`,
          )
        }
      />
    );
  };

  return (
    <section aria-labelledby="deployments-title">
      <h2 id="deployments-title">Deployments</h2>
      <Alert message={error} />
      {progress && (
        <p role="status" className="busy">
          {progress}
        </p>
      )}
      {settled && (
        <p role="status" className="success">
          {settled}
        </p>
      )}
      <ListedTable
        rows={rows}
        rowKey={(row) => row.name}
        emptyMessage={EMPTY_MESSAGE}
        caption="Deployments"
        hideCaption
        columns={COLUMNS}
        renderRow={rowView}
      />
    </section>
  );
}
