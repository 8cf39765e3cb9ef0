/**
 * A batch's rows beside their answers, a page of rows at a time (10,000 rows stay quick to show), with the
 * refused rows marked by the server's words and a way to list only them. The table's name is "Predictions".
 */
import { useMemo, useState } from 'react';
import type { AnswerColumns } from './csv-answers.ts';
import type { RowAnswer } from './csv-send.ts';

/** Rows on one page: enough to read, few enough that a page renders at once. */
export const PAGE_ROWS = 100;

interface PredictionsTableProps {
  header: readonly string[];
  records: readonly string[][];
  answers: readonly (RowAnswer | undefined)[];
  columns: AnswerColumns;
}

const count = (n: number) => n.toLocaleString('en');

export function PredictionsTable({ header, records, answers, columns }: PredictionsTableProps) {
  const [page, setPage] = useState(0);
  const [refusedOnly, setRefusedOnly] = useState(false);
  const refusedRows = useMemo(() => answers.flatMap((answer, row) => (answer && 'refused' in answer ? [row] : [])), [answers]);
  const total = refusedOnly ? refusedRows.length : records.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const first = current * PAGE_ROWS;
  const shown = Array.from({ length: Math.min(PAGE_ROWS, total - first) }, (_, i) => (refusedOnly ? refusedRows[first + i]! : first + i));

  return (
    <div className="predictions">
      <div className="actions predictions-pages">
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
          Previous rows
        </button>
        <span>
          {total === 0 ? 'No rows' : `Rows ${count(first + 1)}–${count(first + shown.length)} of ${count(total)}`}
          {refusedOnly && ' refused'}
        </span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          Next rows
        </button>
        {refusedRows.length > 0 && (
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={refusedOnly}
              onChange={(event) => {
                setRefusedOnly(event.target.checked);
                setPage(0);
              }}
            />
            Only the refused rows
          </label>
        )}
      </div>
      <div className="table-scroll">
        {/* aria-rowcount: the whole table's rows, header included, though a page of them is in the document. */}
        <table className="data" aria-rowcount={total + 1}>
          <caption>Predictions</caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Row</th>
              {header.map((name, i) => (
                <th key={`in-${i}`} scope="col">
                  {name}
                </th>
              ))}
              {columns.names.map((name) => (
                <th key={`out-${name}`} scope="col" className="answer-cell">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => {
              const answer = answers[row];
              const refused = answer !== undefined && 'refused' in answer;
              return (
                <tr key={row} aria-rowindex={first + i + 2} className={refused ? 'refused' : undefined}>
                  <th scope="row">{row + 1}</th>
                  {header.map((_, c) => (
                    <td key={`in-${c}`}>{records[row]![c] ?? ''}</td>
                  ))}
                  {columns.cells(answer, true).map((cell, c) => (
                    <td key={`out-${c}`} className="answer-cell">
                      {cell}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
