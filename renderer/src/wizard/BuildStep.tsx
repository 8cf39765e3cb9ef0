/** Step 5: builds the image, with its progress and live log, and can cancel. */
import { Alert } from '../ui/Alert.tsx';
import { LogView } from '../ui/LogView.tsx';
import type { BuildDone, useBuild } from './use-build.ts';

interface Props {
  dir?: string;
  tag: string;
  baseImage?: string;
  build: ReturnType<typeof useBuild>;
}

export function builtSummary(done: BuildDone): string {
  return `Built ${done.tag} — ${(done.sizeBytes / 1024 / 1024).toFixed(1)} MB in ${(done.ms / 1000).toFixed(1)} s`;
}

export function BuildStep({ dir, tag, baseImage, build }: Props) {
  const running = build.jobId !== null;
  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>
        Build
      </h2>
      <p>
        Packages <span className="mono">{dir ?? '(no project)'}</span> into the image <span className="mono">{tag}</span>.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={!dir || running} onClick={() => dir && void build.start(dir, tag, baseImage)}>
          Build image
        </button>
        <button type="button" disabled={!running} onClick={() => void build.cancel()}>
          Cancel
        </button>
      </div>
      <div className="progress-row">
        <progress aria-label="Build progress" max={1} value={build.built ? 1 : build.stage.progress} />
        <span role="status">{build.stage.message}</span>
      </div>
      <Alert message={build.error} />
      {build.built && <p className="success">{builtSummary(build.built)}</p>}
      <LogView label="Build log" lines={build.lines} />
    </section>
  );
}
