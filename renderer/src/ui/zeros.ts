/** Sample instances of zeros shaped like a model input (without its batch axis), for tensor inputs. */

/** The shape of one instance: the leading batch axis (-1) dropped, other dynamic axes taken as 1. */
export function sampleShape(shape: readonly number[]): number[] {
  const rest = shape[0] === -1 ? shape.slice(1) : [...shape];
  return rest.map((dim) => (dim > 0 ? dim : 1));
}

/** Nested arrays of zeros of that shape; a scalar 0 for []. */
export function zerosOf(shape: readonly number[]): unknown {
  if (shape.length === 0) return 0;
  const [first, ...rest] = shape;
  return Array.from({ length: first! }, () => zerosOf(rest));
}

/** Nested arrays as JSON with the innermost rows on one line each: readable and still valid JSON. */
export function formatNested(value: unknown, indent = ''): string {
  if (!Array.isArray(value) || value.every((item) => !Array.isArray(item))) return JSON.stringify(value).replace(/,/g, ', ');
  const inner = indent + '  ';
  return `[\n${value.map((item) => inner + formatNested(item, inner)).join(',\n')}\n${indent}]`;
}

/** Past this many values the JSON is written compact: one line per row would be too long to read anyway. */
const COMPACT_PAST = 4096;

/** `value` (holding `sample`-shaped zeros) as JSON: readable rows, or compact when large. */
function asJson(value: unknown, sample: readonly number[]): string {
  const size = sample.reduce((a, b) => a * b, 1);
  return size > COMPACT_PAST ? JSON.stringify(value) : formatNested(value);
}

/** Zeros for one instance, as JSON. */
export function zerosJson(shape: readonly number[]): string {
  const sample = sampleShape(shape);
  return asJson(zerosOf(sample), sample);
}

/** The instances array holding one instance of zeros, as JSON: what a JSON editor of `{"instances": …}` starts with. */
export function instancesJson(shape: readonly number[]): string {
  const sample = sampleShape(shape);
  return asJson([zerosOf(sample)], sample);
}
