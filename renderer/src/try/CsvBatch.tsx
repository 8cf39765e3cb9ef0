/**
 * Many rows at once from a CSV file ("CSV file": chosen or dropped): read and checked in the browser, sent to
 * /predict in chunks, answered in the table "Predictions" with "Download CSV". Its outcome, in words, goes to
 * the caller's one status region through `onStatus`.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { answerColumns, predictionsCsv, type AnswerColumns } from './csv-answers.ts';
import { downloadText, predictionsFileName } from './csv-download.ts';
import { messageOf } from '../ui/format.ts';
import { readCsvFile, type CsvRows } from './csv-read.ts';
import { csvInstances } from './csv-rows.ts';
import { sendInstances, type RowAnswer } from './csv-send.ts';
import { PredictionsTable } from './PredictionsTable.tsx';
import { useTryTarget } from './try-target.ts';

/** What the batch has to say in the status region: how it went, or why it did not. */
export type BatchStatus = { text: string } | { error: string };

interface CsvBatchProps {
  columns: readonly TableColumn[];
  onStatus: (status: BatchStatus) => void;
}

interface Answered extends CsvRows {
  file: string;
  answers: (RowAnswer | undefined)[];
  /** The answer's columns, worked out once for the table's pages and the download. */
  columns: AnswerColumns;
}

/** Rows in one request: large enough that the round trips cost little, small enough to show progress (measured: see the commit). */
export const CHUNK_ROWS = 1000;

const count = (n: number) => n.toLocaleString('en');

/** Rows per request within the server's limits: its queue, and half its body limit at the widest of the first rows. */
function chunkRowsFor(metadata: Metadata | null, instances: readonly (object | undefined)[]): number {
  const widest = Math.max(1, ...instances.slice(0, 100).map((instance) => (instance ? JSON.stringify(instance).length + 1 : 1)));
  const byBytes = metadata ? Math.floor(metadata.limits.max_body_bytes / 2 / widest) : CHUNK_ROWS;
  return Math.max(1, Math.min(CHUNK_ROWS, metadata?.limits.max_queue ?? CHUNK_ROWS, byBytes));
}

function summary(file: string, answered: Answered['answers'], stopped: string | undefined): BatchStatus {
  const refused = answered.filter((answer) => answer !== undefined && 'refused' in answer).length;
  const settled = answered.filter((answer) => answer !== undefined).length;
  const refusedWords = refused === 0 ? '' : ` (${count(refused)} refused: their reasons are in the error column)`;
  if (stopped)
    return { error: `Stopped after ${count(settled)} of ${count(answered.length)} rows of "${file}"${refusedWords}: ${stopped}` };
  return { text: `${count(answered.length)} rows of "${file}" answered${refusedWords}: see Predictions.` };
}

export function CsvBatch({ columns, onStatus }: CsvBatchProps) {
  const { target, metadata } = useTryTarget();
  const inputId = useId();
  const hintId = useId();
  const ticket = useRef(0);
  const [progress, setProgress] = useState<{ settled: number; total: number } | null>(null);
  const [answered, setAnswered] = useState<Answered | null>(null);

  const take = async (file: File) => {
    const mine = ++ticket.current;
    const wanted = () => mine === ticket.current;
    setAnswered(null);
    setProgress(null);
    try {
      const csv = await readCsvFile(file, metadata?.limits.max_body_bytes);
      const { instances, refused } = csvInstances(columns, csv, file.name);
      if (!wanted()) return;
      onStatus({ text: `Answering ${count(instances.length)} rows of "${file.name}"…` });
      setProgress({ settled: 0, total: instances.length });
      const outcome = await sendInstances(target, instances, {
        chunkRows: chunkRowsFor(metadata, instances),
        onProgress: (settled) => wanted() && setProgress({ settled, total: instances.length }),
        isWanted: wanted,
      });
      if (!wanted()) return;
      for (const [row, reason] of refused) outcome.answers[row] = { refused: reason };
      setProgress(null);
      setAnswered({ ...csv, file: file.name, answers: outcome.answers, columns: answerColumns(csv.header, outcome.answers) });
      onStatus(summary(file.name, outcome.answers, outcome.stopped));
    } catch (error) {
      if (!wanted()) return;
      setProgress(null);
      onStatus({ error: messageOf(error) });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void take(file);
  };

  return (
    <section className="csv-batch" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`}>Many rows from a CSV file</h3>
      <div className="drop-area csv-drop" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
        <div className="field">
          <label htmlFor={inputId}>CSV file</label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={hintId}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared, so choosing the same file again (after fixing it) answers it again.
              event.target.value = '';
              if (file) void take(file);
            }}
          />
        </div>
        <p id={hintId} className="hint">
          A header row naming the columns ({columns.map((column) => column.name).join(', ')}; others are kept as they are), then one row per
          prediction. You can drop the file here too.
        </p>
      </div>
      {progress && (
        <p>
          <progress aria-label="Rows answered" max={progress.total} value={progress.settled} /> {count(progress.settled)} of{' '}
          {count(progress.total)} rows
        </p>
      )}
      {answered && (
        <>
          <button
            type="button"
            onClick={() =>
              downloadText(
                predictionsFileName(answered.file),
                predictionsCsv(answered.header, answered.records, answered.answers),
                'text/csv',
              )
            }
          >
            Download CSV
          </button>
          <PredictionsTable header={answered.header} records={answered.records} answers={answered.answers} columns={answered.columns} />
        </>
      )}
    </section>
  );
}
