/** The images CraneML built: run, export, push or remove each; slow actions show their progress and result in place. */
import { useState } from 'react';
import type { DeploymentStatus, ImageRow, RunningService } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { ListedTable } from '../ui/ListedTable.tsx';
import { ServiceDetails } from '../ui/ServiceDetails.tsx';
import { DeployPanel } from './DeployPanel.tsx';
import { ImageActionPanel, type ImageActionMode } from './ImageActionPanel.tsx';
import { imageRef } from './image-ref.ts';
import { ImageRowView } from './ImageRowView.tsx';
import { useRowAction } from './use-row-action.ts';

const EMPTY_MESSAGE = 'No images yet: build one with New model.';
const COLUMNS = ['Tags', 'Size', 'Model', 'Created', 'Actions'];

interface Props {
  rows: ImageRow[] | null;
  projectsDir: string;
  deployments: readonly DeploymentStatus[];
  refresh: () => void;
  onTest: (container: string) => void;
}

export function ImagesTable({ rows, projectsDir, deployments, refresh, onTest }: Props) {
  const { busy, error, runOnRow } = useRowAction(refresh);
  const [status, setStatus] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ row: ImageRow; mode: ImageActionMode } | null>(null);
  const [started, setStarted] = useState<RunningService | null>(null);
  const [deploying, setDeploying] = useState<ImageRow | null>(null);

  const act = (row: ImageRow, what: 'run' | 'remove') => {
    const ref = imageRef(row);
    setStarted(null);
    setStatus(what === 'run' ? `Starting ${ref}…` : `Removing ${ref}…`);
    return runOnRow(row.id, ref, async () => {
      try {
        if (what === 'run') setStarted(await api.runImage({ image: ref }));
        else await api.removeImage({ image: ref });
      } finally {
        setStatus(null);
      }
    });
  };

  const rowView = (row: ImageRow) => (
    <ImageRowView
      row={row}
      busy={busy === row.id}
      onRun={() => void act(row, 'run')}
      onRemove={() => void act(row, 'remove')}
      onOpen={(mode) => setPanel({ row, mode })}
      onDeploy={() => setDeploying(row)}
    />
  );

  return (
    <section aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <Alert message={error} />
      {status && (
        <p role="status" className="busy">
          {status}
        </p>
      )}
      <ListedTable
        rows={rows}
        rowKey={(row) => row.id}
        emptyMessage={EMPTY_MESSAGE}
        caption="Images"
        hideCaption
        columns={COLUMNS}
        renderRow={rowView}
      />
      {started && (
        <div className="action-panel">
          <h3>
            Running <span className="mono">{started.name}</span>
          </h3>
          <ServiceDetails service={started} />
          <button type="button" className="primary" onClick={() => onTest(started.name || started.container)}>
            Test
          </button>
        </div>
      )}
      {panel && (
        <ImageActionPanel
          key={`${panel.row.id}-${panel.mode}`}
          row={panel.row}
          mode={panel.mode}
          projectsDir={projectsDir}
          onClose={() => setPanel(null)}
        />
      )}
      {deploying && (
        <DeployPanel key={deploying.id} row={deploying} deployments={deployments} refresh={refresh} onClose={() => setDeploying(null)} />
      )}
    </section>
  );
}
