/**
 * The tabular request bodies, the same rows in each server's documented format: named rows
 * (`{"instances": [...]}`: CraneML, the hand-written FastAPI server), CSV with a header (CraneML,
 * mlflow), mlflow's `dataframe_split`, MLServer's V2 with its pandas codec, BentoML's DataFrame
 * parameter as records.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TABULAR_ROWS, type TabularModel, type TabularRows } from './workloads.ts';

export type Dialect = 'instances' | 'csv' | 'mlflow' | 'v2-pandas' | 'bentoml';
type Row = Record<string, number | string>;

export const DIALECT_CONTENT_TYPE: Record<Dialect, string> = {
  instances: 'application/json',
  csv: 'text/csv',
  mlflow: 'application/json',
  'v2-pandas': 'application/json',
  bentoml: 'application/json',
};

/** Where a body lives under the tabular folder. */
export function bodyFile(dir: string, model: TabularModel, rows: TabularRows, dialect: Dialect): string {
  return path.join(dir, 'bodies', `${model}-${rows}.${dialect}.body`);
}

function csvCell(value: number | string): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function v2Input(name: string, values: (number | string)[]): object {
  const text = typeof values[0] === 'string';
  return {
    name,
    shape: [values.length, 1],
    datatype: text ? 'BYTES' : 'FP64',
    ...(text ? { parameters: { content_type: 'str' } } : {}),
    data: values,
  };
}

const RENDER: Record<Dialect, (rows: Row[], columns: string[]) => string> = {
  instances: (rows) => JSON.stringify({ instances: rows }),
  csv: (rows, columns) =>
    [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c]!)).join(','))].join('\n') + '\n',
  mlflow: (rows, columns) => JSON.stringify({ dataframe_split: { columns, data: rows.map((r) => columns.map((c) => r[c])) } }),
  // mlserver-sklearn answers predict_proba when the request asks for that output.
  'v2-pandas': (rows, columns) =>
    JSON.stringify({
      parameters: { content_type: 'pd' },
      inputs: columns.map((c) =>
        v2Input(
          c,
          rows.map((r) => r[c]!),
        ),
      ),
      outputs: [{ name: 'predict_proba' }],
    }),
  bentoml: (rows) => JSON.stringify({ rows }),
};

/** Writes every dialect's body for 1 and 100 rows of `rowsFile` (make_models.py's first 100 rows). */
export async function writeTabularBodies(dir: string, model: TabularModel, rowsFile: string): Promise<void> {
  const all = JSON.parse(await readFile(rowsFile, 'utf8')) as Row[];
  const columns = Object.keys(all[0]!);
  await mkdir(path.join(dir, 'bodies'), { recursive: true });
  for (const count of TABULAR_ROWS)
    for (const dialect of Object.keys(RENDER) as Dialect[])
      await writeFile(bodyFile(dir, model, count, dialect), RENDER[dialect](all.slice(0, count), columns));
}
