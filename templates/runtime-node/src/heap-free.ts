/**
 * The part of a thread's V8 heap that is committed but holds no object: V8 fills it with the
 * thread's next objects or gives it back (its memory reducer, about 8 s after a busy spell), so it
 * is not memory the server keeps. Read in every thread whose heap the memory plan leaves out.
 */
import v8 from 'node:v8';

/**
 * Committed heap bytes not in use, from `v8.getHeapStatistics()` of the calling thread.
 * @example heapFreeBytes() // 2306048
 */
export function heapFreeBytes(stats: Pick<v8.HeapInfo, 'total_physical_size' | 'used_heap_size'> = v8.getHeapStatistics()): number {
  return Math.max(0, stats.total_physical_size - stats.used_heap_size);
}
