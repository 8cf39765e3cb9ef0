/** Step 5: builds the image as soon as the step is reached, with its progress and live log, and can cancel or build again. */
import { useEffect, useRef } from 'react';
import { Alert } from '../ui/Alert.tsx';
import { LogView } from '../ui/LogView.tsx';
import { buildTarget, type BuildDone, type useBuild } from './use-build.ts';
import { StepSection } from './StepSection.tsx';

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
  const outcome = useRef<HTMLDivElement>(null);

  // Reaching the step is asking for the build: it starts unless this very build was asked for already
  // (built, under way, or failed: then "Build again" says what to press).
  useEffect(() => {
    if (dir && !running && build.target !== buildTarget(dir, tag, baseImage)) void build.start(dir, tag, baseImage);
  }, [dir, tag, baseImage]);

  // The outcome takes the focus when the build ends, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (build.built || build.error) outcome.current?.querySelector<HTMLElement>('.success, .build-failed')?.focus();
  }, [build.built, build.error]);

  return (
    <StepSection title="Build">
      <p>
        Packages <span className="mono">{dir ?? '(no project)'}</span> into the Docker image <span className="mono">{tag}</span>.
        {running && ' Building now: the first build of a model can take a few minutes; Next opens when it is done.'}
      </p>
      <div className="actions">
        <button type="button" disabled={!dir || running} onClick={() => dir && void build.start(dir, tag, baseImage)}>
          Build again
        </button>
        <button type="button" disabled={!running} onClick={() => void build.cancel()}>
          Cancel
        </button>
      </div>
      <div className="progress-row">
        <progress aria-label="Build progress" max={1} value={build.built ? 1 : build.stage.progress} />
        <span role="status">{build.stage.message}</span>
      </div>
      <div ref={outcome}>
        {build.error && (
          <div className="build-failed" tabIndex={-1}>
            <Alert message={build.error} />
          </div>
        )}
        {build.built && (
          <p className="success" tabIndex={-1}>
            {builtSummary(build.built)}. Press Next to run it.
          </p>
        )}
      </div>
      <LogView label="Build log" lines={build.lines} />
    </StepSection>
  );
}
