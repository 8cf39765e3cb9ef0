/** Polls a readiness URL until it answers 200, the deadline passes, or the container dies. */

export interface WaitReadyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between polls: a container that has exited will never become ready. */
  stillRunning?: () => Promise<boolean>;
}

export type ReadyResult = { ready: true; elapsedMs: number } | { ready: false; elapsedMs: number; reason: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Never throws: the result says why it is not ready (last status or connection error, exit, timeout).
 * @example
 * const result = await waitReady('http://127.0.0.1:8080/readyz', { timeoutMs: 30_000 });
 */
export async function waitReady(url: string, options: WaitReadyOptions): Promise<ReadyResult> {
  const start = performance.now();
  const interval = options.intervalMs ?? 100;
  let last = 'no answer yet';
  for (;;) {
    const elapsed = performance.now() - start;
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) return { ready: false, elapsedMs: elapsed, reason: `not ready within ${options.timeoutMs / 1000}s (${last})` };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.ceil(Math.min(2000, remaining)))) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status === 200) return { ready: true, elapsedMs: performance.now() - start };
      last = `last answer: HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = `last attempt: ${cause?.code ?? (error as Error).name}`;
    }
    if (options.stillRunning && !(await options.stillRunning())) {
      return { ready: false, elapsedMs: performance.now() - start, reason: 'the container exited' };
    }
    await sleep(interval);
  }
}
