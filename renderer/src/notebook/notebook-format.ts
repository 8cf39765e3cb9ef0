/** How the notebook panels put a conversion's facts in words: differences, versions, where the parity rows came from. */
import type { ConversionRecord, ParityReport, TableColumn } from '../../../main/shared/conversion-schema.ts';

/** 0 -> "0"; 3.2e-7 -> "3.2e-7"; 0.0123 -> "0.0123". Small differences read best as powers of ten. */
export function formatDifference(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) < 1e-3) return value.toExponential(1).replace('.0e', 'e');
  return String(Number(value.toPrecision(3)));
}

/** "scikit-learn 1.9.1", or the library alone when the file does not record its version. */
export function libraryWithVersion(source: ConversionRecord['source']): string {
  return source.library_version ? `${source.library} ${source.library_version}` : `${source.library} (version not recorded in the file)`;
}

/** "skl2onnx 1.20.0, opset ai.onnx 17, ai.onnx.ml 3". */
export function converterInWords(converter: ConversionRecord['converter']): string {
  const opsets = Object.entries(converter.opset).map(([domain, version]) => `${domain || 'ai.onnx'} ${version}`);
  return `${converter.name} ${converter.version}${opsets.length > 0 ? `, opset ${opsets.join(', ')}` : ''}`;
}

export function sampleInWords(parity: ParityReport): string {
  return parity.sample === 'user'
    ? 'taken from your sample file'
    : 'synthesised from what the model knows: its categories, scaler means and scales, tree thresholds';
}

/** A category column's known values, the first few when there are many: "female, male" or "a, b, c, … (40 in all)". */
export function categoriesInWords(column: TableColumn, shown = 8): string {
  const values = column.values ?? [];
  if (values.length === 0) return '';
  if (values.length <= shown) return values.join(', ');
  return `${values.slice(0, shown).join(', ')}, … (${values.length} in all)`;
}

/** A number column's declared bounds, inclusive: "1 to 10", "at least 0", "at most 3", or ''. */
export function boundsInWords(column: Pick<TableColumn, 'minimum' | 'maximum'>): string {
  const { minimum: low, maximum: high } = column;
  if (low !== undefined && high !== undefined) return `${low} to ${high}`;
  if (low !== undefined) return `at least ${low}`;
  return high !== undefined ? `at most ${high}` : '';
}

const TYPE_WORDS: Record<TableColumn['type'], string> = {
  number: 'number',
  integer: 'whole number',
  string: 'text (category)',
  boolean: 'true / false',
};

export function columnTypeInWords(column: TableColumn): string {
  if (column.file) return 'file (a data URL)';
  // A string column is a category where the model knows its values; a Cog str input is free text.
  if (column.type === 'string' && column.values === undefined && column.example === undefined) return 'text';
  return TYPE_WORDS[column.type];
}

/**
 * A column's example as the model keeps it (the converter takes it from the training data: the scaler's
 * centre, the middle split threshold, the first category), else a value its facts make valid (its default,
 * first category, a bound); undefined for a number with none of these.
 */
export function knownExample(column: TableColumn): number | string | boolean | undefined {
  if (column.example !== undefined) return column.example;
  if (column.default !== undefined) return column.default;
  if (column.values?.length) return column.values[0];
  if (column.type === 'boolean') return false;
  if (column.type === 'number' || column.type === 'integer') return column.minimum ?? column.maximum;
  return column.file ? undefined : '';
}

/** An example row by column name, as clients send it: each column's known example, else a value of its type (a call needs one). */
export function exampleRow(columns: readonly TableColumn[]): Record<string, number | string | boolean> {
  return Object.fromEntries(columns.map((column) => [column.name, knownExample(column) ?? (column.type === 'string' ? '' : 0)]));
}

/** The columns of a table input as /metadata describes it (`input: {kind: "table", columns}`), else undefined. */
export function tableColumnsOf(input: { kind: string; columns?: unknown } | undefined): TableColumn[] | undefined {
  if (input?.kind !== 'table' || !Array.isArray(input.columns)) return undefined;
  return input.columns as TableColumn[];
}
