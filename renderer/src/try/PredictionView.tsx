/**
 * The container's answer to one input: the top label or a regressor's value in the status region (or why
 * there is none, in words), then the top-k bars, the latency, and the picture the model saw.
 */
import type { Prediction } from '../../../main/shared/http-contract.ts';
import { formatPercent } from '../ui/format.ts';
import { TopK } from '../ui/TopK.tsx';
import { AnswerStatus } from './AnswerStatus.tsx';
import type { Predictions } from './use-predictions.ts';

/** A Python project's predict may answer anything JSON holds (a string, a number, a dict of its own): shown as it came. */
function isContractAnswer(prediction: unknown): prediction is Prediction {
  if (typeof prediction !== 'object' || prediction === null || Array.isArray(prediction)) return false;
  return ('label' in prediction && 'score' in prediction) || 'value' in prediction || 'outputs' in prediction;
}

/** The answer's headline, as the status region says it. */
function Headline({ first }: { first: unknown }) {
  const prediction = isContractAnswer(first) ? first : undefined;
  if (prediction && 'label' in prediction)
    return (
      <>
        <span data-testid="predicted-label">{prediction.label}</span> — <small>{formatPercent(prediction.score)}</small>
      </>
    );
  // A regressor's answer for the row: the number is the prediction.
  if (prediction && 'value' in prediction)
    return (
      <>
        Value: <span data-testid="predicted-value">{JSON.stringify(prediction.value)}</span>
      </>
    );
  if (prediction) return <>Answered: the raw outputs are below</>;
  if (first !== undefined)
    return (
      <>
        Answer: <span data-testid="predicted-answer">{JSON.stringify(first)}</span>
      </>
    );
  return <>No prediction yet</>;
}

export function PredictionView({ answer, ms, error }: Pick<Predictions, 'answer' | 'ms' | 'error'>) {
  const first: unknown = answer?.predictions[0];
  const prediction = isContractAnswer(first) ? first : undefined;
  const preview = answer?.previews?.[0];
  const count = answer?.predictions.length ?? 0;
  return (
    <section className="prediction" aria-label="Prediction">
      <AnswerStatus error={error}>
        <p className="label">
          <Headline first={first} />
        </p>
        {count > 1 && <p className="muted">The first of {count} answers; all of them are below.</p>}
      </AnswerStatus>
      {prediction && !('value' in prediction) && <TopK prediction={prediction} />}
      {count > 1 && (
        <section aria-label="All answers">
          <pre className="outputs">{JSON.stringify(answer?.predictions, null, 2)}</pre>
        </section>
      )}
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
