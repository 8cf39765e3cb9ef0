/** When and where a bench ran, in the words its report header uses. */
import os from 'node:os';

/** The run's start as "2026-12-05 23:40 UTC". */
export function benchDate(at = new Date()): string {
  return at
    .toISOString()
    .replace(/:\d\d\.\d+Z$/, ' UTC')
    .replace('T', ' ');
}

/** The machine as "2 CPUs (AMD EPYC …), Node v20…". */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}`;
}
