/**
 * How the model server spends a container's memory limit: what it holds once the model is loaded
 * stays, a share is kept for what no budget counts (allocator and garbage-collector slack), request
 * bodies get a budget of their own, and picture decoding gets the rest, so that everything admitted
 * at once fits under the limit and the kernel never has to kill the server.
 */
import { readFileSync } from 'node:fs';
import { budgetForOneBody } from '../../../main/http/body.ts';

export interface MemoryPlan {
  /** Bytes of request bodies held at once. */
  bodyBudgetBytes: number;
  /** Bytes of picture decoding admitted at once; no single request may cost more (413). */
  workBudgetBytes: number;
  /** Bytes of decoded or parsed samples waiting for the model at once (the batcher's queue). */
  queueBytes: number;
}

/**
 * Kept free of every budget: glibc keeps freed decode buffers in its arenas and the workers' heaps
 * grow between collections (30 progressive JPEGs in a row left a 256 MB container's resident memory
 * 40-70 MB above its idle level).
 */
const SLACK_SHARE = 0.15;
/** Memory a held body may take: its chunks, their joined copy, then its parse (a JSON string). */
export const BODY_COPIES = 3;
/** The share of the usable memory bodies get, when that is more than one body of the largest size. */
const BODY_SHARE = 0.1;
/** Decoding gets at least this much, whatever the rest leaves (a 2000x2000 PNG). */
const MIN_WORK_BYTES = 16 * 1024 * 1024;

/**
 * The budgets for a memory `limit`, once the server holds `resident` bytes (model loaded, workers started).
 * @example memoryPlan(256 * 2 ** 20, 62 * 2 ** 20, 10 * 2 ** 20) // bodies 15.5 MB, queue 15.5 MB, decoding 93 MB
 */
export function memoryPlan(limit: number, resident: number, maxBodyBytes: number): MemoryPlan {
  const usable = Math.max(0, limit * (1 - SLACK_SHARE) - resident);
  const bodyBudgetBytes = Math.max(budgetForOneBody(maxBodyBytes), Math.floor(usable * BODY_SHARE));
  // Queued samples come from bodies (parsed) or pictures (decoded): as much again as the bodies.
  const queueBytes = bodyBudgetBytes;
  const workBudgetBytes = Math.max(MIN_WORK_BYTES, Math.floor(usable - bodyBudgetBytes * BODY_COPIES - queueBytes));
  return { bodyBudgetBytes, workBudgetBytes, queueBytes };
}

/**
 * The memory this process holds that the cgroup charges and cannot reclaim: anonymous and shared
 * pages (/proc/self/status). Not `rss`, which also counts the mapped files of Node, onnxruntime and
 * libvips (70 MB more at start): the kernel drops those under pressure.
 * @example residentBytes() // 58720256
 */
export function residentBytes(status = (): string => readFileSync('/proc/self/status', 'utf8')): number {
  try {
    const text = status();
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    const held = kb('RssAnon') + kb('RssShmem');
    if (Number.isFinite(held)) return held * 1024;
  } catch {
    // No /proc (not Linux): the whole resident set.
  }
  return process.memoryUsage.rss();
}
