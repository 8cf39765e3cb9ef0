/** One deployment as a table row: name, image, replicas, URLs, state, and Scale, Roll back and Remove. */
import type { DeploymentStatus } from '../../../main/shared/crane-api.ts';
import { ConfirmRemoveButton } from '../ui/ConfirmRemoveButton.tsx';
import { deploymentState, deploymentUrls } from './deployment-state.ts';
import { ScaleForm } from './ScaleForm.tsx';
import { UrlList } from './UrlList.tsx';

interface Props {
  row: DeploymentStatus;
  busy: boolean;
  onScale: (replicas: number) => void;
  onRollback: () => void;
  onRemove: () => void;
}

export function DeploymentRowView({ row, busy, onScale, onRollback, onRemove }: Props) {
  const { desired, running, healthy } = row.replicas;
  const state = deploymentState(row);
  return (
    <tr>
      <th scope="row">{row.name}</th>
      <td>
        <span className="mono">{row.image}</span>
        {row.modelName && <div className="muted">{`${row.modelName}@${row.modelVersion ?? '?'}`}</div>}
      </td>
      <td>
        {running} of {desired} running, {healthy} healthy
      </td>
      <td>
        <UrlList urls={deploymentUrls(row)} label={`Addresses of ${row.name}`} />
      </td>
      <td>
        <span className={`state ${state.replace(' ', '-')}`}>{state}</span>
        {row.update?.message && <div className="muted">{row.update.message}</div>}
      </td>
      <td className="row-actions">
        <ScaleForm name={row.name} desired={desired} busy={busy} onScale={onScale} />
        <button type="button" disabled={busy} onClick={onRollback}>
          Roll back
        </button>
        <ConfirmRemoveButton busy={busy} onRemove={onRemove} />
        {busy && <span className="busy">Working…</span>}
      </td>
    </tr>
  );
}
