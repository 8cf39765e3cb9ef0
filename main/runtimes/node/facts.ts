/** The Node runtime's facts read without loading its build: base images, health probe, cache key. */
import type { Arch } from '../../shared/platform.ts';
import type { ModelFormat } from '../../shared/manifest-schema.ts';
import type { HealthCheck } from '../types.ts';

export const DEFAULT_BASE_IMAGE = 'node:20-bookworm-slim';
/** The base `scripts/make-local-base.sh` makes from this machine's Node.js, for machines without a registry. */
export const LOCAL_BASE_IMAGE = 'craneml/local-base:node20';

/**
 * The probe: /readyz on $PORT with the image's own Node.js. node:http rather than fetch, whose loading
 * took a probe from 0.07 to 0.16 CPU-s: every replica runs it every 10 s for as long as it lives.
 */
export const NODE_HEALTH_CHECK: HealthCheck = {
  command: [
    'node',
    '-e',
    "require('http').get('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))",
  ],
  intervalS: 10,
  timeoutS: 3,
  startPeriodS: 20,
  retries: 3,
};

/** The cache key of the runtime folder for `format` on linux/`arch`: each format has its own native packages. */
export function nodeCacheKey(format: ModelFormat, arch: Arch): string {
  return `${format}-${arch}`;
}
