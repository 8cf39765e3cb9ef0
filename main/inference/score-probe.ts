/**
 * What a classifier's score output holds, found by running the model on two probe inputs (all
 * zeros, and a fixed spread of values in 0..1): probabilities (each row in 0..1 summing to 1, as
 * after a Softmax layer), logits (values outside 0..1), or independent scores in 0..1 (sigmoid).
 * `craneml init` uses it to decide whether softmax is applied, so that a model that already ends
 * in Softmax is not given a second one, which would flatten its scores.
 */
import type { LoadedModel, ModelInfo, Tensor } from '../formats/index.ts';
import { loadModel } from '../formats/index.ts';
import { ManifestError } from '../errors.ts';
import type { TensorSpec } from '../manifest.ts';
import { CLI_NAMES, type ControlNames } from './control-names.ts';
import { typedData } from './tensor-from-json.ts';

export type ScoreKind = 'probabilities' | 'logits' | 'scores';

const TOLERANCE = 1e-3;
/** The size a probe gives an open axis other than the batch (a sequence, an image side): small but not degenerate. */
export const PROBE_AXIS_SIZE = 8;

/** A spread of values in 0..1 that does not depend on run or machine. */
function spread(count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i * 7919 + 13) % 1000) / 1000);
}

function probeTensor(spec: TensorSpec, fill: 'zeros' | 'spread'): Tensor | undefined {
  const dims = spec.shape.map((d, axis) => (d >= 0 ? d : axis === 0 ? 1 : PROBE_AXIS_SIZE));
  if (spec.dtype === 'string') return undefined;
  const count = dims.reduce((a, b) => a * b, 1);
  const float = spec.dtype.startsWith('float');
  // Integers (token ids, categories) take small values that any vocabulary holds.
  const values = fill === 'zeros' ? new Array<number>(count).fill(0) : float ? spread(count) : spread(count).map((v) => Math.floor(v * 4));
  const data = spec.dtype === 'bool' ? typedData('bool', values.map(Boolean), spec.name) : typedData(spec.dtype, values, spec.name);
  return { dtype: spec.dtype, dims, data };
}

function kindOf(values: ArrayLike<number>, classes: number): ScoreKind {
  for (let i = 0; i < values.length; i++) if (!(values[i]! >= -TOLERANCE && values[i]! <= 1 + TOLERANCE)) return 'logits';
  for (let row = 0; row * classes < values.length; row++) {
    let sum = 0;
    for (let i = row * classes; i < (row + 1) * classes; i++) sum += values[i]!;
    if (Math.abs(sum - 1) > TOLERANCE) return 'scores';
  }
  return 'probabilities';
}

async function probe(model: LoadedModel, inputs: TensorSpec[], output: TensorSpec, classes: number): Promise<ScoreKind | undefined> {
  const kinds: ScoreKind[] = [];
  for (const fill of ['zeros', 'spread'] as const) {
    const feeds: Record<string, Tensor> = {};
    for (const spec of inputs) {
      const tensor = probeTensor(spec, fill);
      if (!tensor) return undefined;
      feeds[spec.name] = tensor;
    }
    const result = (await model.run(feeds))[output.name];
    if (!result || Array.isArray(result.data) || result.data.length % classes !== 0) return undefined;
    // A class axis followed by singleton axes ([N, C, 1, 1]) holds its rows in the same order.
    kinds.push(kindOf(Array.from(result.data as ArrayLike<number | bigint>, Number), classes));
  }
  if (kinds.includes('logits')) return 'logits';
  return kinds.includes('scores') ? 'scores' : 'probabilities';
}

/**
 * What `output` holds for `classes` classes, or undefined when the model cannot be probed
 * (string inputs, or a model that fails on the probe). Open axes other than the batch are given
 * PROBE_AXIS_SIZE entries.
 */
export async function probeScoreKind(info: ModelInfo, output: TensorSpec, classes: number): Promise<ScoreKind | undefined> {
  if (!output.dtype.startsWith('float') || classes < 2) return undefined;
  let model: LoadedModel | undefined;
  try {
    model = await loadModel(info.entry);
    return await probe(model, info.inputs, output, classes);
  } catch {
    return undefined;
  } finally {
    await model?.dispose();
  }
}

export interface SoftmaxChoice {
  softmax: boolean;
  /** Why, in words. */
  why: string;
  /** Who decided: the user, the probe run, or the preset. */
  by: 'user' | 'probe' | 'preset';
}

/**
 * Whether softmax is applied to `output`'s scores: the user's choice, else what the probe saw, else
 * the preset's choice; when none of these can tell, it refuses and names the control (`names`).
 *
 * @example await decideSoftmax(info, output, 3, {}) // { softmax: true, why: 'probe outputs fall outside 0..1: logits' }
 */
export async function decideSoftmax(
  info: ModelInfo,
  output: TensorSpec,
  classes: number,
  options: { flag?: boolean; preset?: boolean },
  names: ControlNames = CLI_NAMES,
): Promise<SoftmaxChoice> {
  if (options.flag !== undefined) return { softmax: options.flag, why: options.flag ? names.softmaxOn : names.softmaxOff, by: 'user' };
  const kind = await probeScoreKind(info, output, classes);
  if (kind === 'logits') return { softmax: true, why: 'probe outputs fall outside 0..1, so they are logits', by: 'probe' };
  if (kind === 'probabilities')
    return { softmax: false, why: 'probe outputs are in 0..1 and each row sums to 1: the model ends in softmax', by: 'probe' };
  if (options.preset !== undefined) return { softmax: options.preset, why: "the preset's choice", by: 'preset' };
  const seen =
    kind === 'scores'
      ? 'its probe outputs are in 0..1 but rows do not sum to 1 (independent sigmoid scores, or small logits)'
      : 'the model could not be probed';
  throw new ManifestError(`cannot tell whether "${output.name}" holds logits or probabilities: ${seen}; ${names.chooseSoftmax}`);
}
