/** A data table: its caption, one header cell per column, and one body row per record. */
import { Fragment, type ReactNode } from 'react';

export interface DataTableProps<Row> {
  caption: string;
  /** For screen readers only, where a heading above already names the table on screen. */
  hideCaption?: boolean;
  columns: readonly string[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Draws one record as a `<tr>`. */
  renderRow: (row: Row) => ReactNode;
}

function headerCell(column: string) {
  return (
    <th key={column} scope="col">
      {column}
    </th>
  );
}

/**
 * @example
 * <DataTable caption="Files" columns={['Name', 'Size']} rows={files} rowKey={(f) => f.path}
 *   renderRow={(f) => <tr><td>{f.path}</td><td>{f.bytes}</td></tr>} />
 */
export function DataTable<Row>({ caption, hideCaption = false, columns, rows, rowKey, renderRow }: DataTableProps<Row>) {
  return (
    <table className="data">
      <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>{columns.map(headerCell)}</tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Fragment key={rowKey(row)}>{renderRow(row)}</Fragment>
        ))}
      </tbody>
    </table>
  );
}
