/** One slow action at a time behind a control: whether it runs (and since when, and for what), and how the last one failed. */
import { useState } from 'react';
import { messageOf } from './format.ts';

export interface RunOptions<Failure> {
  /** What the action is for (a row's id), told back as `busyKey` while it runs. */
  key?: string;
  /** How this run's failure is shown, instead of the hook's own; null shows nothing (the caller said it elsewhere). */
  failure?: (error: unknown) => Failure | null;
  /** After the action, whether it failed or not. */
  settled?: () => void;
}

/**
 * @param describe how a failure is shown: its message by default (the core's words, put for the app).
 * @example
 * const { busy, error, run } = useAsyncAction();
 * <button disabled={busy} onClick={() => void run(() => api.openProject({ dir }).then(onOpen))}>Open</button>
 * <Alert message={error} />
 */
export function useAsyncAction<Failure = string>(describe: (error: unknown) => Failure | null = messageOf as (error: unknown) => Failure) {
  const [running, setRunning] = useState<{ key: string; since: number } | null>(null);
  const [error, setError] = useState<Failure | null>(null);

  /** @returns whether the action succeeded. */
  const run = async (action: () => Promise<unknown>, options: RunOptions<Failure> = {}): Promise<boolean> => {
    setRunning({ key: options.key ?? '', since: Date.now() });
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError((options.failure ?? describe)(e));
      return false;
    } finally {
      setRunning(null);
      options.settled?.();
    }
  };

  return {
    busy: running !== null,
    /** The key the running action was given, or null when none runs. */
    busyKey: running ? running.key : null,
    /** When the running action started (a Date.now() value), or null. */
    busySince: running ? running.since : null,
    error,
    /** Shows a failure found before any call (a field left empty). */
    setError,
    run,
  };
}
