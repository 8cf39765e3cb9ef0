/**
 * A batch's answers as columns beside the CSV's own (classifier: label and score; regressor: value; anything
 * else as JSON; a refused row's reason under "error"), for the Predictions table and the downloaded CSV alike.
 */
import { formatPercent } from '../ui/format.ts';
import type { RowAnswer } from './csv-send.ts';

export interface AnswerColumns {
  /** The prediction's column names, kept apart from the CSV's own (a "label" column of the data stays). */
  names: string[];
  /** One cell per name for a row's answer (empty cells for a row not answered); `shown`: a score as a percentage, to read. */
  cells(answer: RowAnswer | undefined, shown?: boolean): string[];
}

function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  while (taken.has(unique)) unique = `predicted_${unique}`;
  taken.add(unique);
  return unique;
}

/** A JSON value as one cell: a number as it is, null empty, anything else as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

const hasKey = (prediction: unknown, key: string) => typeof prediction === 'object' && prediction !== null && key in prediction;

/**
 * The columns the answers need, named apart from `header`.
 * @example answerColumns(['sex', 'age'], answers).names // ['label', 'score'] (and 'error' when a row was refused)
 */
export function answerColumns(header: readonly string[], answers: readonly (RowAnswer | undefined)[]): AnswerColumns {
  const taken = new Set(header);
  const predictions = answers.flatMap((answer) => (answer && 'prediction' in answer ? [answer.prediction] : []));
  const anyRefused = answers.some((answer) => answer !== undefined && 'refused' in answer);
  const kind = predictions.every((p) => hasKey(p, 'label') && hasKey(p, 'score'))
    ? 'label'
    : predictions.every((p) => hasKey(p, 'value'))
      ? 'value'
      : 'prediction';
  const names = kind === 'label' ? ['label', 'score'] : [kind];
  const shown = names.map((name) => uniqueName(name, taken));
  const error = anyRefused ? [uniqueName('error', taken)] : [];
  const width = names.length;
  return {
    names: [...shown, ...error],
    cells(answer, shown = false) {
      const blank = new Array<string>(width).fill('');
      if (answer === undefined) return [...blank, ...error.map(() => '')];
      if ('refused' in answer) return [...blank, answer.refused];
      const p = answer.prediction as Record<string, unknown>;
      const score = shown && typeof p.score === 'number' ? formatPercent(p.score) : cellText(p.score);
      const values = kind === 'label' ? [cellText(p.label), score] : kind === 'value' ? [cellText(p.value)] : [cellText(p)];
      return [...values, ...error.map(() => '')];
    },
  };
}

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV as it came, with the answer's columns after each row's own cells (RFC 4180, CRLF line ends).
 * @example predictionsCsv(['age'], [['33']], [{ prediction: { value: 1.5 } }]) // "age,value\r\n33,1.5\r\n"
 */
export function predictionsCsv(
  header: readonly string[],
  records: readonly string[][],
  answers: readonly (RowAnswer | undefined)[],
): string {
  const columns = answerColumns(header, answers);
  const lines = [[...header, ...columns.names]];
  // A row of the wrong width (refused for it) is cut or padded to the header's, so every answer stays in its column.
  const width = header.length;
  const cellsOf = (record: readonly string[]) =>
    record.length === width ? record : Array.from({ length: width }, (_, i) => record[i] ?? '');
  records.forEach((record, row) => lines.push([...cellsOf(record), ...columns.cells(answers[row])]));
  return lines.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}
