/** The images CraneML built: run, export, push, deploy or remove each; a slow action's panel opens right below its row. */
import { useState } from 'react';
import type { ImageRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { ListedTable } from '../ui/ListedTable.tsx';
import { useDashboard } from './dashboard-context.ts';
import { DeployPanel } from './DeployPanel.tsx';
import { ImageActionPanel } from './ImageActionPanel.tsx';
import { imageRef } from './image-ref.ts';
import { ImageRowView, openerId, type ImagePanelMode } from './ImageRowView.tsx';
import { RowPanel } from './RowPanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { useRowAction } from './use-row-action.ts';

const EMPTY_MESSAGE = 'No images yet: build one with New model.';
const COLUMNS = ['Tags', 'Size', 'Model', 'Created', 'Actions'];
const PANEL_ID = 'image-panel';

export function ImagesTable({ rows }: { rows: ImageRow[] | null }) {
  const { refresh } = useDashboard();
  const { busy, error, runOnRow } = useRowAction(refresh);
  const [removing, setRemoving] = useState<string | null>(null);
  /** One panel at a time, under the row it belongs to. */
  const [open, setOpen] = useState<{ id: string; mode: ImagePanelMode } | null>(null);

  const remove = (row: ImageRow) => {
    const ref = imageRef(row);
    if (open?.id === row.id) setOpen(null);
    setRemoving(`Removing ${ref}…`);
    return runOnRow(
      row.id,
      ref,
      () => api.removeImage({ image: ref }),
      () => setRemoving(null),
    );
  };

  const close = () => {
    if (!open) return;
    const opener = openerId(open.id, open.mode);
    setOpen(null);
    // Back to the button that opened the panel, not to the page's top.
    requestAnimationFrame(() => document.getElementById(opener)?.focus());
  };

  const panelFor = (row: ImageRow, mode: ImagePanelMode) => {
    if (mode === 'run') return <RunPanel row={row} onClose={close} />;
    if (mode === 'deploy') return <DeployPanel row={row} onClose={close} />;
    return <ImageActionPanel row={row} mode={mode} onClose={close} />;
  };

  const rowView = (row: ImageRow) => {
    const mode = open?.id === row.id ? open.mode : null;
    return (
      <>
        <ImageRowView
          row={row}
          busy={busy === row.id}
          open={mode}
          panelId={PANEL_ID}
          onOpen={(next) => setOpen(mode === next ? null : { id: row.id, mode: next })}
          onRemove={() => void remove(row)}
        />
        {mode && (
          <RowPanel key={mode} id={PANEL_ID} columns={COLUMNS.length}>
            {panelFor(row, mode)}
          </RowPanel>
        )}
      </>
    );
  };

  return (
    <section aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <Alert message={error} />
      {removing && (
        <p role="status" className="busy">
          {removing}
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
    </section>
  );
}
