/** A classifier's answer as the model server writes it, from its top classes: the first is the label, with its index and score. */
import type { ClassPrediction } from '../../../main/shared/http-contract.ts';

/**
 * The labels of these fakes are their class numbers ('0'…'9'), so a label's index is its number.
 * @example classified([['7', 0.982], ['1', 0.01]]) // { label: '7', index: 7, score: 0.982, top_k: [...] }
 */
export function classified(top: [label: string, score: number][]): ClassPrediction {
  const [label, score] = top[0]!;
  return { label, index: Number(label), score, top_k: top.map(([label, score]) => ({ label, score })) };
}
