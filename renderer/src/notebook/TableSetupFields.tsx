/** The Input-and-output step's parts for a table model: its columns (fixed by the model) and a regressor's output. */
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { ColumnsTable } from './ColumnsTable.tsx';

/** A table model's input: its columns, fixed by the model (no codec to choose). */
export function TableInput({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <fieldset>
      <legend>Input: a table of {columns.length} columns</legend>
      <p className="hint">
        Clients send rows by column name (JSON objects) or as CSV with a header row. The columns come from the model and stay as they are.
      </p>
      <ColumnsTable columns={columns} />
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
