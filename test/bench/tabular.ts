/**
 * The table rows of `npm run bench`: the breast-cancer fixture project (30 named number columns) on
 * /predict as one named row a request, one row as an array in column order (the tensor path), a
 * one-row CSV body and a 100-row CSV body, next to Predictor.predict over the same row in this process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Predictor } from '../../main/inference/predictor.ts';
import { expectedOf, rowsCsv, tableProject } from '../runtime/table-fixtures.ts';
import { buildRequest, runLoad, type LoadResult } from './load.ts';

/** The rows of the 100-row CSV body: the fixture's rows over and over. */
export const CSV_ROWS = 100;

export const TABLE_TARGETS = {
  named: '/predict table, named row',
  array: '/predict table, array row',
  csv1: '/predict table, CSV 1 row',
  csv100: `/predict table, CSV ${CSV_ROWS} rows`,
} as const;

/** The HTTP ceiling for the named row's body: bare node:http + JSON.parse of that same body. */
export const NAMED_BODY_CEILING = 'bare node:http + JSON.parse, named-row body';

/**
 * The bench's JSON baseline (bare node:http + JSON.parse of digits' /predict body), the figure the
 * issue asks the table rows against, measured again right before them.
 */
export const TABLE_JSON_BASELINE = 'bare node:http + JSON.parse, /predict body, next to the tables';

/** One table request: the raw bytes the load generator sends, and the same as fetch() arguments to check it once. */
export interface TableRequest {
  target: string;
  rowsPerRequest: number;
  body: string;
  contentType: string;
  request: Buffer;
}

export interface TableBench {
  project: string;
  columns: number;
  requests: TableRequest[];
  /** `{"instances": [row]}` with the row by column name: the body of the named-row ceiling. */
  namedBody: string;
  /** The first row by column name, as scikit-learn saw it. */
  row: Record<string, unknown>;
}

function request(target: string, rowsPerRequest: number, body: string, contentType: string): TableRequest {
  return { target, rowsPerRequest, body, contentType, request: buildRequest('POST', '/predict', body, contentType) };
}

/** The cancer fixture's requests; fails naming the set-up script when the fixtures were not made. */
export async function tableBench(): Promise<TableBench> {
  const project = await tableProject('cancer');
  const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as {
    input: { columns: { name: string; index: number }[] };
  };
  const columns = [...manifest.input.columns].sort((a, b) => a.index - b.index).map((c) => c.name);
  const row = (await expectedOf('cancer')).rows[0]!;
  const [header, ...lines] = (await rowsCsv('cancer')).trimEnd().split(/\r?\n/);
  const namedBody = JSON.stringify({ instances: [row] });
  const csv = (count: number): string => [header, ...Array.from({ length: count }, (_, i) => lines[i % lines.length])].join('\n') + '\n';
  return {
    project,
    columns: columns.length,
    namedBody,
    row,
    requests: [
      request(TABLE_TARGETS.named, 1, namedBody, 'application/json'),
      request(TABLE_TARGETS.array, 1, JSON.stringify({ instances: [columns.map((name) => row[name])] }), 'application/json'),
      request(TABLE_TARGETS.csv1, 1, csv(1), 'text/csv'),
      request(TABLE_TARGETS.csv100, CSV_ROWS, csv(CSV_ROWS), 'text/csv'),
    ],
  };
}

/**
 * Sends each request once and checks the answer holds one prediction a row, so the load runs
 * measure answers, not refusals.
 */
export async function checkTableRequests(port: number, requests: TableRequest[]): Promise<void> {
  for (const { target, body, contentType, rowsPerRequest } of requests) {
    const answer = await fetch(`http://127.0.0.1:${port}/predict`, { method: 'POST', body, headers: { 'Content-Type': contentType } });
    const text = await answer.text();
    const predictions = answer.ok ? (JSON.parse(text) as { predictions?: unknown[] }).predictions : undefined;
    if (predictions?.length !== rowsPerRequest) throw new Error(`${target}: answered ${answer.status} ${text.slice(0, 300)}`);
  }
}

/** Half a second of each request at concurrency 8, not counted: the fresh server's code paths compiled. */
export async function warmTable(port: number, requests: TableRequest[]): Promise<void> {
  for (const { request } of requests) await runLoad({ port, request, concurrency: 8, durationMs: 500, warmupMs: 0 });
}

/**
 * Rows per second of Predictor.predict in this process over the same named row (row → sample →
 * model → prediction), one row a call and 32 a call: the machine's ceiling for the table.
 */
export async function inProcessTableRate(project: string, row: unknown, seconds: number): Promise<{ batch1: number; batch32: number }> {
  const predictor = await Predictor.open(project);
  const rate = async (size: number): Promise<number> => {
    const call = () => predictor.predict(Array.from({ length: size }, () => predictor.sampleFromInstance(row)));
    for (let i = 0; i < 20; i++) await call();
    const started = performance.now();
    let rows = 0;
    while (performance.now() - started < seconds * 1000) {
      await call();
      rows += size;
    }
    return rows / ((performance.now() - started) / 1000);
  };
  try {
    return { batch1: await rate(1), batch32: await rate(32) };
  } finally {
    await predictor.close();
  }
}

export interface TableRatios {
  /** Requests per second against the bench's JSON baseline (digits' /predict body, bare node:http + JSON.parse). */
  named_vs_json_baseline: number;
  array_vs_json_baseline: number;
  csv1_vs_json_baseline: number;
  csv100_vs_json_baseline: number;
  /** Against the same baseline with the named row's own body. */
  named_vs_named_body_ceiling: number;
  /** Against the array path (the tensor path) of the same server; CSV 100 rows in rows per second. */
  named_vs_array: number;
  csv1_vs_array: number;
  csv100_rows_vs_array: number;
  /** Rows per second against Predictor.predict in this process, one row a call (batch 1) or 32 (batch 32). */
  named_vs_in_process_batch1: number;
  csv100_rows_vs_in_process_batch32: number;
}

/** A target's result at one concurrency. */
export type Lookup = (target: string) => LoadResult | undefined;

/**
 * A table target's answered (200) requests per second: a request the server sheds (503 while its
 * queue is full) is no prediction, and a 100-row one would count as 100 rows.
 */
export function answered(lookup: Lookup, target: string): number {
  return lookup(target)?.okRps ?? NaN;
}

/** The ratios at one concurrency; the baselines' requests per second against the table targets' answered ones. */
export function tableRatios(lookup: Lookup, inProcess: { batch1: number; batch32: number }): TableRatios {
  const [named, array, csv1, csv100] = [TABLE_TARGETS.named, TABLE_TARGETS.array, TABLE_TARGETS.csv1, TABLE_TARGETS.csv100].map((t) =>
    answered(lookup, t),
  ) as [number, number, number, number];
  const baseline = lookup(TABLE_JSON_BASELINE)?.rps ?? NaN;
  return {
    named_vs_json_baseline: named / baseline,
    array_vs_json_baseline: array / baseline,
    csv1_vs_json_baseline: csv1 / baseline,
    csv100_vs_json_baseline: csv100 / baseline,
    named_vs_named_body_ceiling: named / (lookup(NAMED_BODY_CEILING)?.rps ?? NaN),
    named_vs_array: named / array,
    csv1_vs_array: csv1 / array,
    csv100_rows_vs_array: (csv100 * CSV_ROWS) / array,
    named_vs_in_process_batch1: named / inProcess.batch1,
    csv100_rows_vs_in_process_batch32: (csv100 * CSV_ROWS) / inProcess.batch32,
  };
}

function pct(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

/** The table section of latest.md. */
export function tableMarkdown(
  columns: number,
  loadAverage: [number, number],
  inProcess: { batch1: number; batch32: number },
  lookup: (c: number) => Lookup,
  ratios: Record<number, TableRatios>,
): string {
  const levels = Object.keys(ratios).map(Number);
  const ok = (target: string, c: number, rows = 1): string => (answered(lookup(c), target) * rows).toFixed(0);
  const shed = (target: string, c: number): string => String(lookup(c)(target)?.errors ?? NaN);
  return [
    `## Tables: breast cancer (${columns} named number columns, StandardScaler + LogisticRegression in ONNX)`,
    '',
    `In process, Predictor.predict over the same named row (measured right before the tables): ${inProcess.batch1.toFixed(0)} rows/s one row a call, ${inProcess.batch32.toFixed(0)} rows/s 32 rows a call. The model server is a second \`craneml serve\` process on the fixture project, measured after the digits server stopped. One-minute load average of the machine (other work on its CPUs): ${loadAverage[0].toFixed(1)} at the bench's start, ${loadAverage[1].toFixed(1)} at its end.`,
    '',
    `Answered (200) requests per second; non-200: answers refused in the window (503 while the server's queue of \`max_queue\` samples is full).`,
    '',
    `| concurrency | named row req/s | array row req/s | CSV 1 row req/s | CSV ${CSV_ROWS} rows req/s | CSV ${CSV_ROWS} rows rows/s | CSV ${CSV_ROWS} rows non-200 |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...levels.map(
      (c) =>
        `| ${c} | ${ok(TABLE_TARGETS.named, c)} | ${ok(TABLE_TARGETS.array, c)} | ${ok(TABLE_TARGETS.csv1, c)} | ${ok(TABLE_TARGETS.csv100, c)} | ${ok(TABLE_TARGETS.csv100, c, CSV_ROWS)} | ${shed(TABLE_TARGETS.csv100, c)} |`,
    ),
    '',
    `Ratios. JSON baseline: bare node:http + JSON.parse of digits' /predict body, the bench's baseline above, measured again right before the tables (\`${TABLE_JSON_BASELINE}\` in the table above). Named-body ceiling: the same server parsing the named row's body. Array: the array row on the same server. CSV ${CSV_ROWS} rows against the array path and in process in rows per second.`,
    '',
    `| concurrency | named / JSON baseline | array / JSON baseline | CSV 1 / JSON baseline | CSV ${CSV_ROWS} (req) / JSON baseline | named / named-body ceiling | named / array | CSV 1 / array | CSV ${CSV_ROWS} rows / array | named / in-process (1 a call) | CSV ${CSV_ROWS} rows / in-process (32 a call) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...levels.map((c) => {
      const r = ratios[c]!;
      return `| ${c} | ${pct(r.named_vs_json_baseline)} | ${pct(r.array_vs_json_baseline)} | ${pct(r.csv1_vs_json_baseline)} | ${pct(r.csv100_vs_json_baseline)} | ${pct(r.named_vs_named_body_ceiling)} | ${r.named_vs_array.toFixed(2)}x | ${r.csv1_vs_array.toFixed(2)}x | ${r.csv100_rows_vs_array.toFixed(2)}x | ${r.named_vs_in_process_batch1.toFixed(2)}x | ${r.csv100_rows_vs_in_process_batch32.toFixed(2)}x |`;
    }),
    '',
  ].join('\n');
}
