/**
 * The classification extension of the Open Inference Protocol (as Triton defines it, and as
 * tritonclient asks for it with `class_count`): an output requested with
 * `parameters.classification = k` is answered, per batch row, with its k largest values as BYTES
 * strings "value:index" or "value:index:label".
 */
import type { Tensor } from '../../../main/formats/types.ts';
import { HttpError } from './errors.ts';

const MAX_CLASS_COUNT = 10_000;

/** The k asked for `name`, validated; undefined when the output is wanted as a plain tensor. */
export function classificationCount(
  outputs: { name: string; parameters?: Record<string, unknown> }[] | undefined,
  name: string,
): number | undefined {
  const value = outputs?.find((o) => o.name === name)?.parameters?.classification;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CLASS_COUNT) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `output "${name.slice(0, 100)}": parameters.classification must be a whole number from 1 to ${MAX_CLASS_COUNT}`,
    );
  }
  return value;
}

/**
 * The top `count` entries of each row of `tensor` (its first axis when `batched`, else one row),
 * as a BYTES tensor of shape [rows, k] (or [k]).
 */
export function classifyTensor(tensor: Tensor, count: number, labels: string[] | undefined, batched: boolean): Tensor {
  if (Array.isArray(tensor.data) || tensor.dtype === 'bool') {
    throw new HttpError(400, 'BAD_REQUEST', `parameters.classification needs a numeric output, but this one holds ${tensor.dtype} values`);
  }
  const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  const rows = batched && tensor.dims.length > 0 ? tensor.dims[0]! : 1;
  const perRow = rows > 0 ? values.length / rows : 0;
  const k = Math.min(count, perRow);
  const out: string[] = [];
  for (let row = 0; row < rows; row++) {
    const ranked = values
      .slice(row * perRow, (row + 1) * perRow)
      .map((value, index) => ({ value, index }))
      .sort((a, b) => b.value - a.value || a.index - b.index)
      .slice(0, k);
    for (const { value, index } of ranked)
      out.push(labels?.[index] !== undefined ? `${value}:${index}:${labels[index]}` : `${value}:${index}`);
  }
  return { dtype: 'string', dims: batched ? [rows, k] : [k], data: out };
}
