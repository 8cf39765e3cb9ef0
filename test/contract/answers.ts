/** Compares a server's answers with the library's own, within the fixture's tolerance. */
import { expect } from 'vitest';
import type { Expectations } from './expectations-schema.ts';

type Answer = Expectations['answers'][number];

/** Whether `got` is within the absolute OR the relative tolerance of `want`. */
export function near(got: number, want: number, tolerance: Expectations['tolerance']): boolean {
  const diff = Math.abs(got - want);
  return diff <= tolerance.absolute || diff <= tolerance.relative * Math.abs(want);
}

export function expectNear(got: unknown, want: number, tolerance: Expectations['tolerance'], where: string): void {
  expect(typeof got, where).toBe('number');
  expect(near(got as number, want, tolerance), `${where}: ${String(got)} vs the library's ${want}`).toBe(true);
}

/** The library's answer of row `i`, as a classifier's (label, probabilities). */
export function classAnswer(e: Expectations, i: number): { label: string; probabilities: number[] } {
  const answer = e.answers[i] as Answer;
  if (!('label' in answer)) throw new Error(`row ${i}: the fixture's answer is not a class`);
  return answer;
}

/** The library's answer of row `i` as a list of values (one per target). */
export function valuesOf(e: Expectations, i: number): number[] {
  const answer = e.answers[i] as Answer;
  if (!('value' in answer)) throw new Error(`row ${i}: the fixture's answer is not a value`);
  return [answer.value].flat();
}

/**
 * /predict's JSON predictions equal the library's: a classifier's label, its score (the largest
 * probability) and every top-k entry's probability; a regressor's value (or values).
 */
export function expectPredictions(predictions: unknown[], e: Expectations, rows: number[] = e.answers.map((_, i) => i)): void {
  expect(predictions).toHaveLength(rows.length);
  predictions.forEach((prediction, j) => {
    const i = rows[j]!;
    const p = prediction as { label?: string; score?: number; top_k?: { label: string; score: number }[]; value?: unknown };
    if (e.task === 'classification') {
      const want = classAnswer(e, i);
      expect(p.label, `row ${i} label`).toBe(want.label);
      expectNear(p.score, Math.max(...want.probabilities), e.tolerance, `row ${i} score`);
      expect(p.top_k!.length, `row ${i} top_k`).toBeGreaterThan(0);
      for (const entry of p.top_k!) {
        expectNear(entry.score, want.probabilities[e.classes!.indexOf(entry.label)]!, e.tolerance, `row ${i} p(${entry.label})`);
      }
    } else {
      const want = valuesOf(e, i);
      const got = [p.value].flat();
      expect(got, `row ${i} values`).toHaveLength(want.length);
      got.forEach((v, k) => expectNear(v, want[k]!, e.tolerance, `row ${i} value ${k}`));
    }
  });
}

/** Indices of the rows with no gap (V2 tensors carry no null). */
export function wholeRows(e: Expectations): number[] {
  return e.rows.flatMap((row, i) => (Object.values(row).every((cell) => cell !== null) ? [i] : []));
}
