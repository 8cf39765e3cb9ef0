/**
 * A CSV file read in the browser, for the batch: refused before it is read when it is over the model's
 * limit, refused when it is not text, empty or a header alone; every problem in words naming the file.
 */
import { CsvError, parse } from 'csv-parse/browser/esm/sync';

export interface CsvRows {
  header: string[];
  /** The rows under the header, as text, in file order (a row may hold more or fewer cells than the header). */
  records: string[][];
}

/** A CSV the batch cannot take, in words; nothing of it was sent. */
export class CsvProblem extends Error {
  override name = 'CsvProblem';
}

/** 10485760 -> "10.0 MB": the limit is named in megabytes, however small. */
function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const LINE_ENDS = ['\r\n', '\n', '\r'];

/** Text from the file's bytes: UTF-8, else the Windows code page spreadsheets save in; a NUL byte means it is no text at all. */
function textOf(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0))
    throw new CsvProblem(
      `"${name}" is not a CSV file: it holds binary data. Save the table as CSV (comma-separated values) and choose that file.`,
    );
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Reads `file` as a CSV with a header row. `maxBytes` is the model server's body limit: a larger file
 * is refused from its size alone, before a byte of it is read.
 * @example await readCsvFile(file, metadata.limits.max_body_bytes) // { header: ['sex', 'age'], records: [['female', '33.5']] }
 */
export async function readCsvFile(file: File, maxBytes?: number): Promise<CsvRows> {
  if (maxBytes !== undefined && file.size > maxBytes)
    throw new CsvProblem(
      `"${file.name}" is ${megabytes(file.size)}; this model takes at most ${megabytes(maxBytes)} of CSV at once. Split it into smaller files.`,
    );
  const text = textOf(file.name, new Uint8Array(await file.arrayBuffer()));
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: LINE_ENDS });
  } catch (error) {
    if (error instanceof CsvError) throw new CsvProblem(`"${file.name}" cannot be read as CSV: ${error.message.slice(0, 200)}`);
    throw error;
  }
  const [header, ...records] = rows;
  if (!header)
    throw new CsvProblem(`"${file.name}" is empty: a CSV needs a header row with the column names, then one row per prediction.`);
  if (records.length === 0) throw new CsvProblem(`"${file.name}" has a header but no rows: add one row per prediction under it.`);
  return { header, records };
}
