/**
 * What the container may use: CPUs and memory from its cgroup (v2, else v1), else the machine's.
 * The codec pool and the admission budget are sized from these, so a `--cpus 1 --memory 256m`
 * container does not plan for the host's 64 cores and 256 GB.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** A file's trimmed text, or undefined (no cgroup file, no permission). */
export type ReadText = (file: string) => string | undefined;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** cgroup v1 says "no limit" with a huge number (PAGE_COUNTER_MAX pages). */
const UNLIMITED_V1 = 2 ** 60;

/**
 * CPUs the process may use: the cgroup's quota when it has one, never more than the machine has.
 * @example cpuLimit() // 1.5 in a container run with --cpus 1.5
 */
export function cpuLimit(read: ReadText = readText, machine = os.availableParallelism()): number {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.split(/\s+/);
  if (v2 && v2[0] !== 'max' && Number(v2[0]) > 0 && Number(v2[1]) > 0) return Math.min(machine, Number(v2[0]) / Number(v2[1]));
  const quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  if (quota > 0 && period > 0) return Math.min(machine, quota / period);
  return machine;
}

/**
 * The cgroup's memory limit in bytes (v2 `memory.max`, else v1 `memory.limit_in_bytes`), or undefined
 * when the process runs without one.
 * @example containerMemoryLimit() // 268435456 in a container run with --memory 256m
 */
export function containerMemoryLimit(read: ReadText = readText): number | undefined {
  const v2 = read('/sys/fs/cgroup/memory.max');
  if (v2 && v2 !== 'max' && Number(v2) > 0) return Number(v2);
  const v1 = Number(read('/sys/fs/cgroup/memory/memory.limit_in_bytes'));
  if (v1 > 0 && v1 < UNLIMITED_V1) return v1;
  return undefined;
}

/**
 * Bytes of memory the process may use: the cgroup's limit when it has one, else the machine's total.
 * @example memoryLimit() // 268435456 in a container run with --memory 256m
 */
export function memoryLimit(read: ReadText = readText, machine = os.totalmem()): number {
  return Math.min(machine, containerMemoryLimit(read) ?? machine);
}
