/** Small formatting helpers: sizes, shapes, percentages, error messages. */
import type { TensorSpec } from '../../../main/shared/manifest-schema.ts';
import { inAppWords } from './app-words.ts';

/** 1536 -> "1.5 KB"; 1048576 -> "1.0 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** [-1, 1, 28, 28] with dim_names ['batch'] -> "[-1 (batch), 1, 28, 28]". */
export function formatShape(spec: Pick<TensorSpec, 'shape' | 'dim_names'>): string {
  const dims = spec.shape.map((dim, i) => {
    const name = spec.dim_names?.[i];
    return dim === -1 && name ? `-1 (${name})` : String(dim);
  });
  return `[${dims.join(', ')}]`;
}

/** 0.98234 -> "98.2%". */
export function formatPercent(score: number): string {
  return `${(score * 100).toFixed(1)}%`;
}

/** The message of whatever a call threw (a CraneApiError has one clear message), never a stack, in the app's words. */
export function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string' && error.message)
    return inAppWords(error.message);
  return String(error);
}

/** The stable code of a CraneApiError (e.g. "PORT_IN_USE"), if the error has one. */
export function codeOf(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
