/** The Input-and-output step's parts for a table model: its columns (the model's, open facts to fill in) and a regressor's output. */
import { useState } from 'react';
import { EDITABLE_FACTS, isEditable } from '../../../main/shared/column-edit-rule.ts';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import type { ColumnEdit } from '../wizard/setup-form.ts';
import type { FieldErrors } from '../wizard/validate.ts';
import { ColumnsEditor } from './ColumnsEditor.tsx';
import { ColumnsTable } from './ColumnsTable.tsx';

interface TableInputProps {
  columns: readonly TableColumn[];
  edits: Readonly<Record<string, ColumnEdit>>;
  onEdit: (name: string, edit: ColumnEdit) => void;
  errors: FieldErrors;
}

/** A table model's input: its columns as the model knows them (no codec to choose), and what it leaves open to fill in. */
export function TableInput({ columns, edits, onEdit, errors }: TableInputProps) {
  // The fields open on request: three a column would put 90 stops between a 30-column table's neighbours.
  const [editing, setEditing] = useState(() => Object.keys(edits).length > 0);
  const open = columns.some((column) => EDITABLE_FACTS.some((fact) => isEditable(column, fact)));
  return (
    <fieldset>
      <legend>Input: a table of {columns.length} columns</legend>
      <p className="hint">
        Clients send rows by column name (JSON objects) or as CSV with a header row. Names, types and the categories the model knows stay as
        they are; where the model knows nothing, you may add a column&apos;s meaning, a number&apos;s lowest and highest value (the image
        then refuses a value outside them) and a text column&apos;s categories. The API&apos;s description and the try-it page&apos;s form
        show them.
      </p>
      {open && (
        <p>
          <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            Fill in what the model leaves open
          </button>
        </p>
      )}
      {editing ? <ColumnsEditor columns={columns} edits={edits} onEdit={onEdit} errors={errors} /> : <ColumnsTable columns={columns} />}
    </fieldset>
  );
}

/** A regressor answers a number per row: nothing to set. */
export function RegressionOutput() {
  return (
    <fieldset>
      <legend>Output</legend>
      <p>A regressor: each row is answered with a number ({'{"value": …}'}); there are no labels to set.</p>
    </fieldset>
  );
}
