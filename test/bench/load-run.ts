/** One wrk run as the A/B benches record it: where it stood in the schedule, and what wrk and the server's CPU measured. */
import type { WrkResult } from './peers/wrk.ts';

export interface LoadRun {
  round: number;
  concurrency: number;
  /** The machine's one-minute load average as the run began. */
  load: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The server process's CPU time (user + system) per answer. */
  cpuMsPerAnswer: number;
}

/**
 * The run's figures from wrk's result and the CPU time the server spent on it.
 * @example const run = { ...loadRun({ round, concurrency, load }, result, cpuAfter - cpuBefore), arm: 'event-loop' };
 */
export function loadRun(at: Pick<LoadRun, 'round' | 'concurrency' | 'load'>, result: WrkResult, cpuMs: number): LoadRun {
  return {
    ...at,
    rps: result.okRps,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    cpuMsPerAnswer: cpuMs / Math.max(1, result.requests),
  };
}
