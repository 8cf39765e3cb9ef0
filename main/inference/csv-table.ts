/**
 * A CSV body read as a table (a header row, then records; RFC 4180 quoting, CRLF or LF, a UTF-8
 * BOM; csv-parse reads any with quotes), and its samples.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';
import type { Sample } from './batch.ts';
import type { EchoRows } from './csv-answer.ts';
import type { TableRows } from './table-rows.ts';

export interface CsvTable {
  header: string[];
  records: string[][];
  /** The line of the file each record ends on (the header is line 1). */
  lines: number[];
}

interface RecordWithInfo {
  record: string[];
  info: { lines: number };
}

const LINE_ENDS = ['\r\n', '\n', '\r'];

function tooLong(maxRows: number): InputError {
  return new InputError(`more than ${maxRows} rows in one request; the limit is ${maxRows}`, { code: 'INPUT_TOO_LARGE' });
}

/**
 * A CSV with no quote at all, the common case, read by splitting lines and commas: what RFC 4180
 * reads it as, at a tenth of csv-parse's cost (which reads character by character).
 */
function readUnquoted(text: string, maxRows: number): CsvTable | undefined {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let header: string[] | undefined;
  const records: string[][] = [];
  const numbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // A lone CR ending lines (old Mac files) is left to csv-parse.
    if (line.includes('\r')) return undefined;
    if (line === '') continue;
    const cells = line.split(',');
    if (!header) {
      header = cells;
      continue;
    }
    if (cells.length !== header.length)
      throw new InputError(`the CSV cannot be read: Invalid Record Length: expect ${header.length}, got ${cells.length} on line ${i + 1}`);
    if (records.length === maxRows) throw tooLong(maxRows);
    records.push(cells);
    numbers.push(i + 1);
  }
  return { header: header ?? [], records, lines: numbers };
}

/** Reads a CSV with csv-parse: quoted fields, quotes in them, line breaks in them. */
function readQuoted(body: Buffer | string, maxRows: number): CsvTable {
  let parsed: RecordWithInfo[];
  try {
    // `to` stops reading one record past the limit: a body of many tiny rows costs no more than that.
    // Any line end on any line (csv-parse would otherwise take the first line's for all), as the unquoted path does.
    parsed = parse(body, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      to: maxRows + 2,
      record_delimiter: LINE_ENDS,
    }) as unknown as RecordWithInfo[];
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(`the CSV cannot be read: ${error.message.slice(0, 300)}`);
    throw error;
  }
  const [head, ...rows] = parsed;
  if (rows.length > maxRows) throw tooLong(maxRows);
  return { header: head?.record ?? [], records: rows.map((r) => r.record), lines: rows.map((r) => r.info.lines) };
}

/**
 * Reads a CSV body; empty, header-only or malformed input is an InputError saying which line.
 * `maxRows` bounds the records read: more is an INPUT_TOO_LARGE error naming the limit.
 * @example readCsvTable('a,b\r\n1,2\r\n', 10).records // [['1', '2']]
 */
export function readCsvTable(body: Buffer | string, maxRows: number): CsvTable {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const table = (!text.includes('"') && readUnquoted(text, maxRows)) || readQuoted(text, maxRows);
  if (table.header.length === 0)
    throw new InputError('the CSV is empty: send a header row with the column names, then one row per prediction');
  if (table.records.length === 0) throw new InputError('the CSV has a header but no rows: send at least one row under it');
  return table;
}

/**
 * A CSV body's samples, and its rows as sent (for a CSV answer). A bad cell is an InputError
 * naming its line, its column and its value: `line 4: column "age" expects a number, got "old"`.
 */
export function samplesFromCsv(table: TableRows, body: Buffer | string, maxRows: number): { samples: Sample[]; echo: EchoRows } {
  const csv = readCsvTable(body, maxRows);
  const positions = table.csvPositions(csv.header);
  const samples = csv.records.map((record, i) => {
    try {
      return table.sampleFromRecord(record, positions);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`line ${csv.lines[i]}: ${error.message}`);
      throw error;
    }
  });
  return { samples, echo: { header: csv.header, cells: csv.records } };
}
