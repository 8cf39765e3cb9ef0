/** One row's input shape as a person types it ("30", "1,28,28", "1x28x28"): the one rule the CLI's flag and the app's field share. */

/** At most this many sizes (axes) in one row's shape. */
export const MAX_SHAPE_DIMS = 8;
/** No one size (axis) may be larger than this. */
export const MAX_SHAPE_SIZE = 100_000;

/** Whether `dims` is a shape the rule allows: 1 to MAX_SHAPE_DIMS whole numbers from 1 to MAX_SHAPE_SIZE. */
export function isInputShape(dims: readonly number[]): boolean {
  return dims.length >= 1 && dims.length <= MAX_SHAPE_DIMS && dims.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= MAX_SHAPE_SIZE);
}

/**
 * The sizes in `text` (separated by commas, spaces or "x"), or undefined when they break the rule.
 * @example readInputShape('1, 28x28') // [1, 28, 28]
 * @example readInputShape('0,x') // undefined
 */
export function readInputShape(text: string): number[] | undefined {
  const parts = text.split(/[\s,x×]+/i).filter((part) => part !== '');
  // Number('') and Number(' ') are 0 and Number('1e2') is 100: only plain digits count as sizes.
  if (parts.some((part) => !/^\d+$/.test(part))) return undefined;
  const dims = parts.map(Number);
  return isInputShape(dims) ? dims : undefined;
}
