import { describe, expect, it } from 'vitest';
import { InputError } from '../../../main/errors.ts';
import { imageTensorData } from '../../../main/inference/image-tensor.ts';

describe('image samples in the dtype of the model input', () => {
  it('keeps float32, widens to float64, and rounds and clamps into integer types', () => {
    const values = new Float32Array([-3, 0.4, 127.5, 254.6, 300]);
    expect(imageTensorData(values, 'float32', 'x')).toBe(values);
    expect(Array.from(imageTensorData(values, 'float64', 'x') as Float64Array)).toEqual(Array.from(values));
    expect(Array.from(imageTensorData(values, 'uint8', 'x') as Uint8Array)).toEqual([0, 0, 128, 255, 255]);
    expect(Array.from(imageTensorData(values, 'int8', 'x') as Int8Array)).toEqual([-3, 0, 127, 127, 127]);
    expect(Array.from(imageTensorData(values, 'int64', 'x') as BigInt64Array)).toEqual([-3n, 0n, 128n, 255n, 300n]);
  });

  it('refuses an input type no picture can feed, naming it', () => {
    expect(() => imageTensorData(new Float32Array(1), 'string', 'text')).toThrow(InputError);
    expect(() => imageTensorData(new Float32Array(1), 'bool', 'mask')).toThrow(/input "mask" takes bool/);
  });
});
