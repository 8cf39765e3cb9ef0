/** The containers CraneML started, one row each, with their actions and a live log panel right below the row it follows. */
import { useState } from 'react';
import type { ContainerRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { ListedTable } from '../ui/ListedTable.tsx';
import { ContainerRowView, type ContainerAction } from './ContainerRowView.tsx';
import { useDashboard } from './dashboard-context.ts';
import { LogPanel } from './LogPanel.tsx';
import { RowPanel } from './RowPanel.tsx';
import { useRowAction } from './use-row-action.ts';

const EMPTY_MESSAGE = 'No containers yet: run an image below or from the wizard.';
const COLUMNS = ['Name', 'Model', 'State', 'URL', 'Actions'];

export function ContainersTable({ rows }: { rows: ContainerRow[] | null }) {
  const { refresh, onTest } = useDashboard();
  const { busy, error, runOnRow } = useRowAction(refresh);
  const [logs, setLogs] = useState<ContainerRow | null>(null);

  const act = (row: ContainerRow, action: ContainerAction) =>
    runOnRow(row.id, row.name, async () => {
      await api.containerAction({ container: row.id, action });
      if (action === 'remove' && logs?.id === row.id) setLogs(null);
    });

  const rowView = (row: ContainerRow) => (
    <>
      <ContainerRowView
        row={row}
        busy={busy === row.id}
        onAction={(action) => void act(row, action)}
        onLogs={() => setLogs(logs?.id === row.id ? null : row)}
        onTest={() => onTest(row.name || row.id)}
      />
      {logs?.id === row.id && (
        <RowPanel id="container-logs" columns={COLUMNS.length}>
          <LogPanel container={logs.id} name={logs.name} onClose={() => setLogs(null)} />
        </RowPanel>
      )}
    </>
  );

  return (
    <section aria-labelledby="containers-title">
      <h2 id="containers-title">Containers</h2>
      <Alert message={error} />
      <ListedTable
        rows={rows}
        rowKey={(row) => row.id}
        emptyMessage={EMPTY_MESSAGE}
        caption="Containers"
        hideCaption
        columns={COLUMNS}
        renderRow={rowView}
      />
    </section>
  );
}
