/** How much CPU and memory a container may be given, said once: dependency-free, so the wizard's form, the API's schemas and the CLI's parser share it. */

export const MAX_CPUS = 1024;

/** The daemon refuses less than 6 MiB; saying so before it does gives a clearer message. */
export const MIN_MEMORY_MB = 6;
/** 1 TiB. */
export const MAX_MEMORY_MB = 1_048_576;

/** @example isCpuCount(0.5) // true; isCpuCount(0) // false; isCpuCount(2000) // false */
export function isCpuCount(cpus: number): boolean {
  return Number.isFinite(cpus) && cpus > 0 && cpus <= MAX_CPUS;
}

/** @example isMemoryBytes(512 * 1024 ** 2) // true; isMemoryBytes(1024) // false */
export function isMemoryBytes(bytes: number): boolean {
  return Number.isFinite(bytes) && bytes >= MIN_MEMORY_MB * 1024 ** 2 && bytes <= MAX_MEMORY_MB * 1024 ** 2;
}
