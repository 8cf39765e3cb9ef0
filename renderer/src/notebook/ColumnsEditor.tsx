/**
 * A table model's columns in the Input-and-output step: what the model knows (name, type, known
 * categories or range, meaning) as text, and a field for each fact it leaves open, to fill in.
 */
import { isEditable } from '../../../main/shared/column-edit-rule.ts';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { DataTable } from '../ui/DataTable.tsx';
import { fieldId } from '../ui/Field.tsx';
import type { ColumnEdit } from '../wizard/setup-form.ts';
import { columnEditField, type FieldErrors } from '../wizard/validate.ts';
import { boundsInWords, categoriesInWords, columnTypeInWords } from './notebook-format.ts';

const PLACEHOLDERS = { minimum: 'lowest', maximum: 'highest', values: 'a, b, c', description: undefined };

const HEADINGS = ['#', 'Column', 'Type', 'Categories', 'Range', 'Description'];

interface ColumnsEditorProps {
  /** The columns as the model knows them. */
  columns: readonly TableColumn[];
  edits: Readonly<Record<string, ColumnEdit>>;
  onEdit: (name: string, edit: ColumnEdit) => void;
  errors: FieldErrors;
}

interface CellProps {
  field: string;
  label: string;
  value: string | undefined;
  onValue: (value: string) => void;
  error?: string;
  type?: 'text' | 'number';
  placeholder?: string;
}

/** One open fact's input, named for its column ("Lowest value of age"), its error beside it. */
function EditCell({ field, label, value, onValue, error, type = 'text', placeholder }: CellProps) {
  const id = fieldId(field);
  return (
    <span className="column-edit">
      <input
        id={id}
        type={type}
        step={type === 'number' ? 'any' : undefined}
        aria-label={label}
        placeholder={placeholder}
        value={value ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onValue(event.target.value)}
      />
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </span>
  );
}

export function ColumnsEditor({ columns, edits, onEdit, errors }: ColumnsEditorProps) {
  const caption = `Input columns (${columns.length})`;
  return (
    // A scrolling region must take the keyboard focus, or keyboard users cannot scroll 30+ columns.
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <DataTable
        caption={caption}
        columns={HEADINGS}
        rows={columns.map((column, position) => ({ column, position }))}
        rowKey={({ column }) => column.name}
        renderRow={({ column, position }) => {
          const edit = edits[column.name] ?? {};
          const set = (patch: ColumnEdit) => onEdit(column.name, { ...edit, ...patch });
          const cell = (fact: 'minimum' | 'maximum' | 'values' | 'description', label: string, type?: 'number') => (
            <EditCell
              field={columnEditField(position, fact)}
              label={label}
              type={type}
              value={edit[fact]}
              error={errors[columnEditField(position, fact)]}
              placeholder={PLACEHOLDERS[fact]}
              onValue={(value) => set({ [fact]: value })}
            />
          );
          const bounded = isEditable(column, 'minimum') || isEditable(column, 'maximum');
          return (
            <tr>
              <td className="muted">{position + 1}</td>
              <td className="mono">{column.name}</td>
              <td>{columnTypeInWords(column)}</td>
              <td>{isEditable(column, 'values') ? cell('values', `Categories of ${column.name}`) : categoriesInWords(column)}</td>
              <td>
                {boundsInWords(column)}
                {bounded && (
                  <span className="range-edit">
                    {isEditable(column, 'minimum') && cell('minimum', `Lowest value of ${column.name}`, 'number')}
                    {isEditable(column, 'maximum') && cell('maximum', `Highest value of ${column.name}`, 'number')}
                  </span>
                )}
              </td>
              <td>{isEditable(column, 'description') ? cell('description', `Description of ${column.name}`) : column.description}</td>
            </tr>
          );
        }}
      />
    </div>
  );
}
