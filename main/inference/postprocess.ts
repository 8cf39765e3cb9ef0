/** Turns model outputs into the answer clients read: labels with scores, a regressor's value, or raw tensors. */
import type { Manifest } from '../manifest.ts';
import type { Tensor } from '../formats/types.ts';
import type { Sample } from './batch.ts';
import type { ClassPrediction, Prediction, RawPrediction, ValuePrediction } from '../shared/http-contract.ts';

/** What ranking classes reads of a manifest: a client holding only the server's /metadata has these too. */
export interface ClassRules {
  labels?: string[] | undefined;
  postprocess: Pick<Manifest['postprocess'], 'softmax' | 'top_k'>;
}

export function softmax(values: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Plain JSON numbers for any tensor's data (bigints become numbers, bools stay 0/1). */
export function jsonData(tensor: Tensor): unknown[] {
  if (Array.isArray(tensor.data)) return tensor.data;
  return Array.from(tensor.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
}

export function isClassifier(manifest: Manifest): boolean {
  return manifest.labels !== undefined && manifest.labels.length > 0;
}

/** Orders scores from high to low; NaN ranks last and equal scores keep their index order. */
export function byScore(a: { score: number; index: number }, b: { score: number; index: number }): number {
  const left = Number.isNaN(a.score) ? -Infinity : a.score;
  const right = Number.isNaN(b.score) ? -Infinity : b.score;
  return right - left || a.index - b.index;
}

export function isRegressor(manifest: Manifest): boolean {
  return manifest.task === 'regression';
}

/** The output that holds class scores (classifier) or values (regressor): postprocess.output, else the first. */
export function scoreOutputName(manifest: Manifest): string {
  return manifest.postprocess.output ?? manifest.signature.outputs[0]!.name;
}

/** One sample's class scores, after softmax when the manifest asks for it. */
export function classScores(manifest: ClassRules, output: Tensor): number[] {
  const raw = jsonData(output).map(Number);
  return manifest.postprocess.softmax ? softmax(raw) : raw;
}

/** Ranks one sample's scores into label, index, score and the top k. */
export function classify(manifest: ClassRules, output: Tensor): ClassPrediction {
  const scores = classScores(manifest, output);
  const labels = manifest.labels ?? [];
  const ranked = scores.map((score, index) => ({ index, score })).sort(byScore);
  const labelOf = (index: number): string => labels[index] ?? String(index);
  const best = ranked[0] ?? { index: 0, score: 0 };
  return {
    label: labelOf(best.index),
    index: best.index,
    score: best.score,
    top_k: ranked.slice(0, manifest.postprocess.top_k).map((r) => ({ label: labelOf(r.index), score: r.score })),
  };
}

/**
 * A regressor's value for one sample: a number when the output holds one per row, else the list
 * (a multi-output regressor). NaN becomes null, as JSON writes it anyway.
 */
export function regressionValue(output: Tensor): ValuePrediction {
  const values = jsonData(output).map((v) => (Number.isNaN(Number(v)) ? null : Number(v)));
  return { value: values.length === 1 ? values[0]! : values };
}

/** Whether an answer holds a number: a classifier's score, a regressor's value; raw outputs always count. */
export function answersANumber(prediction: Prediction): boolean {
  if ('score' in prediction) return Number.isFinite(prediction.score);
  if ('value' in prediction) return [prediction.value].flat().some((v) => v !== null && Number.isFinite(v));
  return true;
}

/** The answer for one sample's outputs. */
export function toPrediction(manifest: Manifest, outputs: Sample): Prediction {
  const scores = outputs[scoreOutputName(manifest)];
  if (scores && isClassifier(manifest)) return classify(manifest, scores);
  if (scores && isRegressor(manifest)) return regressionValue(scores);
  const result: RawPrediction['outputs'] = {};
  for (const [name, tensor] of Object.entries(outputs)) result[name] = { dtype: tensor.dtype, shape: tensor.dims, data: jsonData(tensor) };
  return { outputs: result };
}
