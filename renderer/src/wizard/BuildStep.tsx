/** Step 5: builds the image, with its progress and live log, and can cancel. */
import { useEffect, useRef, useState } from 'react';
import type { BuildEvent } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { LogView } from '../ui/LogView.tsx';

export type BuildDone = Extract<BuildEvent, { type: 'done' }>;

interface Props {
  dir?: string;
  tag: string;
  baseImage?: string;
  built?: BuildDone;
  onBuilt: (done: BuildDone | undefined) => void;
}

export function builtSummary(done: BuildDone): string {
  return `Built ${done.tag} — ${(done.sizeBytes / 1024 / 1024).toFixed(1)} MB in ${(done.ms / 1000).toFixed(1)} s`;
}

export function BuildStep({ dir, tag, baseImage, built, onBuilt }: Props) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [stage, setStage] = useState({ message: '', progress: 0 });
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);

  useEffect(() => () => unsubscribe.current?.(), []);

  const onEvent = (event: BuildEvent) => {
    if (event.type === 'stage') setStage({ message: event.message, progress: event.progress });
    else if (event.type === 'log') setLines((old) => [...old.slice(-4999), event.line]);
    else {
      setJobId(null);
      unsubscribe.current?.();
      unsubscribe.current = null;
      if (event.type === 'done') {
        setStage({ message: 'Done', progress: 1 });
        onBuilt(event);
      } else setError(event.error.message);
    }
  };

  const build = async () => {
    if (!dir) return;
    setError(null);
    setLines([]);
    setStage({ message: 'Starting…', progress: 0 });
    onBuilt(undefined);
    try {
      const job = await api.buildImage({ dir, tag, ...(baseImage ? { baseImage } : {}) });
      setJobId(job.jobId);
      unsubscribe.current = api.subscribe('build', { jobId: job.jobId }, onEvent);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const cancel = async () => {
    if (!jobId) return;
    try {
      await api.cancelBuild({ jobId });
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Build
      </h2>
      <p>
        Packages <span className="mono">{dir ?? '(no project)'}</span> into the image <span className="mono">{tag}</span>.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={!dir || jobId !== null} onClick={() => void build()}>
          Build image
        </button>
        <button type="button" disabled={jobId === null} onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
      <div className="progress-row">
        <progress aria-label="Build progress" max={1} value={built ? 1 : stage.progress} />
        <span role="status">{built ? 'Done' : stage.message}</span>
      </div>
      <Alert message={error} />
      {built && <p className="success">{builtSummary(built)}</p>}
      <LogView label="Build log" lines={lines} />
    </section>
  );
}
