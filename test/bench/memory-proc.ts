/** A server's memory as the kernel counts it: the process tree's RSS and PSS, and the root's anonymous and file pages. */
import { readFileSync } from 'node:fs';
import { treeMemory, type TreeMemory } from './peers/proc.ts';

export interface ProcessMemory extends TreeMemory {
  /** The root process's private pages (heaps, arenas) and its mapped files (node, the native libraries). */
  anonMb: number;
  fileMb: number;
  /** The root's highest RSS so far (VmHWM). */
  peakMb: number;
  threads: number;
}

function statusField(text: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

export function processMemory(pid: number): ProcessMemory {
  const tree = treeMemory(pid);
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // gone
  }
  return {
    ...tree,
    anonMb: statusField(status, 'RssAnon') / 1024,
    fileMb: statusField(status, 'RssFile') / 1024,
    peakMb: statusField(status, 'VmHWM') / 1024,
    threads: statusField(status, 'Threads'),
  };
}
