/**
 * Fast paths from JSON to float tensors for the common case (one float input of fixed sample shape,
 * finite numbers): values go straight into a typed array with no intermediate arrays. Anything else
 * returns undefined, and the caller takes the shared, fully checked path, which also words the error.
 */
import type { Tensor } from '../../../main/formats/types.ts';
import type { TensorSpec } from '../../../main/manifest.ts';

type FloatArray = Float32Array | Float64Array;

function fill(out: FloatArray, value: unknown, shape: number[], depth: number, offset: number): number {
  if (!Array.isArray(value) || value.length !== shape[depth]) return -1;
  if (depth === shape.length - 1) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return -1;
      out[offset + i] = v;
    }
    return offset + value.length;
  }
  for (let i = 0; i < value.length; i++) {
    offset = fill(out, value[i], shape, depth + 1, offset);
    if (offset < 0) return -1;
  }
  return offset;
}

function allocate(spec: TensorSpec, size: number): FloatArray | undefined {
  if (spec.dtype === 'float32') return new Float32Array(size);
  if (spec.dtype === 'float64') return new Float64Array(size);
  return undefined;
}

/**
 * A float tensor from a nested array of exactly `shape` (all dimensions fixed), or from a flat array
 * of as many values (reshaped to `shape`, as tensorFromNested does), or undefined.
 * @example fastNested({ name: 'x', dtype: 'float32', shape: [-1, 2] }, [2], [0.5, 1])
 * @example fastNested({ name: 'x', dtype: 'float32', shape: [-1, 2, 2] }, [2, 2], [1, 2, 3, 4]) // dims [2, 2]
 */
export function fastNested(spec: TensorSpec, shape: number[], value: unknown): Tensor | undefined {
  if (shape.length === 0 || shape.some((d) => d < 0)) return undefined;
  const out = allocate(
    spec,
    shape.reduce((a, b) => a * b, 1),
  );
  if (!out) return undefined;
  const nested = fill(out, value, shape, 0, 0) === out.length;
  const flat = !nested && shape.length > 1 && fill(out, value, [out.length], 0, 0) === out.length;
  return nested || flat ? { dtype: spec.dtype, dims: shape, data: out } : undefined;
}

/** A float tensor from flat data whose length is `count`, or undefined. The caller has checked the shape. */
export function fastFlat(spec: TensorSpec, shape: number[], data: unknown[]): Tensor | undefined {
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count || shape.length === 0) return undefined;
  const out = allocate(spec, count);
  if (!out || fill(out, data, [count], 0, 0) !== count) return undefined;
  return { dtype: spec.dtype, dims: shape, data: out };
}
