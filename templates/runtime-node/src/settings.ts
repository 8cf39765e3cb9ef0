/**
 * Operating limits read from the environment, the same for the image and `craneml serve`:
 * CRANEML_CODEC_WORKERS (default: the CPUs the cgroup allows), CRANEML_WORK_BUDGET_MB (default:
 * from the cgroup's memory limit, see memory-plan.ts), CRANEML_MAX_CODEC_WAIT_MS (default 1000: a
 * request that would wait longer for a codec worker is refused with 503), CRANEML_DEADLINE_MS (default
 * 30000), CRANEML_DRAIN_MS (default 8000), CRANEML_BODY_BUDGET_MB (default: from the memory limit;
 * without one max(256, 2 x max_body_bytes)). The try-it page's folder is `page/` beside the bundled server.
 */
import { fileURLToPath } from 'node:url';
import { containerMemoryLimit, cpuLimit } from './codec/cgroup.ts';
import { CraneError } from '../../../main/errors.ts';

export interface RuntimeSettings {
  codecWorkers: number;
  /** Bytes of picture decoding admitted at once; undefined: planned from the memory limit. */
  workBudgetBytes?: number;
  /** The cgroup's memory limit; undefined when there is none. */
  memoryLimitBytes?: number;
  maxCodecWaitMs: number;
  deadlineMs: number;
  drainMs: number;
  /** Bytes of request bodies held at once; undefined: the server's default. */
  bodyBudgetBytes?: number;
  /** The try-it page's files (main/runtimes/try-page.ts); undefined: none, GET / is the status page. */
  pageDir?: string;
}

/** `page/` beside server.mjs in the image (/app/page); the sources have none (`craneml serve` passes its own). */
function bundledPageDir(): string | undefined {
  return import.meta.url.endsWith('.ts') ? undefined : fileURLToPath(new URL('./page/', import.meta.url));
}

/** Shorter than Docker's default stop timeout (10 s), so a drained answer goes out before SIGKILL. */
export const DEFAULT_DRAIN_MS = 8_000;
/** Half the 60 s request timeout. */
export const DEFAULT_DEADLINE_MS = 30_000;

function positive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CraneError('USAGE', `${name} must be a positive number, got "${value}"`);
  return n;
}

/**
 * @example runtimeSettings({ CRANEML_CODEC_WORKERS: '2' }).codecWorkers // 2
 */
export function runtimeSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const budgetMb = positive(env, 'CRANEML_WORK_BUDGET_MB');
  const bodyMb = positive(env, 'CRANEML_BODY_BUDGET_MB');
  return {
    codecWorkers: Math.max(1, Math.round(positive(env, 'CRANEML_CODEC_WORKERS') ?? cpuLimit())),
    workBudgetBytes: budgetMb !== undefined ? budgetMb * 1024 * 1024 : undefined,
    memoryLimitBytes: containerMemoryLimit(),
    maxCodecWaitMs: positive(env, 'CRANEML_MAX_CODEC_WAIT_MS') ?? 1_000,
    deadlineMs: positive(env, 'CRANEML_DEADLINE_MS') ?? DEFAULT_DEADLINE_MS,
    drainMs: positive(env, 'CRANEML_DRAIN_MS') ?? DEFAULT_DRAIN_MS,
    bodyBudgetBytes: bodyMb !== undefined ? bodyMb * 1024 * 1024 : undefined,
    pageDir: bundledPageDir(),
  };
}
