/**
 * A table row as a form holds it (what the person typed, by column name) and as /predict takes it:
 * numbers typed as text become JSON numbers, an empty number a gap (null), a left-out optional cell no key.
 */
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { knownExample } from '../notebook/notebook-format.ts';

/** A form's values by column name: text for number, integer and string fields, true/false for a checkbox. */
export type FormRow = Record<string, string | boolean>;

/** A cell of a JSON instance, as the model server reads it. */
export type InstanceCell = number | string | boolean | null;

/** A value of a known row (an example, a CSV cell) as the form field holds it. */
function formValue(column: TableColumn, value: unknown): string | boolean {
  if (column.type === 'boolean') return value === true || (typeof value === 'string' && /^(true|1)$/i.test(value.trim())) || value === 1;
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * A row by column name (an example row, a CSV row) as the form shows it.
 * @example formRowOf(columns, { age: 33.5, alone: true }) // { age: '33.5', alone: true }
 */
export function formRowOf(columns: readonly TableColumn[], row: Readonly<Record<string, unknown>>): FormRow {
  return Object.fromEntries(columns.map((column) => [column.name, formValue(column, row[column.name])]));
}

/**
 * A number typed or read as text: a JSON number when it is one, null for a gap (empty, NaN), else the
 * text itself, so the model server refuses it in its own words (the one place its rules live).
 */
export function numberCell(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '' || /^nan$/i.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : text;
}

/** May the column be left out of an instance (the server then gives the model its default, or None)? */
function mayBeLeftOut(column: TableColumn): boolean {
  return column.default !== undefined || column.optional === true;
}

/**
 * The JSON instance of a form row, by column name, as /predict takes it.
 * @example instanceOf(columns, { age: '33.5', sex: 'female', alone: true }) // { age: 33.5, sex: 'female', alone: true }
 */
export function instanceOf(columns: readonly TableColumn[], row: Readonly<FormRow>): Record<string, InstanceCell> {
  const instance: Record<string, InstanceCell> = {};
  for (const column of columns) {
    const value = row[column.name];
    if (column.type === 'boolean') {
      instance[column.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    if (text.trim() === '' && mayBeLeftOut(column)) continue;
    instance[column.name] = column.type === 'number' || column.type === 'integer' ? numberCell(text) : text;
  }
  return instance;
}

/**
 * The example row the form fills in: each column's own example where the model has one. Nothing is made
 * up: a number column with neither an example nor a bound is left empty and named in `unknown`.
 * @example exampleFormRow([{ name: 'age', type: 'number', tensor: 'X', index: 0, example: 33.5 }]) // { row: { age: '33.5' }, unknown: [] }
 */
export function exampleFormRow(columns: readonly TableColumn[]): { row: FormRow; unknown: string[] } {
  const unknown: string[] = [];
  const example: Record<string, unknown> = {};
  for (const column of columns) {
    const value = knownExample(column);
    if (value === undefined) unknown.push(column.name);
    example[column.name] = value;
  }
  return { row: formRowOf(columns, example), unknown };
}
