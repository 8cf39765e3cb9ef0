/** Builds typed tensors from JSON values (nested arrays or flat data + shape), checked against a spec. */
import { InputError } from '../errors.ts';
import type { DType, TensorSpec } from '../manifest.ts';
import { FLOAT16_MAX } from '../formats/half-float.ts';
import type { Tensor, TensorData } from '../formats/types.ts';

export const MAX_TENSOR_RANK = 16;
const MAX_ELEMENTS = 50_000_000;

export const INTEGER_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** Shape of a rectangular nested array; throws for ragged or too-deep values. */
export function nestedShape(value: unknown, name: string): number[] {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    if (shape.length >= MAX_TENSOR_RANK) throw new InputError(`input "${name}" is nested deeper than ${MAX_TENSOR_RANK} levels`);
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(value: unknown, shape: number[], name: string): unknown[] {
  let items: unknown[] = [value];
  for (let depth = 0; depth < shape.length; depth++) {
    const next: unknown[] = [];
    for (const item of items) {
      if (!Array.isArray(item) || item.length !== shape[depth]) {
        throw new InputError(
          `input "${name}" is not rectangular: expected ${shape.length} levels of arrays with shape [${shape.join(', ')}]`,
        );
      }
      for (const child of item) next.push(child);
    }
    items = next;
  }
  return items;
}

/**
 * A shape as people read it, the same everywhere: `[-1, 28, 28]`, -1 for a dynamic dimension,
 * followed by its symbolic name when the model gives one.
 *
 * @example formatShape([-1, 28], ['N', null]) // "[-1 (N), 28]"
 */
export function formatShape(shape: number[], names?: readonly (string | null)[]): string {
  return `[${shape.map((d, i) => (d >= 0 ? String(d) : names?.[i] ? `-1 (${names[i]})` : '-1')).join(', ')}]`;
}

/** Checks a concrete shape against a spec's shape (-1 matches any size). */
export function checkShape(spec: TensorSpec, shape: number[], what = 'shape'): void {
  const fits = spec.shape.length === 0 ? true : shape.length === spec.shape.length && spec.shape.every((d, i) => d < 0 || d === shape[i]);
  if (!fits) {
    throw new InputError(`input "${spec.name}" has ${what} ${formatShape(shape)} but the model expects ${formatShape(spec.shape)}`);
  }
}

/** Converts flat JSON values to the typed array of a dtype, rejecting values that do not fit it. */
export function typedData(dtype: DType, values: unknown[], name: string): TensorData {
  if (values.length > MAX_ELEMENTS)
    throw new InputError(`input "${name}" has more than ${MAX_ELEMENTS} elements`, { code: 'INPUT_TOO_LARGE' });
  if (dtype === 'string') {
    return values.map((v) => {
      if (typeof v !== 'string') throw new InputError(`input "${name}" expects strings, got ${typeof v}`);
      return v;
    });
  }
  if (dtype === 'bool') {
    return Uint8Array.from(values, (v) => {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      throw new InputError(`input "${name}" expects booleans, got ${JSON.stringify(v)?.slice(0, 40)}`);
    });
  }
  const range = INTEGER_RANGE[dtype];
  const numbers = values.map((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InputError(
        `input "${name}" expects finite numbers (${dtype}), got ${typeof v === 'number' ? String(v) : (JSON.stringify(v)?.slice(0, 40) ?? typeof v)}`,
      );
    if (range && (!Number.isInteger(v) || v < range[0] || v > range[1]))
      throw new InputError(`input "${name}" expects ${dtype} integers, got ${v}`);
    if (dtype === 'float16' && Math.abs(v) > FLOAT16_MAX)
      throw new InputError(`input "${name}" expects float16 numbers (at most ${FLOAT16_MAX} in size), got ${v}`);
    return v;
  });
  switch (dtype) {
    case 'float64':
      return Float64Array.from(numbers);
    case 'int8':
      return Int8Array.from(numbers);
    case 'uint8':
      return Uint8Array.from(numbers);
    case 'int16':
      return Int16Array.from(numbers);
    case 'uint16':
      return Uint16Array.from(numbers);
    case 'int32':
      return Int32Array.from(numbers);
    case 'uint32':
      return Uint32Array.from(numbers);
    case 'int64':
      return BigInt64Array.from(numbers, (n) => BigInt(n));
    case 'uint64':
      return BigUint64Array.from(numbers, (n) => BigInt(n));
    default:
      return Float32Array.from(numbers);
  }
}

/** How many values a shape holds, when every dimension is known (undefined with a dynamic one). */
export function fixedSize(shape: readonly number[]): number | undefined {
  return shape.every((d) => d >= 0) ? shape.reduce((a, b) => a * b, 1) : undefined;
}

/**
 * Whether a flat list of `length` values stands for an instance of `expected` (rank 2 or more, every
 * dimension known, as many values as it holds), to be reshaped as KServe V2 reshapes flat data.
 * @example flatFits([1, 28, 28], 784) // true
 */
export function flatFits(expected: readonly number[], length: number): boolean {
  return expected.length > 1 && fixedSize(expected) === length;
}

/**
 * A tensor from a nested JSON array whose shape must match `expected` (a sample shape, -1 for any),
 * or from a flat list of exactly as many values as a fully known `expected` holds (reshaped to it).
 * Anything else is an InputError naming both shapes.
 */
export function tensorFromNested(spec: TensorSpec, expected: number[], value: unknown): Tensor {
  const shape = nestedShape(value, spec.name);
  if (shape.length === 1 && flatFits(expected, shape[0]!)) {
    return { dtype: spec.dtype, dims: [...expected], data: typedData(spec.dtype, value as unknown[], spec.name) };
  }
  try {
    checkShape({ ...spec, shape: expected }, shape);
  } catch (error) {
    const size = fixedSize(expected);
    if (shape.length !== 1 || expected.length < 2 || size === undefined) throw error;
    throw new InputError(`${(error as Error).message}, or ${size} values in one flat list`);
  }
  const flat = shape.length === 0 ? [value] : flatten(value, shape, spec.name);
  return { dtype: spec.dtype, dims: shape, data: typedData(spec.dtype, flat, spec.name) };
}

/** A tensor from flat row-major data and an explicit shape (as KServe V2 sends them). */
export function tensorFromFlat(spec: TensorSpec, shape: number[], data: unknown[]): Tensor {
  checkShape(spec, shape);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new InputError(`input "${spec.name}" has ${data.length} values but shape ${formatShape(shape)} needs ${count}`);
  return { dtype: spec.dtype, dims: shape, data: typedData(spec.dtype, data, spec.name) };
}
