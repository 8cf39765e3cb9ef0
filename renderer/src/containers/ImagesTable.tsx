/** The images CraneML built: run, export, push or remove each; slow actions show their progress and result in place. */
import { useState } from 'react';
import type { ImageRow, RunningService } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { ServiceDetails } from '../ui/ServiceDetails.tsx';
import { ImageActionPanel, type ImageActionMode } from './ImageActionPanel.tsx';
import { imageRef } from './image-ref.ts';
import { ImageRowView } from './ImageRowView.tsx';

interface Props {
  rows: ImageRow[] | null;
  projectsDir: string;
  refresh: () => void;
  onTest: (container: string) => void;
}

export function ImagesTable({ rows, projectsDir, refresh, onTest }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [panel, setPanel] = useState<{ row: ImageRow; mode: ImageActionMode } | null>(null);
  const [started, setStarted] = useState<RunningService | null>(null);

  const act = async (row: ImageRow, what: 'run' | 'remove') => {
    const ref = imageRef(row);
    setBusy(row.id);
    setError(null);
    setStarted(null);
    setStatus(what === 'run' ? `Starting ${ref}…` : `Removing ${ref}…`);
    try {
      if (what === 'run') setStarted(await api.runImage({ image: ref }));
      else await api.removeImage({ image: ref });
      setStatus(null);
    } catch (e) {
      setStatus(null);
      setError(`${ref}: ${messageOf(e)}`);
    } finally {
      setBusy(null);
      refresh();
    }
  };

  return (
    <section aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <Alert message={error} />
      {status && (
        <p role="status" className="busy">
          {status}
        </p>
      )}
      {rows && rows.length === 0 && <p className="muted">No images yet: build one with New model.</p>}
      {rows && rows.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">Images</caption>
          <thead>
            <tr>
              <th scope="col">Tags</th>
              <th scope="col">Size</th>
              <th scope="col">Model</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ImageRowView
                key={row.id}
                row={row}
                busy={busy === row.id}
                onRun={() => void act(row, 'run')}
                onRemove={() => void act(row, 'remove')}
                onOpen={(mode) => setPanel({ row, mode })}
              />
            ))}
          </tbody>
        </table>
      )}
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
    </section>
  );
}
