/** The form for a slow image action (export as tar or folder, push), its busy state and its result, below the images table. */
import { useState } from 'react';
import type { ImageRow } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { fieldId, TextField } from '../ui/Field.tsx';
import { codeOf, formatBytes, messageOf } from '../ui/format.ts';
import { useAsyncAction } from '../ui/use-async-action.ts';
import { useDashboard } from './dashboard-context.ts';
import { exportName, imageRef } from './image-ref.ts';
import { PanelButtons } from './PanelButtons.tsx';

export type ImageActionMode = 'tar' | 'folder' | 'push';

const TITLES: Record<ImageActionMode, string> = { tar: 'Export as a tar file', folder: 'Export as a folder', push: 'Push to a registry' };

interface Props {
  row: ImageRow;
  mode: ImageActionMode;
  onClose: () => void;
}

export function ImageActionPanel({ row, mode, onClose }: Props) {
  const { projectsDir } = useDashboard();
  const ref = imageRef(row);
  const base = projectsDir.replace(/[\\/]+$/, '');
  const [path, setPath] = useState(mode === 'tar' ? `${base}/${exportName(row)}.tar` : `${base}/${exportName(row)}-docker`);
  const [target, setTarget] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [replace, setReplace] = useState(false);
  const { busy, error, run: runAction } = useAsyncAction();
  const [result, setResult] = useState<string[] | null>(null);
  /** The folder an export was refused for because something is there: replaced only once the user confirms that path. */
  const [confirmFolder, setConfirmFolder] = useState<string | null>(null);

  const perform = async (replaceFolder?: string) => {
    if (mode === 'tar') {
      const done = await api.exportTar({ image: ref, file: path.trim(), replace });
      setResult([`Wrote ${done.file} (${formatBytes(done.bytes)}).`]);
    } else if (mode === 'folder') {
      const done = await api.exportFolder(
        replaceFolder ? { image: ref, out: replaceFolder, replace: true } : { image: ref, out: path.trim() },
      );
      setResult([`Wrote ${done.dir}:`, ...done.files]);
    } else {
      const done = await api.pushImage({
        image: ref,
        target: target.trim(),
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
      });
      setResult([`Pushed ${done.target}${done.digest ? ` (${done.digest})` : ''}.`]);
    }
  };

  const run = (replaceFolder?: string) => {
    setResult(null);
    setConfirmFolder(null);
    return runAction(() => perform(replaceFolder), {
      failure: (e) => {
        if (mode === 'folder' && !replaceFolder && codeOf(e) === 'TARGET_EXISTS') setConfirmFolder(path.trim());
        return messageOf(e);
      },
    });
  };

  return (
    <section className="action-panel" aria-labelledby="image-action-title">
      <h3 id="image-action-title">
        {TITLES[mode]}: <span className="mono">{ref}</span>
      </h3>
      <form
        className="grid"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        {mode === 'push' ? (
          <>
            <TextField
              name="push-target"
              label="Target (registry/name:tag)"
              wide
              value={target}
              placeholder="registry.example.com/team/digits:1.0.0"
              onChange={setTarget}
            />
            <TextField name="push-username" label="Username (optional)" value={username} onChange={setUsername} />
            <div className="field">
              <label htmlFor="field-push-password">Password (optional)</label>
              <input
                id="field-push-password"
                type="password"
                autoComplete="off"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </div>
          </>
        ) : (
          <TextField
            name="export-path"
            label={mode === 'tar' ? 'Tar file path' : 'Folder path'}
            wide
            value={path}
            onChange={(value) => {
              setPath(value);
              setConfirmFolder(null);
            }}
          />
        )}
        {mode === 'tar' && (
          <div className="field checkbox wide">
            <input
              id={fieldId('export-replace')}
              type="checkbox"
              checked={replace}
              onChange={(event) => setReplace(event.target.checked)}
            />
            <label htmlFor={fieldId('export-replace')}>Replace the file if it exists</label>
          </div>
        )}
        <PanelButtons
          action={mode === 'push' ? 'Push' : 'Export'}
          disabled={busy || (mode === 'push' ? target.trim() === '' : path.trim() === '')}
          onClose={onClose}
        >
          {busy && (
            <span role="status" className="busy">
              Working…
            </span>
          )}
        </PanelButtons>
      </form>
      <Alert message={error} />
      {confirmFolder && (
        <div className="actions" role="group" aria-label="Replace the folder?">
          <span>
            Replace the earlier export in <span className="mono">{confirmFolder}</span>? Only the files it wrote are replaced.
          </span>
          <button type="button" className="danger" disabled={busy} onClick={() => void run(confirmFolder)}>
            Replace {confirmFolder}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirmFolder(null)}>
            Keep it
          </button>
        </div>
      )}
      {result && (
        <ul className="plain result" aria-label="Result">
          {result.map((line) => (
            <li key={line} className="mono">
              {line}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
