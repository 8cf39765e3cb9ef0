/**
 * A table model's try-it controls: the form by column ("Example row", "Predict") and the CSV batch, with one
 * status region saying the newest outcome of either: the row's answer, the batch's, or why there is none.
 */
import { useState, type FormEvent } from 'react';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { AnswerStatus } from './AnswerStatus.tsx';
import { predictInstance } from './container-client.ts';
import { CsvBatch, type BatchStatus } from './CsvBatch.tsx';
import { PredictionView } from './PredictionView.tsx';
import { TableForm } from './TableForm.tsx';
import { exampleFormRow, formRowOf, instanceOf, type FormRow } from './table-row.ts';
import { useTryTarget } from './try-target.ts';
import { usePredictions } from './use-predictions.ts';

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

export function TableTry({ columns }: { columns: readonly TableColumn[] }) {
  const { target } = useTryTarget();
  const predictions = usePredictions();
  const [row, setRow] = useState<FormRow>(() => formRowOf(columns, {}));
  const [unknown, setUnknown] = useState<string[]>([]);
  // The batch's outcome, while it is newer than the form's.
  const [batch, setBatch] = useState<BatchStatus | null>(null);

  const predict = (event: FormEvent) => {
    event.preventDefault();
    setBatch(null);
    predictions.send(() => predictInstance(target, instanceOf(columns, row)));
  };

  const fillExample = () => {
    const example = exampleFormRow(columns);
    setRow(example.row);
    setUnknown(example.unknown);
  };

  return (
    <div className="table-try">
      <div className="workspace">
        <form className="table-predict" aria-label="One row" onSubmit={predict}>
          <TableForm columns={columns} row={row} onChange={setRow}>
            <div className="actions">
              <button type="button" onClick={fillExample}>
                Example row
              </button>
              <button type="submit" className="primary">
                Predict
              </button>
              {predictions.busy && <span className="busy">predicting…</span>}
            </div>
            {unknown.length > 0 && (
              <p className="hint">
                The model keeps no example for {quoted(unknown)}: fill {unknown.length > 1 ? 'them' : 'it'} in.
              </p>
            )}
          </TableForm>
        </form>
        {batch ? (
          <section className="prediction" aria-label="Prediction">
            <AnswerStatus error={'error' in batch ? batch.error : null}>
              <p>{'text' in batch ? batch.text : ''}</p>
            </AnswerStatus>
          </section>
        ) : (
          <PredictionView answer={predictions.answer} ms={predictions.ms} error={predictions.error} />
        )}
      </div>
      <CsvBatch
        columns={columns}
        onStatus={(status) => {
          // The row's answer would read as the batch's: it goes.
          predictions.reset();
          setBatch(status);
        }}
      />
    </div>
  );
}
