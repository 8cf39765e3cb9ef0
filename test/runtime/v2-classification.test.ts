import { describe, expect, it } from 'vitest';
import { checkClassification, classifyTensor } from '../../templates/runtime-node/src/v2-classification.ts';
import { HttpError } from '../../main/http/http-errors.ts';

describe('the V2 classification extension', () => {
  it('ranks along the last axis, keeping the leading axes, with labels where there are some', () => {
    const tensor = { dtype: 'float32' as const, dims: [2, 3], data: Float32Array.from([0.5, 2, 1, 3, -1, 0]) };
    expect(classifyTensor(tensor, 2, ['a', 'b', 'c'])).toEqual({
      dtype: 'string',
      dims: [2, 2],
      data: ['2:1:b', '1:2:c', '3:0:a', '0:2:c'],
    });
    expect(classifyTensor(tensor, 99, undefined).dims).toEqual([2, 3]);
    expect(classifyTensor({ dtype: 'int64', dims: [4], data: BigInt64Array.from([1n, 9n, 9n, 4n]) }, 3, undefined).data).toEqual([
      '9:1',
      '9:2',
      '4:3',
    ]);
  });

  it('ranks NaN last instead of scrambling the order', () => {
    const tensor = { dtype: 'float32' as const, dims: [1, 4], data: Float32Array.from([0.2, NaN, 0.9, 0.5]) };
    expect(classifyTensor(tensor, 2, ['a', 'b', 'c', 'd']).data).toEqual(['0.8999999761581421:2:c', '0.5:3:d']);
  });

  it('agrees with a full sort on a long row', () => {
    const values = Float32Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 4999) / 7);
    const top = classifyTensor({ dtype: 'float32', dims: [5000], data: values }, 5, undefined).data as string[];
    const sorted = Array.from(values, (v, i) => ({ v, i }))
      .sort((a, b) => b.v - a.v || a.i - b.i)
      .slice(0, 5)
      .map(({ v, i }) => `${v}:${i}`);
    expect(top).toEqual(sorted);
  });

  it('refuses a count that is not a whole number in range, and outputs that hold no numbers', () => {
    for (const classification of [0, -1, 1.5, '3', 10_001])
      expect(() => checkClassification([{ name: 'y', parameters: { classification } }])).toThrow(HttpError);
    expect(() => classifyTensor({ dtype: 'string', dims: [1], data: ['x'] }, 1, undefined)).toThrow(/numeric output/);
  });
});
