/** Parses the resource limits `docker run` accepts: memory like 512m / 2g and CPUs like 1.5. */
import { CraneError } from '../errors.ts';
import { isCpuCount, isMemoryBytes, MAX_CPUS, MAX_MEMORY_MB, MIN_MEMORY_MB } from './resource-limits.ts';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Bytes in a Docker memory size (binary units, as `docker run --memory` reads them).
 * @example
 * parseMemory('512m'); // 536870912
 * parseMemory('1.5g'); // 1610612736
 */
export function parseMemory(value: string | number): number {
  if (typeof value === 'number') return checkMemory(value, String(value));
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(value);
  if (!match) throw new CraneError('USAGE', `memory "${value}" is not a size like 512m or 2g`);
  return checkMemory(Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!), value);
}

function checkMemory(bytes: number, shown: string): number {
  if (isMemoryBytes(bytes)) return bytes;
  if (bytes > MAX_MEMORY_MB * 1024 ** 2) throw new CraneError('USAGE', `memory ${shown} is too large (at most ${MAX_MEMORY_MB}m)`);
  throw new CraneError('USAGE', `memory ${shown} is too small (at least ${MIN_MEMORY_MB}m)`);
}

/**
 * NanoCPUs for a CPU count like 0.5 or "2".
 * @example
 * parseCpus('1.5'); // 1500000000
 */
export function parseCpus(value: string | number): number {
  const cpus = typeof value === 'number' ? value : Number(value);
  if (!isCpuCount(cpus)) throw new CraneError('USAGE', `cpus "${value}" is not a positive number like 1 or 0.5, at most ${MAX_CPUS}`);
  return Math.round(cpus * 1e9);
}
