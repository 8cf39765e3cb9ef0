/** One container as a table row: name, model, state, URL, and its actions (Remove asks for confirmation in place). */
import type { CallArgs, ContainerRow } from '../../../main/shared/crane-api.ts';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton.tsx';

export type ContainerAction = CallArgs<'containerAction'>['action'];

interface Props {
  row: ContainerRow;
  busy: boolean;
  onAction: (action: ContainerAction) => void;
  onLogs: () => void;
  onTest: () => void;
}

export function ContainerRowView({ row, busy, onAction, onLogs, onTest }: Props) {
  const running = row.state === 'running';
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td>{row.model ?? row.image}</td>
      <td>
        <span className={`state ${row.state}`}>{row.state}</span> <span className="muted">{row.status}</span>
      </td>
      <td>
        {row.url ? (
          <a href={row.url} target="_blank" rel="noreferrer">
            {row.url}
          </a>
        ) : (
          '—'
        )}
      </td>
      <td className="row-actions">
        {!running && (
          <button type="button" disabled={busy} onClick={() => onAction('start')}>
            Start
          </button>
        )}
        <button type="button" disabled={busy || !running} onClick={() => onAction('stop')}>
          Stop
        </button>
        {running && (
          <button type="button" disabled={busy} onClick={() => onAction('restart')}>
            Restart
          </button>
        )}
        {busy && <span className="busy">Working…</span>}
        <button type="button" onClick={onLogs}>
          Logs
        </button>
        <button type="button" onClick={onTest}>
          Test
        </button>
        <ConfirmRemoveButton busy={busy} onRemove={() => onAction('remove')} />
      </td>
    </tr>
  );
}
