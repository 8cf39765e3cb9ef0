/** A runtime's health probe as a Dockerfile HEALTHCHECK and as the Engine API's (Swarm service spec); Compose's is main/deploy/manifest-values.ts's. */
import type { HealthCheck } from './types.ts';

const NS = 1e9;

/**
 * The HEALTHCHECK instruction.
 * @example healthcheckInstruction(check) // 'HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \\\n  CMD ["node", "-e", "…"]'
 */
export function healthcheckInstruction(check: HealthCheck): string {
  const timing = `--interval=${check.intervalS}s --timeout=${check.timeoutS}s --start-period=${check.startPeriodS}s --retries=${check.retries}`;
  return `HEALTHCHECK ${timing} \\\n  CMD [${check.command.map((word) => JSON.stringify(word)).join(', ')}]`;
}

/** As Docker stores an image's HEALTHCHECK and a Swarm ContainerSpec takes it: Test, durations in nanoseconds. */
export interface EngineHealthcheck {
  Test: string[];
  Interval: number;
  Timeout: number;
  StartPeriod: number;
  Retries: number;
}

/** @example engineHealthcheck(check).Test // ['CMD', 'python', '-m', 'craneml_runtime.health'] */
export function engineHealthcheck(check: HealthCheck): EngineHealthcheck {
  return {
    Test: ['CMD', ...check.command],
    Interval: check.intervalS * NS,
    Timeout: check.timeoutS * NS,
    StartPeriod: check.startPeriodS * NS,
    Retries: check.retries,
  };
}
