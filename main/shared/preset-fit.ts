/** Which model inputs a preset's picture fits: the one rule main/presets.ts enforces and the app's preset button follows. */
import type { TensorSpec } from './manifest-schema.ts';

const DIGIT_PIXELS = 28 * 28;

/**
 * Whether a digits drawing (28x28, one channel) fits the input: each row holds 784 numbers
 * ([N,1,28,28], [N,28,28,1], [N,784]) or a dynamic size, or the input is one drawing with no batch axis ([28,28]).
 * @example fitsDigits({ shape: [-1, 1, 28, 28] }) // true
 * @example fitsDigits({ shape: [-1, 30] }) // false
 */
export function fitsDigits(input: Pick<TensorSpec, 'shape'>): boolean {
  const holdsOne = (dims: number[]) => dims.includes(-1) || dims.reduce((a, b) => a * b, 1) === DIGIT_PIXELS;
  const { shape } = input;
  return holdsOne(shape.slice(1)) || (shape.length > 0 && shape[0] !== -1 && holdsOne(shape));
}
