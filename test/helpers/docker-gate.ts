/**
 * Whether a test run may go on without Docker: the one rule behind the global set-up's check and
 * requireDocker. A run that needs Docker and finds none fails with one line saying how to go on,
 * unless the Docker tests are skipped by name (CRANEML_SKIP=docker); CRANEML_REQUIRE_DOCKER=1 (CI)
 * never skips.
 */
import { TIERS_WITHOUT_DOCKER } from './tiers.ts';

export type DockerGate = { kind: 'run' } | { kind: 'skip'; message: string } | { kind: 'fail'; message: string };

export const SKIP_VARIABLE = 'CRANEML_SKIP';

const sentence = (text: string): string => text.replace(/[.\s]*$/, '.');
const required = (env: NodeJS.ProcessEnv): boolean => env.CRANEML_REQUIRE_DOCKER === '1';

/** True when `CRANEML_SKIP` (a comma- or space-separated list) names `docker`. */
export function skipsDocker(env: NodeJS.ProcessEnv): boolean {
  return (env[SKIP_VARIABLE] ?? '').split(/[\s,]+/).some((name) => name.toLowerCase() === 'docker');
}

/**
 * The decision for a run of the tiers `tiers`, given whether a daemon answered (`absent`: why not).
 * @example
 * dockerGate({ tiers: ['unit', 'docker'], absent: 'connect ENOENT /var/run/docker.sock', env: {} })
 * // → { kind: 'fail', message: 'The docker tests need Docker, and connect ENOENT /var/run/docker.sock. Or run only …' }
 */
export function dockerGate(run: { tiers: readonly string[]; absent?: string; env: NodeJS.ProcessEnv }): DockerGate {
  const { tiers, absent, env } = run;
  const skip = skipsDocker(env) && !required(env);
  if (absent === undefined) return skip ? { kind: 'skip', message: `${SKIP_VARIABLE}=docker: skipping the Docker tests` } : { kind: 'run' };
  if (tiers.every((tier) => TIERS_WITHOUT_DOCKER.includes(tier))) return { kind: 'run' };
  if (required(env))
    return { kind: 'fail', message: `CRANEML_REQUIRE_DOCKER=1 but ${sentence(absent)} (Here: bash scripts/setup-docker.sh.)` };
  if (skip) return { kind: 'skip', message: `${SKIP_VARIABLE}=docker: skipping the Docker tests (${sentence(absent)})` };
  const needing = tiers.filter((tier) => !TIERS_WITHOUT_DOCKER.includes(tier)).join(', ');
  return {
    kind: 'fail',
    message:
      `The ${needing} tests need Docker, and ${sentence(absent)} Or run only the tiers that need none ` +
      `(${TIERS_WITHOUT_DOCKER.map((tier) => `npm run test:${tier}`).join(', ')}), or skip the Docker tests: ${SKIP_VARIABLE}=docker npm test`,
  };
}
