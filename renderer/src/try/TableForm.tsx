/**
 * One field per column of a table model, each named by the column's own name (its type, range and
 * categories as the field's description): the Test window's and the page's form, and the wizard's preview.
 */
import type { ReactNode } from 'react';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { boundsInWords, categoriesInWords, columnTypeInWords } from '../notebook/notebook-format.ts';
import type { FormRow } from './table-row.ts';

export interface TableFormProps {
  columns: readonly TableColumn[];
  /** The values shown, by column name (see table-row.ts: `formRowOf`, and `instanceOf` to send them). */
  row: FormRow;
  onChange: (row: FormRow) => void;
  /** Keeps the fields' ids apart when two forms share a page. */
  idPrefix?: string;
  /** Shown under the fields: the caller's buttons (Example row, Predict). */
  children?: ReactNode;
}

/** "number, 0 to 10", "text (category): female, male", with the column's own description after it. */
function describe(column: TableColumn): string {
  const known = column.type === 'string' ? categoriesInWords(column) : boundsInWords(column);
  const parts = [known ? `${columnTypeInWords(column)}: ${known}` : columnTypeInWords(column)];
  if (column.optional || column.default !== undefined)
    parts.push(column.default !== undefined ? `default ${column.default}` : 'may be left empty');
  if (column.description) parts.push(column.description);
  return parts.join('; ');
}

function Field({
  column,
  id,
  value,
  onValue,
}: {
  column: TableColumn;
  id: string;
  value: string | boolean | undefined;
  onValue: (value: string | boolean) => void;
}) {
  const described = `${id}-about`;
  const about = (
    <span id={described} className="hint">
      {describe(column)}
    </span>
  );
  if (column.type === 'boolean') {
    return (
      <div className="field table-field">
        <span className="field checkbox">
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            aria-describedby={described}
            onChange={(event) => onValue(event.target.checked)}
          />
          <label htmlFor={id}>{column.name}</label>
        </span>
        {about}
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  const known = column.type === 'string' && !column.file ? column.values : undefined;
  return (
    <div className="field table-field">
      <label htmlFor={id}>{column.name}</label>
      {known && known.length > 0 ? (
        <select id={id} value={text} aria-describedby={described} onChange={(event) => onValue(event.target.value)}>
          {/* A value outside the known categories (typed elsewhere, or none yet) stays shown rather than silently changed. */}
          {!known.includes(text) && <option value={text}>{text}</option>}
          {known.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      ) : column.type === 'number' || column.type === 'integer' ? (
        <input
          id={id}
          type="number"
          inputMode={column.type === 'integer' ? 'numeric' : 'decimal'}
          step={column.type === 'integer' ? 1 : 'any'}
          min={column.minimum}
          max={column.maximum}
          value={text}
          aria-describedby={described}
          onChange={(event) => onValue(event.target.value)}
        />
      ) : (
        <input id={id} type="text" value={text} aria-describedby={described} onChange={(event) => onValue(event.target.value)} />
      )}
      {about}
    </div>
  );
}

export function TableForm({ columns, row, onChange, idPrefix = 'column', children }: TableFormProps) {
  return (
    <div className="table-form">
      <div className="grid">
        {columns.map((column, i) => (
          <Field
            key={column.name}
            column={column}
            id={`${idPrefix}-${i}`}
            value={row[column.name]}
            onValue={(value) => onChange({ ...row, [column.name]: value })}
          />
        ))}
      </div>
      {children}
    </div>
  );
}
