/** Human-readable lines (or JSON) for predictions, shared by local and remote `craneml predict`. */
import type { Prediction } from '../shared/http-contract.ts';

export function formatPrediction(source: string, prediction: Prediction): string {
  if ('label' in prediction) {
    const top = prediction.top_k.map((t) => `${t.label} ${t.score.toFixed(4)}`).join(', ');
    return `${source}: ${prediction.label}  (score ${prediction.score.toFixed(4)}; top-${prediction.top_k.length}: ${top})`;
  }
  if ('value' in prediction) return `${source}: ${JSON.stringify(prediction.value)}`;
  const parts = Object.entries(prediction.outputs).map(
    ([name, t]) => `${name} [${t.shape.join(', ')}] ${JSON.stringify(t.data).slice(0, 200)}`,
  );
  return `${source}: ${parts.join('; ')}`;
}

/** Prints predictions as JSON (`-o json`) or one line each; a CSV answer is printed by the caller, which has the rows. */
export function printPredictions(
  output: 'text' | 'json' | 'csv',
  answer: { predictions: Prediction[]; model: unknown },
  sources: string[],
): void {
  if (output === 'json') console.log(JSON.stringify(answer, null, 2));
  else answer.predictions.forEach((p, i) => console.log(formatPrediction(sources[i] ?? `input ${i}`, p)));
}
