/**
 * Step 1: drop or pick the model's files or its project folder (a predict.py or Cog project), or use the
 * bundled digits example; the core stores and inspects them, converting a notebook model.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProjectSummary, StagedModel } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { ConversionBar, conversionStepText } from '../notebook/ConversionProgress.tsx';
import { useConversionProgress } from '../notebook/use-conversion-progress.ts';
import { fieldId } from '../ui/Field.tsx';
import { formatBytes } from '../ui/format.ts';
import { useAsyncAction } from '../ui/use-async-action.ts';
import { RecentProjects } from './RecentProjects.tsx';
import { StageFailure } from './StageFailure.tsx';
import { StepSection } from './StepSection.tsx';

/** What the file picker offers: ONNX (+ external data), TF.js (model.json + shards), Keras, notebook models and PyTorch. */
const ACCEPT = [
  ...['.onnx', '.data', '.json', '.bin', '.h5', '.keras', '.pkl', '.pickle', '.joblib', '.skops', '.ubj', '.txt', '.cbm'],
  ...['.pt', '.pth', '.pt2'],
].join(',');

interface DropStepProps {
  staged?: StagedModel;
  onStaged: (staged: StagedModel) => void;
  /** The files were refused: the model staged before is no longer the one chosen. */
  onRefused: () => void;
  /** A project opened instead of a new model: the wizard goes on at its Image step. */
  onProject: (project: ProjectSummary) => void;
  error?: string;
}

export function DropStep({ staged, onStaged, onRefused, onProject, error }: DropStepProps) {
  // The refusal itself, not its message: StageFailure reads its code and what it carries (a shape to ask for).
  const { busy, busySince, error: failure, run } = useAsyncAction<unknown>((e) => e);
  const conversion = useConversionProgress(busy);
  const [hover, setHover] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);
  // The outcome (Ready, or why not) takes the focus, so a keyboard or screen-reader user lands on it.
  // An effect, not a frame callback: it runs after the commit that shows the outcome, which a frame
  // callback may precede when React renders the batched updates later.
  const [outcomes, setOutcomes] = useState(0);
  useEffect(() => {
    if (outcomes > 0) outcome.current?.querySelector<HTMLElement>('.success, .alert')?.focus();
  }, [outcomes]);
  const focusOutcome = () => setOutcomes((n) => n + 1);

  const stage = (load: () => Promise<StagedModel>) =>
    run(async () => onStaged(await load()), {
      failure: (e) => {
        onRefused();
        return e;
      },
      settled: focusOutcome,
    });

  // The files dropped last, kept so a TorchScript file can be staged again with the input shape asked for.
  const dropped = useRef<File[]>([]);
  const upload = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    dropped.current = files;
    // The files go by path (desktop) or as a streamed upload (web), never read into the page.
    void stage(() => api.stageDropped({ files }));
  };
  const withShape = (inputShape: number[]) => void stage(() => api.stageDropped({ files: dropped.current, inputShape }));

  return (
    <StepSection title="Drop your model">
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
        <p>Drop the model files or the project folder here, or pick them:</p>
        <label htmlFor={fieldId('files')}>Model files (.onnx with its .onnx.data, or model.json with its weight shards)</label>
        <input
          id={fieldId('files')}
          type="file"
          multiple
          accept={ACCEPT}
          disabled={busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${fieldId('files')}-hint${error ? ` ${fieldId('files')}-error` : ''}`}
          onChange={(event) => {
            upload(event.target.files);
            event.target.value = '';
          }}
        />
        <span className="hint" id={`${fieldId('files')}-hint`}>
          Also Keras (.h5, .keras) and models from a notebook: scikit-learn (.pkl, .pickle, .joblib, .skops), XGBoost (.json, .ubj),
          LightGBM (.txt) and CatBoost (.cbm), converted to ONNX with a proof that the answers stay the same (served by the Python runtime
          when no converter takes them).
        </span>
        <label htmlFor={fieldId('folder')}>Python project folder</label>
        <input
          id={fieldId('folder')}
          type="file"
          // The browser's folder picker: every file of the folder, each with its path inside it (webkitRelativePath).
          ref={(input) => input?.setAttribute('webkitdirectory', '')}
          disabled={busy}
          aria-describedby={`${fieldId('folder')}-hint`}
          onChange={(event) => {
            upload(event.target.files);
            event.target.value = '';
          }}
        />
        <span className="hint" id={`${fieldId('folder')}-hint`}>
          A folder with a predict.py (class Predictor) or a Cog project (cog.yaml), taken as it is: served by the Python runtime.
        </span>
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
      {/* One live region, always there, so each step a conversion reaches is announced as it changes. */}
      <p role="status" className="busy">
        {busy ? (conversion ? conversionStepText(conversion) : 'Reading model…') : ''}
      </p>
      {busySince !== null && conversion && <ConversionBar progress={conversion} since={busySince} />}
      <div ref={outcome}>
        {failure !== null && <StageFailure error={failure} onShape={withShape} />}
        {staged && !busy && failure === null && (
          <p className="success" tabIndex={-1}>
            Ready: {staged.fileName} ({staged.format}, {formatBytes(staged.sizeBytes)}). Press Next to inspect it.
          </p>
        )}
      </div>
      <RecentProjects onOpen={onProject} />
    </StepSection>
  );
}
