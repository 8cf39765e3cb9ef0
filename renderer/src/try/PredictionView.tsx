/** The container's answer: the top label or a regressor's value (role="status"), the top-k bars, the latency, and the picture the model saw. */
import type { Prediction, PredictResponse } from '../../../main/shared/http-contract.ts';
import { formatPercent } from '../ui/format.ts';
import { TopK } from '../ui/TopK.tsx';

/** A Python project's predict may answer anything JSON holds (a string, a number, a dict of its own): shown as it came. */
function isContractAnswer(prediction: unknown): prediction is Prediction {
  if (typeof prediction !== 'object' || prediction === null || Array.isArray(prediction)) return false;
  return ('label' in prediction && 'score' in prediction) || 'value' in prediction || 'outputs' in prediction;
}

export function PredictionView({ answer, ms }: { answer: PredictResponse | null; ms: number | null }) {
  const first: unknown = answer?.predictions[0];
  const prediction = isContractAnswer(first) ? first : undefined;
  const preview = answer?.previews?.[0];
  return (
    <section className="prediction" aria-label="Prediction">
      <p role="status" className="label">
        {prediction && 'label' in prediction ? (
          <>
            <span data-testid="predicted-label">{prediction.label}</span> — <small>{formatPercent(prediction.score)}</small>
          </>
        ) : prediction && 'value' in prediction ? (
          // A regressor's answer for the row: the number is the prediction.
          <>
            Value: <span data-testid="predicted-value">{JSON.stringify(prediction.value)}</span>
          </>
        ) : prediction ? (
          'Raw outputs below'
        ) : first !== undefined ? (
          <>
            Answer: <span data-testid="predicted-answer">{JSON.stringify(first)}</span>
          </>
        ) : (
          'No prediction yet'
        )}
      </p>
      {prediction && !('value' in prediction) && <TopK prediction={prediction} />}
      {ms !== null && <p className="muted">Round trip: {ms.toFixed(0)} ms</p>}
      {preview && (
        <figure>
          <img src={preview} alt="What the model sees" className="model-view" data-testid="model-input-preview" />
          <figcaption>What the model sees</figcaption>
        </figure>
      )}
    </section>
  );
}
