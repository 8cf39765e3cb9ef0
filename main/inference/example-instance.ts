/** A valid example instance for a tensor model's POST /predict: zeros shaped like each input without its batch axis. */
import type { DType, TensorSpec } from '../manifest.ts';
import { sampleShapeOf } from './batch.ts';

/** Past this many numbers an example is a file the snippet sends (curl's -d @file), not text in the command. */
export const MAX_INLINE_ELEMENTS = 4096;

function zero(dtype: DType): string | boolean | number {
  if (dtype === 'string') return '';
  return dtype === 'bool' ? false : 0;
}

function zeros(dtype: DType, shape: number[]): unknown {
  if (shape.length === 0) return zero(dtype);
  const [first, ...rest] = shape;
  return Array.from({ length: first! }, () => zeros(dtype, rest));
}

/**
 * One instance of zeros: a nested array for a one-input model, else an object by input name; an open
 * axis other than the batch takes one entry. Undefined past MAX_INLINE_ELEMENTS numbers.
 *
 * @example exampleInstance([{ name: 'X', dtype: 'float32', shape: [-1, 30] }]) // [0, 0, ... 30 zeros]
 */
export function exampleInstance(inputs: TensorSpec[]): unknown {
  const shapes = inputs.map((spec) => sampleShapeOf(inputs, spec).map((d) => (d > 0 ? d : 1)));
  const elements = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  if (inputs.length === 0 || elements > MAX_INLINE_ELEMENTS) return undefined;
  if (inputs.length === 1) return zeros(inputs[0]!.dtype, shapes[0]!);
  return Object.fromEntries(inputs.map((spec, i) => [spec.name, zeros(spec.dtype, shapes[i]!)]));
}
