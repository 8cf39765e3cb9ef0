/**
 * What a classifier's score output holds, found by running the model on two probe inputs (all
 * zeros, and a fixed spread of values in 0..1): probabilities (each row in 0..1 summing to 1, as
 * after a Softmax layer), logits (values outside 0..1), or independent scores in 0..1 (sigmoid).
 * `craneml init` uses it to decide whether softmax is applied, so that a model that already ends
 * in Softmax is not given a second one, which would flatten its scores.
 */
import type { LoadedModel, ModelInfo, Tensor } from '../formats/index.ts';
import { loadModel } from '../formats/index.ts';
import type { TensorSpec } from '../manifest.ts';
import { typedData } from './tensor-from-json.ts';

export type ScoreKind = 'probabilities' | 'logits' | 'scores';

const TOLERANCE = 1e-3;

/** A spread of values in 0..1 that does not depend on run or machine. */
function spread(count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i * 7919 + 13) % 1000) / 1000);
}

function probeTensor(spec: TensorSpec, fill: 'zeros' | 'spread'): Tensor | undefined {
  const dims = spec.shape.map((d, axis) => (d >= 0 ? d : axis === 0 ? 1 : -1));
  if (dims.includes(-1) || spec.dtype === 'string') return undefined;
  const count = dims.reduce((a, b) => a * b, 1);
  const float = spec.dtype.startsWith('float');
  const values = fill === 'spread' && float ? spread(count) : new Array<number>(count).fill(0);
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
    kinds.push(kindOf(Array.from(result.data as ArrayLike<number | bigint>, Number), classes));
  }
  if (kinds.includes('logits')) return 'logits';
  return kinds.includes('scores') ? 'scores' : 'probabilities';
}

/**
 * What `output` holds for `classes` classes, or undefined when the model cannot be probed
 * (inputs with open dimensions other than the batch, string inputs, or a model that fails on the probe).
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
