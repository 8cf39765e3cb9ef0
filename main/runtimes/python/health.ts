/** The Python runtime image's health probe: the Dockerfile's HEALTHCHECK, Swarm's and Compose's (main/runtimes/health-check.ts). */
import type { HealthCheck } from '../types.ts';

/**
 * `python -m craneml_runtime.health` exits 0 when /readyz on $PORT answers 200. Loading Python, the
 * packages and the model, then a warm-up prediction, takes longer than the Node server's start.
 */
export const PYTHON_HEALTH_CHECK: HealthCheck = {
  command: ['python', '-m', 'craneml_runtime.health'],
  intervalS: 10,
  timeoutS: 3,
  startPeriodS: 30,
  retries: 3,
};
