/** Step 1: drop or pick the model's files (or use the bundled digits example); the core stores and inspects them. */
import { useState } from 'react';
import type { ProjectSummary, StagedModel } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { fieldId } from '../ui/Field.tsx';
import { formatBytes, messageOf } from '../ui/format.ts';
import { RecentProjects } from './RecentProjects.tsx';

interface DropStepProps {
  staged?: StagedModel;
  onStaged: (staged: StagedModel) => void;
  /** A project opened instead of a new model: the wizard goes on at its Image step. */
  onProject: (project: ProjectSummary) => void;
  error?: string;
}

export function DropStep({ staged, onStaged, onProject, error }: DropStepProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [hover, setHover] = useState(false);

  const stage = async (load: () => Promise<StagedModel>) => {
    setBusy(true);
    setFailure(null);
    try {
      onStaged(await load());
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    // The files go by path (desktop) or as a streamed upload (web), never read into the page.
    void stage(() => api.stageDropped({ files }));
  };

  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Drop your model
      </h2>
      <div
        className={hover ? 'drop-zone hover' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setHover(true);
        }}
        onDragLeave={() => setHover(false)}
        onDrop={(event) => {
          event.preventDefault();
          setHover(false);
          upload(event.dataTransfer.files);
        }}
      >
        <p>Drop the model files here, or pick them:</p>
        <label htmlFor={fieldId('files')}>Model files (.onnx with its .onnx.data, or model.json with its weight shards)</label>
        <input
          id={fieldId('files')}
          type="file"
          multiple
          accept=".onnx,.data,.json,.bin,.h5,.keras"
          disabled={busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId('files')}-error` : undefined}
          onChange={(event) => {
            upload(event.target.files);
            event.target.value = '';
          }}
        />
        <p className="or">or</p>
        <button type="button" disabled={busy} onClick={() => void stage(() => api.stageExample({}))}>
          Use the digits example
        </button>
      </div>
      {error && (
        <span className="field-error" id={`${fieldId('files')}-error`}>
          {error}
        </span>
      )}
      {busy && (
        <p role="status" className="busy">
          Reading model…
        </p>
      )}
      <Alert message={failure} />
      {staged && !busy && (
        <p className="success">
          Ready: {staged.fileName} ({staged.format}, {formatBytes(staged.sizeBytes)}). Press Next to inspect it.
        </p>
      )}
      <RecentProjects onOpen={onProject} />
    </section>
  );
}
