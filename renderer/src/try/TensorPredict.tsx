/**
 * For tensor- and rows-input models (and a table whose columns /metadata does not name): the instances
 * array as JSON, prefilled with a valid example, sent as {"instances": <that array>}; the answer, or why
 * there is none, in the status region. A table with named columns gets its form instead (TableTry).
 */
import { useId, useMemo, useState } from 'react';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { instancesJson, sampleShape } from '../ui/zeros.ts';
import { overBodyLimit } from './body-limit.ts';
import { predictInstances } from './container-client.ts';
import { PredictionView } from './PredictionView.tsx';
import { useTryTarget } from './try-target.ts';
import { usePredictions } from './use-predictions.ts';

const LABEL = 'Instances (JSON)';

/** The example the editor starts with, and what one instance is, in words. */
function exampleOf(metadata: Metadata | null): { text: string; instance: string } {
  // A Python project that declares no columns takes each row as its predict receives it: an object to fill in.
  if (metadata?.input.kind === 'rows') return { text: '[{}]', instance: 'a row as the model’s predict receives it' };
  const shape = metadata?.inputs[0]?.shape ?? [];
  return { text: instancesJson(shape), instance: `shaped like the input, ${JSON.stringify(sampleShape(shape)).replace(/,/g, ', ')}` };
}

/** The instances typed, or why they cannot be sent, in words. */
function parseInstances(text: string): { instances: unknown[] } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `${LABEL}: this is not valid JSON (${(e as Error).message}). Fix it and press Predict again.` };
  }
  if (!Array.isArray(value)) return { problem: `${LABEL}: put the instances in a list, [ … ], one per prediction.` };
  if (value.length === 0) return { problem: `${LABEL}: the list is empty; put at least one instance in it.` };
  return { instances: value };
}

export function TensorPredict() {
  const { target, metadata } = useTryTarget();
  // A large input's zeros are long text: made once, not at every keystroke.
  const example = useMemo(() => exampleOf(metadata), [metadata]);
  const [text, setText] = useState(example.text);
  const predictions = usePredictions();
  const editorId = useId();
  const hintId = useId();

  const predict = () => {
    const parsed = parseInstances(text);
    // Nothing is sent: the answer to earlier instances would read as these ones'.
    if ('problem' in parsed) return predictions.refuse(parsed.problem);
    const tooLarge = overBodyLimit('That JSON', new TextEncoder().encode(JSON.stringify({ instances: parsed.instances })).length, metadata);
    if (tooLarge) return predictions.refuse(tooLarge);
    predictions.send(() => predictInstances(target, parsed.instances));
  };

  return (
    <div className="workspace">
      <div className="field wide json-editor">
        <label htmlFor={editorId}>{LABEL}</label>
        <textarea
          id={editorId}
          className="mono"
          rows={10}
          spellCheck={false}
          aria-describedby={hintId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              predict();
            }
          }}
        />
        <p id={hintId} className="hint">
          A list with one instance per prediction, each {example.instance}. Ctrl+Enter predicts too.
        </p>
        <button type="button" className="primary" onClick={predict}>
          Predict
        </button>
        {predictions.busy && <span className="busy">predicting…</span>}
      </div>
      <PredictionView answer={predictions.answer} ms={predictions.ms} error={predictions.error} />
    </div>
  );
}
