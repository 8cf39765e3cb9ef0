/** A data table of listed records, one row per key: nothing until they arrive, a line saying what to do when there are none. */
import { DataTable, type DataTableProps } from './DataTable.tsx';

interface Props<Row> extends Omit<DataTableProps<Row>, 'rows'> {
  /** `null` while the first listing is on its way. */
  rows: readonly Row[] | null;
  emptyMessage: string;
}

/**
 * @example
 * <ListedTable rows={images} rowKey={(image) => image.id} emptyMessage="No images yet." caption="Images"
 *   columns={['Tags']} renderRow={(image) => <ImageRowView row={image} />} />
 */
export function ListedTable<Row>({ rows, emptyMessage, ...table }: Props<Row>) {
  if (!rows) return null;
  if (rows.length === 0) return <p className="muted">{emptyMessage}</p>;
  return <DataTable rows={rows} {...table} />;
}
