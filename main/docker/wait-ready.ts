/** Polls a readiness URL until it answers 200, the deadline passes, or the container dies. */

export interface WaitReadyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between polls: a container that has exited will never become ready. */
  stillRunning?: () => Promise<boolean>;
}

export type ReadyResult = { ready: true; elapsedMs: number } | { ready: false; elapsedMs: number; reason: string };

/** How long one poll may take before it counts as a timeout. */
const ATTEMPT_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Never throws: the result says why it is not ready (last status or connection error, exit, timeout).
 * @example
 * const result = await waitReady('http://127.0.0.1:8080/readyz', { timeoutMs: 30_000 });
 */
export async function waitReady(url: string, options: WaitReadyOptions): Promise<ReadyResult> {
  const start = performance.now();
  const interval = options.intervalMs ?? 100;
  let last: string | undefined;
  let cutShort = false;
  for (;;) {
    const elapsed = performance.now() - start;
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0)
      return { ready: false, elapsedMs: elapsed, reason: `not ready within ${options.timeoutMs / 1000}s (${last ?? 'no answer yet'})` };
    try {
      const budget = Math.max(1, Math.ceil(Math.min(ATTEMPT_MS, remaining)));
      cutShort = budget < ATTEMPT_MS;
      const response = await fetch(url, { signal: AbortSignal.timeout(budget) });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status === 200) return { ready: true, elapsedMs: performance.now() - start };
      last = `last answer: HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const why = cause?.code ?? (error as Error).name;
      // An attempt the deadline cut short says nothing of the server; what an earlier one found says more.
      if (!(why === 'TimeoutError' && cutShort && last)) last = `last attempt: ${why}`;
    }
    if (options.stillRunning && !(await options.stillRunning())) {
      return { ready: false, elapsedMs: performance.now() - start, reason: 'the container exited' };
    }
    await sleep(interval);
  }
}
