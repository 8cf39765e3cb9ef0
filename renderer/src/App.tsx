/** The draw-and-predict window: draw on the left, the model's answer on the right. */
import { useEffect, useRef, useState } from 'react';
import { fetchModel, predictDrawing, type DrawingPrediction, type ModelSummary } from './api.ts';
import { DrawingCanvas } from './DrawingCanvas.tsx';
import { PredictionPanel } from './PredictionPanel.tsx';

export function App() {
  const [model, setModel] = useState<ModelSummary | null>(null);
  const [prediction, setPrediction] = useState<DrawingPrediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clearSignal, setClearSignal] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    fetchModel().then(setModel, (e: Error) => setError(e.message));
  }, []);

  const predict = (png: Blob) => {
    const ticket = ++latest.current;
    setBusy(true);
    predictDrawing(png)
      .then(
        (answer) => {
          if (ticket !== latest.current) return;
          setPrediction(answer);
          setError(null);
        },
        (e: Error) => ticket === latest.current && setError(e.message),
      )
      .finally(() => ticket === latest.current && setBusy(false));
  };

  const clear = () => {
    latest.current++;
    setClearSignal((n) => n + 1);
    setPrediction(null);
    setBusy(false);
  };

  return (
    <main>
      <header>
        <h1>{model ? `${model.name} ${model.version}` : 'CraneML'}</h1>
        <p>Draw in the box; the model answers when you lift the pen.</p>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {model?.input === 'tensor' ? (
        <p className="error">This model takes tensors, not pictures: send it JSON through its API.</p>
      ) : (
        <div className="workspace">
          <div>
            <DrawingCanvas onStrokeEnd={predict} clearSignal={clearSignal} />
            <button type="button" onClick={clear}>
              Clear
            </button>
            {busy && <span className="busy">predicting…</span>}
          </div>
          {/* Always mounted, so screen readers announce each new answer. */}
          <div aria-live="polite">{prediction ? <PredictionPanel prediction={prediction} /> : <p className="hint">No drawing yet.</p>}</div>
        </div>
      )}
    </main>
  );
}
