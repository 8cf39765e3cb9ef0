/**
 * The wizard's edits of a table model's columns: only the facts the model leaves unknown (what a column
 * means, a number's bounds, a category column's values) may be filled in; the rest is the model's.
 */
import { CraneError } from '../errors.ts';
import { EDITABLE_FACTS, isEditable, type EditableFact } from '../shared/column-edit-rule.ts';
import type { TableColumn } from '../shared/conversion-schema.ts';

function refuse(column: TableColumn, message: string): never {
  throw new CraneError('USAGE', `column "${column.name}": ${message}`);
}

const FACT_WORDS: Partial<Record<keyof TableColumn, string>> = {
  minimum: 'lowest value',
  maximum: 'highest value',
  values: 'categories',
  tensor: 'model input',
  index: 'place in the model input',
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The example kept valid: a category the column now lists, a number inside its bounds. */
function fittedExample(column: TableColumn): TableColumn['example'] {
  const { example, values, minimum, maximum } = column;
  if (values?.length && (typeof example !== 'string' || !values.includes(example))) return values[0];
  if (typeof example !== 'number') return example;
  const low = minimum ?? -Infinity;
  const high = maximum ?? Infinity;
  return Math.min(high, Math.max(low, example));
}

function edited(base: TableColumn, given: TableColumn): TableColumn {
  const column: TableColumn = { ...base };
  for (const [key, value] of Object.entries(given) as [keyof TableColumn, unknown][]) {
    if (key === 'example' || same(base[key], value)) continue;
    if (!(EDITABLE_FACTS as readonly string[]).includes(key) || !isEditable(base, key as EditableFact))
      refuse(base, `the model fixes its ${FACT_WORDS[key] ?? key}`);
    if (value !== undefined) Object.assign(column, { [key]: value });
  }
  if (column.description !== undefined && column.description.trim() === '') delete column.description;
  if (column.minimum !== undefined && column.maximum !== undefined && column.minimum > column.maximum)
    refuse(base, `the lowest value (${column.minimum}) is above the highest (${column.maximum})`);
  if (column.type === 'integer' && [column.minimum, column.maximum].some((bound) => bound !== undefined && !Number.isInteger(bound)))
    refuse(base, 'a whole-number column takes whole-number bounds');
  if (column.values !== undefined) {
    const values = column.values.map((value) => value.trim()).filter((value) => value !== '');
    if (new Set(values).size !== values.length) refuse(base, 'each category once');
    if (values.length === 0) delete column.values;
    else column.values = values;
  }
  const example = fittedExample(column);
  return example === undefined ? column : { ...column, example };
}

/**
 * `base` (the model's columns) with what `given` fills in; a column renamed, added, dropped or moved, or
 * a fact the model knows changed, is refused naming it.
 * @example editColumns([{name: 'age', type: 'number', tensor: 'X', index: 0}], [{name: 'age', type: 'number', tensor: 'X', index: 0, minimum: 0}])
 */
export function editColumns(base: readonly TableColumn[], given: readonly TableColumn[]): TableColumn[] {
  if (given.length !== base.length || given.some((column, i) => column.name !== base[i]!.name))
    throw new CraneError('USAGE', `the model takes these ${base.length} columns in this order: ${base.map((c) => c.name).join(', ')}`);
  return base.map((column, i) => edited(column, given[i]!));
}
