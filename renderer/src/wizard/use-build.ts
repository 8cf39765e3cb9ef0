/** A build job followed from start to end: its stage, progress, log and result; it outlives the Build step's screen. */
import { useEffect, useRef, useState } from 'react';
import type { BuildEvent } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { messageOf } from '../ui/format.ts';

export type BuildDone = Extract<BuildEvent, { type: 'done' }>;

export interface BuildState {
  jobId: string | null;
  stage: { message: string; progress: number };
  lines: string[];
  error: string | null;
  built?: BuildDone;
}

const MAX_LINES = 5000;

export function useBuild() {
  const [state, setState] = useState<BuildState>({ jobId: null, stage: { message: '', progress: 0 }, lines: [], error: null });
  const unsubscribe = useRef<(() => void) | null>(null);

  useEffect(() => () => unsubscribe.current?.(), []);

  const stop = () => {
    unsubscribe.current?.();
    unsubscribe.current = null;
  };

  const onEvent = (event: BuildEvent) => {
    if (event.type === 'stage') setState((old) => ({ ...old, stage: { message: event.message, progress: event.progress } }));
    else if (event.type === 'log') setState((old) => ({ ...old, lines: [...old.lines.slice(1 - MAX_LINES), event.line] }));
    else {
      stop();
      if (event.type === 'done') setState((old) => ({ ...old, jobId: null, stage: { message: 'Done', progress: 1 }, built: event }));
      else setState((old) => ({ ...old, jobId: null, error: event.error.message }));
    }
  };

  const start = async (dir: string, tag: string, baseImage?: string) => {
    stop();
    setState({ jobId: null, stage: { message: 'Starting…', progress: 0 }, lines: [], error: null });
    try {
      const job = await api.buildImage({ dir, tag, ...(baseImage ? { baseImage } : {}) });
      setState((old) => ({ ...old, jobId: job.jobId }));
      unsubscribe.current = api.subscribe('build', { jobId: job.jobId }, onEvent);
    } catch (e) {
      setState((old) => ({ ...old, stage: { message: '', progress: 0 }, error: messageOf(e) }));
    }
  };

  const cancel = async () => {
    if (!state.jobId) return;
    try {
      await api.cancelBuild({ jobId: state.jobId });
    } catch (e) {
      setState((old) => ({ ...old, error: messageOf(e) }));
    }
  };

  /** Forgets the last build (a new project was written). */
  const reset = () => {
    stop();
    setState({ jobId: null, stage: { message: '', progress: 0 }, lines: [], error: null });
  };

  return { ...state, start, cancel, reset };
}
