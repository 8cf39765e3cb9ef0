/** What the model answered for the drawing: the label, the top scores, and the picture it saw. */
import type { DrawingPrediction } from './api.ts';

export function PredictionPanel({ prediction }: { prediction: DrawingPrediction }) {
  return (
    <section className="prediction">
      {prediction.label !== undefined ? (
        <>
          <p className="label">
            <span data-testid="predicted-label">{prediction.label}</span>
            <small>{((prediction.score ?? 0) * 100).toFixed(1)}%</small>
          </p>
          <ol className="top-k">
            {(prediction.top_k ?? []).map((entry) => (
              <li key={entry.label}>
                <span>{entry.label}</span>
                <meter min={0} max={1} value={entry.score} />
                <span>{(entry.score * 100).toFixed(1)}%</span>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <pre className="outputs">{JSON.stringify(prediction.outputs, null, 2)}</pre>
      )}
      <figure>
        <img src={prediction.preview} alt="What the model sees" className="preview" data-testid="model-input-preview" />
        <figcaption>What the model sees</figcaption>
      </figure>
    </section>
  );
}
