/** A build job followed from start to end: its stage, progress, log and result; it outlives the Build step's screen. */
import { useEffect, useRef, useState } from 'react';
import type { BuildEvent } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { inAppWords } from '../ui/app-words.ts';
import { messageOf } from '../ui/format.ts';

export type BuildDone = Extract<BuildEvent, { type: 'done' }>;

export interface BuildState {
  jobId: string | null;
  stage: { message: string; progress: number };
  lines: string[];
  error: string | null;
  built?: BuildDone;
  /** What the last build was asked to make (folder, tag, base image), so a step reached again knows whether it is current. */
  target?: string;
}

/** One key for a build's inputs. */
export function buildTarget(dir: string, tag: string, baseImage?: string): string {
  return JSON.stringify([dir, tag, baseImage ?? '']);
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
      else setState((old) => ({ ...old, jobId: null, error: inAppWords(event.error.message) }));
    }
  };

  const start = async (dir: string, tag: string, baseImage?: string) => {
    stop();
    setState({
      jobId: null,
      stage: { message: 'Starting…', progress: 0 },
      lines: [],
      error: null,
      target: buildTarget(dir, tag, baseImage),
    });
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

  /** Takes up a build that ended before the page was reloaded (the wizard's saved state, checked against the images). */
  const restore = (built: BuildDone, target: string) => {
    stop();
    setState({ jobId: null, stage: { message: 'Done', progress: 1 }, lines: [], error: null, built, target });
  };

  return { ...state, start, cancel, reset, restore };
}
