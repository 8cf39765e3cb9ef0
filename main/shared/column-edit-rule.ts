/** Which facts of a table column the wizard may fill in: those the model leaves unknown (the core and the app share the rule). */
import type { TableColumn } from './conversion-schema.ts';

/** What a column means, a number's bounds, a category column's values: the facts a person may add. */
export const EDITABLE_FACTS = ['description', 'minimum', 'maximum', 'values'] as const;
export type EditableFact = (typeof EDITABLE_FACTS)[number];

/**
 * Whether the model leaves `fact` of `column` open: unknown, and meaningful for the column's type.
 * @example isEditable({ name: 'age', type: 'number', tensor: 'X', index: 0 }, 'minimum') // true
 */
export function isEditable(column: TableColumn, fact: EditableFact): boolean {
  if (column[fact] !== undefined || column.file) return false;
  if (fact === 'minimum' || fact === 'maximum') return column.type === 'number' || column.type === 'integer';
  if (fact === 'values') return column.type === 'string';
  return true;
}
