/** A table model's input columns (name, type, known categories, an example; bounds, default and meaning where declared), scrollable when there are many. */
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { DataTable } from '../ui/DataTable.tsx';
import { boundsInWords, categoriesInWords, columnTypeInWords } from './notebook-format.ts';

const HEADINGS = ['#', 'Column', 'Type', 'Categories', 'Example'];

export function ColumnsTable({ columns }: { columns: readonly TableColumn[] }) {
  const caption = `Input columns (${columns.length})`;
  // A Cog signature declares bounds, defaults and descriptions; a notebook model's columns have none, so no empty headings.
  const bounded = columns.some((column) => boundsInWords(column) !== '');
  const defaulted = columns.some((column) => column.default !== undefined);
  const described = columns.some((column) => column.description !== undefined);
  const headings = [...HEADINGS, ...(bounded ? ['Allowed'] : []), ...(defaulted ? ['Default'] : []), ...(described ? ['Description'] : [])];
  return (
    // A scrolling region must take the keyboard focus, or keyboard users cannot scroll 30+ columns.
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <DataTable
        caption={caption}
        columns={headings}
        rows={columns.map((column, position) => ({ column, position }))}
        rowKey={({ column }) => column.name}
        renderRow={({ column, position }) => (
          <tr>
            <td className="muted">{position + 1}</td>
            <td className="mono">{column.name}</td>
            <td>{columnTypeInWords(column)}</td>
            <td>{categoriesInWords(column)}</td>
            <td className="mono">{column.example === undefined ? '' : String(column.example)}</td>
            {bounded && <td>{boundsInWords(column)}</td>}
            {defaulted && <td className="mono">{column.default === undefined ? '' : String(column.default)}</td>}
            {described && <td>{column.description ?? ''}</td>}
          </tr>
        )}
      />
    </div>
  );
}
