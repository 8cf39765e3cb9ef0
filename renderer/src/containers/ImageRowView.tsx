/** One image as a table row: tags, size, model, created, and its actions. */
import type { ImageRow } from '../../../main/shared/crane-api.ts';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton.tsx';
import { formatBytes } from '../ui/format.ts';
import type { ImageActionMode } from './ImageActionPanel.tsx';

interface Props {
  row: ImageRow;
  busy: boolean;
  onRun: () => void;
  onOpen: (mode: ImageActionMode) => void;
  onRemove: () => void;
  onDeploy: () => void;
}

export function ImageRowView({ row, busy, onRun, onOpen, onRemove, onDeploy }: Props) {
  return (
    <tr>
      <th scope="row" className="mono">
        {row.tags.length > 0 ? row.tags.join(', ') : row.id.slice(0, 19)}
      </th>
      <td>{formatBytes(row.sizeBytes)}</td>
      <td>{row.model ?? '—'}</td>
      <td>{new Date(row.created).toLocaleString()}</td>
      <td className="row-actions">
        <button type="button" disabled={busy} onClick={onRun}>
          Run
        </button>
        <button type="button" onClick={() => onOpen('tar')}>
          Export tar
        </button>
        <button type="button" onClick={() => onOpen('folder')}>
          Export folder
        </button>
        <button type="button" onClick={() => onOpen('push')}>
          Push
        </button>
        <button type="button" onClick={onDeploy}>
          Deploy to Swarm
        </button>
        <ConfirmRemoveButton busy={busy} onRemove={onRemove} />
      </td>
    </tr>
  );
}
