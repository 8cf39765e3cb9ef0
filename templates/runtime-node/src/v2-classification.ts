/**
 * The classification extension of the Open Inference Protocol (as Triton defines it, and as
 * tritonclient asks for it with `class_count`): an output requested with
 * `parameters.classification = k` is answered with the k largest values along its last axis as
 * BYTES strings "value:index" or "value:index:label"; the leading axes (the batch) are kept.
 */
import type { Tensor } from '../../../main/formats/types.ts';
import { byScore } from '../../../main/inference/postprocess.ts';
import { HttpError } from '../../../main/http/http-errors.ts';

const MAX_CLASS_COUNT = 10_000;

type RequestedOutputs = { name: string; parameters?: Record<string, unknown> }[] | undefined;

/** The k asked for `name`, validated; undefined when the output is wanted as a plain tensor. */
export function classificationCount(outputs: RequestedOutputs, name: string): number | undefined {
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

/** Checks every requested output's classification count, before the model runs. */
export function checkClassification(outputs: RequestedOutputs): void {
  for (const output of outputs ?? []) classificationCount(outputs, output.name);
}

interface Entry {
  score: number;
  index: number;
}

/** The k best entries of one row, best first: a bounded insertion, so a huge row costs O(n·k) at worst, not a full sort. */
function topOf(values: number[], start: number, length: number, k: number): Entry[] {
  const best: Entry[] = [];
  for (let index = 0; index < length; index++) {
    const entry = { score: values[start + index]!, index };
    if (best.length === k && byScore(entry, best[k - 1]!) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && byScore(entry, best[at - 1]!) < 0) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = entry;
  }
  return best;
}

/** The top `count` entries along the last axis of `tensor`, as a BYTES tensor of its leading shape plus [k]. */
export function classifyTensor(tensor: Tensor, count: number, labels: string[] | undefined): Tensor {
  if (Array.isArray(tensor.data) || tensor.dtype === 'bool') {
    throw new HttpError(400, 'BAD_REQUEST', `parameters.classification needs a numeric output, but this one holds ${tensor.dtype} values`);
  }
  const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  const classes = tensor.dims.length > 0 ? tensor.dims.at(-1)! : 1;
  const leading = tensor.dims.slice(0, -1);
  const rows = classes > 0 ? values.length / classes : 0;
  const k = Math.min(count, classes);
  const out: string[] = [];
  for (let row = 0; row < rows; row++) {
    for (const { score, index } of topOf(values, row * classes, classes, k)) {
      out.push(labels?.[index] !== undefined ? `${score}:${index}:${labels[index]}` : `${score}:${index}`);
    }
  }
  return { dtype: 'string', dims: [...leading, k], data: out };
}
