/** One image as a table row: tags, size, model, created, and its actions; the buttons that open a panel say which is open. */
import type { ImageRow } from '../../../main/shared/crane-api.ts';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton.tsx';
import { formatBytes } from '../ui/format.ts';

/** The panels an image row opens right below itself. */
export type ImagePanelMode = 'run' | 'tar' | 'folder' | 'push' | 'deploy';

const OPENERS: readonly { mode: ImagePanelMode; label: string }[] = [
  { mode: 'run', label: 'Run' },
  { mode: 'tar', label: 'Export tar' },
  { mode: 'folder', label: 'Export folder' },
  { mode: 'push', label: 'Push' },
  { mode: 'deploy', label: 'Deploy to Swarm' },
];

interface Props {
  row: ImageRow;
  busy: boolean;
  /** The panel open below this row, if any. */
  open: ImagePanelMode | null;
  /** The id of the panel element (for aria-controls). */
  panelId: string;
  onOpen: (mode: ImagePanelMode) => void;
  onRemove: () => void;
}

/** The id of the button that opens `mode` on the row `rowId`: the focus goes back to it when the panel closes. */
export function openerId(rowId: string, mode: ImagePanelMode): string {
  return `open-${mode}-${rowId.replace(/^sha256:/, '').slice(0, 12)}`;
}

export function ImageRowView({ row, busy, open, panelId, onOpen, onRemove }: Props) {
  return (
    <tr>
      <th scope="row" className="mono">
        {row.tags.length > 0 ? row.tags.join(', ') : row.id.slice(0, 19)}
      </th>
      <td>{formatBytes(row.sizeBytes)}</td>
      <td>{row.model ?? '—'}</td>
      <td>{new Date(row.created).toLocaleString()}</td>
      <td className="row-actions">
        {OPENERS.map(({ mode, label }) => (
          <button
            key={mode}
            id={openerId(row.id, mode)}
            type="button"
            disabled={busy}
            aria-expanded={open === mode}
            aria-controls={open === mode ? panelId : undefined}
            onClick={() => onOpen(mode)}
          >
            {label}
          </button>
        ))}
        <ConfirmRemoveButton busy={busy} onRemove={onRemove} />
      </td>
    </tr>
  );
}
