/** Human-readable lines for predictions, shared by local and remote `craneml predict`. */
import type { Prediction } from '../inference/postprocess.ts';

export function formatPrediction(source: string, prediction: Prediction): string {
  if ('label' in prediction) {
    const top = prediction.top_k.map((t) => `${t.label} ${t.score.toFixed(4)}`).join(', ');
    return `${source}: ${prediction.label}  (score ${prediction.score.toFixed(4)}; top-${prediction.top_k.length}: ${top})`;
  }
  const parts = Object.entries(prediction.outputs).map(
    ([name, t]) => `${name} [${t.shape.join(', ')}] ${JSON.stringify(t.data).slice(0, 200)}`,
  );
  return `${source}: ${parts.join('; ')}`;
}
