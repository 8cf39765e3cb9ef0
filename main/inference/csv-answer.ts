/**
 * The CSV answer for rows of a table: the request's columns as sent, then the prediction's
 * (classifier: label, score, p(<class>) per class; regressor: value), one line per row, RFC 4180.
 */
import { stringify } from 'csv-stringify/sync';
import type { Manifest } from '../manifest.ts';
import type { TableColumn } from '../shared/conversion-schema.ts';
import type { Sample } from './batch.ts';
import { classify, classScores, isClassifier, isRegressor, jsonData, scoreOutputName } from './postprocess.ts';

export const CSV_TYPE = 'text/csv';

/** A request's rows as text, to be sent back beside their predictions. */
export interface EchoRows {
  header: string[];
  cells: string[][];
}

/** A JSON cell as CSV text: null (a gap) is empty. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** JSON instances (objects by column name or arrays in column order) as rows of text. */
export function echoInstances(columns: readonly TableColumn[], instances: readonly unknown[]): EchoRows {
  return {
    header: columns.map((c) => c.name),
    cells: instances.map((instance) =>
      Array.isArray(instance) ? instance.map(cellText) : columns.map((c) => cellText((instance as Record<string, unknown>)[c.name])),
    ),
  };
}

/** A prediction column's name, kept apart from the request's own columns (a "label" column of the data stays). */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  while (taken.has(unique)) unique = `predicted_${unique}`;
  taken.add(unique);
  return unique;
}

/** The prediction's columns and each row's cells. */
function predictionCells(manifest: Manifest, outputs: Sample[]): { names: string[]; cells: string[][] } {
  const scoreName = scoreOutputName(manifest);
  const first = outputs[0]?.[scoreName];
  if (first && isClassifier(manifest)) {
    const labels = manifest.labels!;
    return {
      names: ['label', 'score', ...labels.map((label) => `p(${label})`)],
      cells: outputs.map((o) => {
        const { label, score } = classify(manifest, o[scoreName]!);
        return [label, cellText(score), ...classScores(manifest, o[scoreName]!).map(cellText)];
      }),
    };
  }
  if (first && isRegressor(manifest)) {
    const width = first.data.length;
    return {
      names: width === 1 ? ['value'] : Array.from({ length: width }, (_, i) => `value[${i}]`),
      cells: outputs.map((o) => jsonData(o[scoreName]!).map(cellText)),
    };
  }
  // A table model without a task: each output as JSON in its own column.
  const names = Object.keys(outputs[0] ?? {});
  return { names, cells: outputs.map((o) => names.map((name) => JSON.stringify(jsonData(o[name]!)))) };
}

/**
 * The CSV answer: the request's header and cells, then the prediction's, CRLF line ends.
 * @example csvAnswer(manifest, { header: ['age'], cells: [['41']] }, outputs) // 'age,value\r\n41,152.1\r\n'
 */
export function csvAnswer(manifest: Manifest, echo: EchoRows, outputs: Sample[]): string {
  const predicted = predictionCells(manifest, outputs);
  const taken = new Set(echo.header);
  const header = [...echo.header, ...predicted.names.map((name) => uniqueName(name, taken))];
  const rows = echo.cells.map((cells, i) => [...cells, ...predicted.cells[i]!]);
  return stringify([header, ...rows], { record_delimiter: 'windows' });
}

/**
 * Whether an Accept header asks for CSV before JSON: `text/csv` with a quality at least that of
 * `application/json` (wildcards do not count, so browsers and curl get JSON).
 * @example prefersCsv('text/csv') // true
 * @example prefersCsv('application/json, text/csv;q=0.5') // false
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(quality)) continue;
    if (type === CSV_TYPE) csv = Math.max(csv, quality);
    else if (type === 'application/json') json = Math.max(json, quality);
  }
  return csv > 0 && csv >= json;
}
