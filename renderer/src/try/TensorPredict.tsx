/** For tensor-, table- and rows-input models: edit one instance (a table's row, by column name) as JSON, send it, and see the answer. */
import { useState } from 'react';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { exampleRow, tableColumnsOf } from '../notebook/notebook-format.ts';
import { Alert } from '../ui/Alert.tsx';
import { zerosJson } from '../ui/zeros.ts';
import { predictInstance, type ContainerTarget } from './container-client.ts';
import { PredictionView } from './PredictionView.tsx';
import { usePredictions } from './use-predictions.ts';

export function TensorPredict({ target, metadata }: { target: ContainerTarget; metadata: Metadata | null }) {
  const columns = tableColumnsOf(metadata?.input);
  // A Python project that declares no columns takes a row as its predict receives it: an object to fill in.
  const rows = metadata?.input.kind === 'rows';
  const label = columns ? 'Row (JSON, by column name)' : rows ? 'Row (JSON, as predict receives it)' : 'Instance (JSON)';
  const [text, setText] = useState(() =>
    columns ? JSON.stringify(exampleRow(columns), null, 2) : rows ? '{}' : zerosJson(metadata?.inputs[0]?.shape ?? []),
  );
  const [parseError, setParseError] = useState<string | null>(null);
  const predictions = usePredictions();

  const predict = () => {
    let instance: unknown;
    try {
      instance = JSON.parse(text);
    } catch {
      // Nothing was sent: the answer to an earlier instance would read as this one's.
      predictions.reset();
      setParseError(`${label}: this is not valid JSON; fix it and press Predict again.`);
      return;
    }
    setParseError(null);
    predictions.send(() => predictInstance(target, instance));
  };

  return (
    <div className="workspace">
      <div className="field wide">
        <label htmlFor="instance-json">{label}</label>
        <textarea id="instance-json" className="mono" rows={10} value={text} onChange={(event) => setText(event.target.value)} />
        <Alert message={parseError} />
        <button type="button" className="primary" onClick={predict}>
          Predict
        </button>
      </div>
      <div>
        <Alert message={predictions.error} />
        <PredictionView answer={predictions.answer} ms={predictions.ms} />
      </div>
    </div>
  );
}
