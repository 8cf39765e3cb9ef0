/** The image codec's float output in the dtype the model's image input takes. */
import { InputError } from '../errors.ts';
import type { TensorData } from '../formats/types.ts';
import type { DType } from '../manifest.ts';
import { INTEGER_RANGE, typedData } from './tensor-from-json.ts';

/**
 * Floats stay floats (float16 values too: they become half-precision bits only at the runtime); for an integer input (such as uint8 pixels with `scale: 1`) values are
 * rounded and clamped into the type's range.
 * @example imageTensorData(new Float32Array([0, 254.6, 300]), 'uint8', 'pixels') // Uint8Array [0, 255, 255]
 */
export function imageTensorData(values: Float32Array, dtype: DType, name: string): TensorData {
  if (dtype === 'float32' || dtype === 'float16') return values;
  if (dtype === 'float64') return Float64Array.from(values);
  const range = INTEGER_RANGE[dtype];
  if (!range) throw new InputError(`input "${name}" takes ${dtype}, which an image cannot feed; send {"instances": [...]}`);
  const [low, high] = range;
  return typedData(
    dtype,
    Array.from(values, (v) => Math.min(high, Math.max(low, Math.round(v)))),
    name,
  );
}
