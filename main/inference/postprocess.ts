/** Turns model outputs into the answer clients read: labels with scores, or raw tensors. */
import type { Manifest } from '../manifest.ts';
import type { Tensor } from '../formats/types.ts';
import type { Sample } from './batch.ts';

export interface ScoredLabel {
  label: string;
  score: number;
}

export interface ClassPrediction extends ScoredLabel {
  index: number;
  top_k: ScoredLabel[];
}

export interface RawPrediction {
  outputs: Record<string, { dtype: string; shape: number[]; data: unknown }>;
}

export type Prediction = ClassPrediction | RawPrediction;

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

/** Ranks one sample's scores into label, index, score and the top k. */
export function classify(manifest: Manifest, output: Tensor): ClassPrediction {
  const raw = jsonData(output).map(Number);
  const scores = manifest.postprocess.softmax ? softmax(raw) : raw;
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

/** The answer for one sample's outputs. */
export function toPrediction(manifest: Manifest, outputs: Sample): Prediction {
  if (isClassifier(manifest)) {
    const name = manifest.postprocess.output ?? manifest.signature.outputs[0]!.name;
    const scores = outputs[name];
    if (scores) return classify(manifest, scores);
  }
  const result: RawPrediction['outputs'] = {};
  for (const [name, tensor] of Object.entries(outputs)) result[name] = { dtype: tensor.dtype, shape: tensor.dims, data: jsonData(tensor) };
  return { outputs: result };
}
