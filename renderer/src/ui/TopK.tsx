/** A prediction's scores as labelled bars, best first. */
import type { Prediction } from '../../../main/shared/http-contract.ts';
import { formatPercent } from './format.ts';

export function TopK({ prediction }: { prediction: Prediction }) {
  if (!('top_k' in prediction)) {
    return <pre className="outputs">{JSON.stringify('outputs' in prediction ? prediction.outputs : prediction, null, 2)}</pre>;
  }
  return (
    <ol className="top-k" aria-label="Top scores">
      {prediction.top_k.map((entry, i) => (
        <li key={`${entry.label}-${i}`}>
          <span className="top-k-label">{entry.label}</span>
          <meter min={0} max={1} value={entry.score} aria-label={`Score of ${entry.label}`} />
          <span className="top-k-score">{formatPercent(entry.score)}</span>
        </li>
      ))}
    </ol>
  );
}
