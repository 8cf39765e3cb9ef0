/**
 * A CSV's rows as the model's JSON instances, by column name: the header checked against the model's
 * columns first (a missing one named, nothing sent), then each row's cells typed as its column says.
 */
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { CsvProblem, type CsvRows } from './csv-read.ts';
import { numberCell, type InstanceCell } from './table-row.ts';

export type Instance = Record<string, InstanceCell>;

export interface CsvInstances {
  /** One per CSV row, in file order; undefined where the row could not be made into one (see `refused`). */
  instances: (Instance | undefined)[];
  /** Why a row was not sent, by its index among the rows. */
  refused: Map<number, string>;
}

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * Where each of the model's columns is in the header; a CsvProblem naming the missing ones otherwise.
 * Extra header columns (an id, the target) are allowed and kept out of the instances.
 */
export function columnPositions(columns: readonly TableColumn[], header: readonly string[], file: string): number[] {
  const missing = columns.filter((column) => !column.optional && column.default === undefined && !header.includes(column.name));
  if (missing.length > 0) {
    const many = missing.length > 1;
    throw new CsvProblem(
      `"${file}" has no column${many ? 's' : ''} ${quoted(missing.map((c) => c.name))} in its header: this model needs ${many ? 'them' : 'it'} (its columns are ${quoted(columns.map((c) => c.name))}). Nothing was sent.`,
    );
  }
  return columns.map((column) => header.indexOf(column.name));
}

/** A CSV cell as JSON: numbers as numbers (empty: a gap), everything else as its text, for the server to judge. */
function cellOf(column: TableColumn, text: string): InstanceCell {
  return column.type === 'number' || column.type === 'integer' ? numberCell(text) : text;
}

/**
 * The rows of `csv` as instances by column name. A row whose cell count is not the header's is not
 * sent: which cell goes to which column cannot be told.
 * @example csvInstances(columns, { header: ['age'], records: [['33.5'], ['']] }, 'rows.csv').instances // [{ age: 33.5 }, { age: null }]
 */
export function csvInstances(columns: readonly TableColumn[], csv: CsvRows, file: string): CsvInstances {
  const positions = columnPositions(columns, csv.header, file);
  const refused = new Map<number, string>();
  const width = csv.header.length;
  const instances = csv.records.map((record, row) => {
    if (record.length !== width) {
      refused.set(row, `this row has ${record.length} cell${record.length === 1 ? '' : 's'}; the header has ${width}`);
      return undefined;
    }
    const instance: Instance = {};
    columns.forEach((column, i) => {
      const at = positions[i]!;
      // A column the model may go without, left out of the file or empty in this row: the server fills it in.
      if (at < 0 || (record[at]!.trim() === '' && (column.optional || column.default !== undefined))) return;
      instance[column.name] = cellOf(column, record[at]!);
    });
    return instance;
  });
  return { instances, refused };
}
