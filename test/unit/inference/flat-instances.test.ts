/**
 * A JSON instance sent flat, with as many values as the model's sample shape holds, is reshaped to
 * it (as KServe V2 reshapes flat data); any other length is refused naming both shapes. The shared
 * path (tensor-from-json.ts) and the runtime's fast path (fast-tensor.ts) must agree.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../main/errors.ts';
import type { Tensor } from '../../../main/formats/types.ts';
import { flatFits, tensorFromNested } from '../../../main/inference/tensor-from-json.ts';
import type { TensorSpec } from '../../../main/manifest.ts';
import { fastNested } from '../../../templates/runtime-node/src/fast-tensor.ts';

const digits: TensorSpec = { name: 'input', dtype: 'float32', shape: [-1, 1, 28, 28] };
const sample = [1, 28, 28];
const flat = Array.from({ length: 784 }, (_, i) => i / 784);
const nested = [Array.from({ length: 28 }, (_, r) => flat.slice(r * 28, r * 28 + 28))];

function plain(tensor: Tensor | undefined): { dims: number[]; data: number[] } | undefined {
  return tensor && { dims: tensor.dims, data: Array.from(tensor.data as Float32Array) };
}

function refusal(spec: TensorSpec, expected: number[], value: unknown): string {
  try {
    tensorFromNested(spec, expected, value);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('flat JSON instances of a model with a fully known sample shape', () => {
  it('784 numbers for [1, 28, 28] become the same tensor as the nested instance, on both paths', () => {
    const fromNested = plain(tensorFromNested(digits, sample, nested));
    expect(fromNested?.dims).toEqual([1, 28, 28]);
    expect(plain(tensorFromNested(digits, sample, flat))).toEqual(fromNested);
    expect(plain(fastNested(digits, sample, flat))).toEqual(fromNested);
    expect(plain(fastNested(digits, sample, nested))).toEqual(fromNested);
  });

  it('any other length is refused with both shapes named, and the fast path leaves it to the shared one', () => {
    for (const length of [783, 785, 28]) {
      const values = flat.slice(0, Math.min(length, 784)).concat(length > 784 ? [0] : []);
      expect(fastNested(digits, sample, values)).toBeUndefined();
      const message = refusal(digits, sample, values);
      expect(message).toContain(`has shape [${length}]`);
      expect(message).toContain('the model expects [1, 28, 28], or 784 values in one flat list');
    }
  });

  it('a partly flattened instance ([28, 28] for [1, 28, 28]) is still refused: only a flat list is reshaped', () => {
    expect(fastNested(digits, sample, nested[0])).toBeUndefined();
    expect(refusal(digits, sample, nested[0])).toBe('input "input" has shape [28, 28] but the model expects [1, 28, 28]');
  });

  it('a non-number in the flat list is refused as one, not as a shape', () => {
    const bad = [...flat.slice(0, 783), 'x'];
    expect(fastNested(digits, sample, bad)).toBeUndefined();
    expect(refusal(digits, sample, bad)).toMatch(/expects finite numbers \(float32\), got "x"/);
  });

  it('works for other dtypes on the shared path (int64 [2, 3] from six integers)', () => {
    const spec: TensorSpec = { name: 'ids', dtype: 'int64', shape: [-1, 2, 3] };
    const tensor = tensorFromNested(spec, [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(tensor.dims).toEqual([2, 3]);
    expect(Array.from(tensor.data as BigInt64Array, Number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fastNested(spec, [2, 3], [1, 2, 3, 4, 5, 6])).toBeUndefined(); // the fast path is for floats only
  });

  it('a [784, 1] sample takes its 784 values flat too', () => {
    const spec: TensorSpec = { name: 'x', dtype: 'float32', shape: [-1, 784, 1] };
    expect(plain(tensorFromNested(spec, [784, 1], flat))).toEqual(plain(fastNested(spec, [784, 1], flat)));
    expect(tensorFromNested(spec, [784, 1], flat).dims).toEqual([784, 1]);
  });
});

describe('flat JSON instances where the sample shape is not fully known', () => {
  it('a dynamic non-batch axis ([-1, 3, -1]) is never reshaped, and the refusal names the shapes only', () => {
    const spec: TensorSpec = { name: 'tokens', dtype: 'float32', shape: [-1, 3, -1] };
    expect(flatFits([3, -1], 6)).toBe(false);
    expect(fastNested(spec, [3, -1], [1, 2, 3, 4, 5, 6])).toBeUndefined();
    expect(refusal(spec, [3, -1], [1, 2, 3, 4, 5, 6])).toBe('input "tokens" has shape [6] but the model expects [3, -1]');
    expect(
      tensorFromNested(
        spec,
        [3, -1],
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ).dims,
    ).toEqual([3, 2]);
  });

  it('a rank-1 sample is unchanged: its flat list is its nested form', () => {
    const spec: TensorSpec = { name: 'x', dtype: 'float32', shape: [-1, 4] };
    expect(flatFits([4], 4)).toBe(false);
    expect(tensorFromNested(spec, [4], [1, 2, 3, 4]).dims).toEqual([4]);
    expect(refusal(spec, [4], [1, 2, 3])).toBe('input "x" has shape [3] but the model expects [4]');
  });
});
