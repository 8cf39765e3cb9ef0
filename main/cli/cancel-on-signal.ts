/**
 * Ctrl-C (SIGINT) or SIGTERM during a slow command: the first cancels its work so that the work's own
 * clean-up runs (a `finally` is skipped when a signal kills the process); a second one exits at once.
 */
export interface Cancellation {
  signal: AbortSignal;
  /** Stops listening; call when the command is done. */
  dispose(): void;
}

/**
 * @example
 * const cancel = cancelOnSignal();
 * try { await packageImage(docker, project, { signal: cancel.signal }); } finally { cancel.dispose(); }
 */
export function cancelOnSignal(): Cancellation {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(name === 'SIGINT' ? 130 : 143);
    controller.abort(new Error(`cancelled by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
