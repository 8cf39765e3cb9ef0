/** The containers CraneML started, one row each, with their actions and a live log panel. */
import { useState } from 'react';
import type { ContainerRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { ContainerRowView, type ContainerAction } from './ContainerRowView.tsx';
import { LogPanel } from './LogPanel.tsx';

interface Props {
  rows: ContainerRow[] | null;
  refresh: () => void;
  onTest: (container: string) => void;
}

export function ContainersTable({ rows, refresh, onTest }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [logs, setLogs] = useState<ContainerRow | null>(null);

  const act = async (row: ContainerRow, action: ContainerAction) => {
    setBusy(row.id);
    setError(null);
    try {
      await api.containerAction({ container: row.id, action });
      if (action === 'remove' && logs?.id === row.id) setLogs(null);
    } catch (e) {
      setError(`${row.name}: ${messageOf(e)}`);
    } finally {
      setBusy(null);
      refresh();
    }
  };

  return (
    <section aria-labelledby="containers-title">
      <h2 id="containers-title">Containers</h2>
      <Alert message={error} />
      {rows && rows.length === 0 && <p className="muted">No containers yet: run an image below or from the wizard.</p>}
      {rows && rows.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">Containers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">State</th>
              <th scope="col">URL</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ContainerRowView
                key={row.id}
                row={row}
                busy={busy === row.id}
                onAction={(action) => void act(row, action)}
                onLogs={() => setLogs(row)}
                onTest={() => onTest(row.name || row.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {logs && <LogPanel container={logs.id} name={logs.name} onClose={() => setLogs(null)} />}
    </section>
  );
}
