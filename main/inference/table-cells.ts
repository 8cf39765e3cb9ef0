/**
 * One cell of a table, read as its column's type says (from JSON or from CSV text) and written
 * into the model input's typed array at the column's place. The one set of rules for every route.
 */
import { InputError } from '../errors.ts';
import type { DType } from '../manifest.ts';
import type { ColumnType, TableColumn } from '../shared/conversion-schema.ts';
import type { TensorData } from '../formats/types.ts';
import { INTEGER_RANGE } from './tensor-from-json.ts';

/** Where a cell came from: JSON keeps its types; CSV cells are all text. */
export type CellSource = 'json' | 'csv';

export type CellValue = number | string | boolean;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_A_NUMBER = /^nan$/i;

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return JSON.stringify(value)?.slice(0, 40) ?? typeof value;
}

function refuse(column: TableColumn, wants: string, value: unknown): never {
  throw new InputError(`column "${column.name}" expects ${wants}, got ${shown(value)}`);
}

/** A number from JSON (null: a gap) or from CSV text (empty or "NaN": a gap), NaN for a gap. */
function readNumber(column: TableColumn, value: unknown, source: CellSource): number {
  const integer = column.type === 'integer';
  const wants = integer ? 'an integer' : 'a number';
  let number: number;
  if (typeof value === 'number') number = value;
  else if (value === null && source === 'json') number = Number.NaN;
  else if (typeof value === 'string' && source === 'csv') {
    const text = value.trim();
    if (text === '' || NOT_A_NUMBER.test(text)) number = Number.NaN;
    else if (DECIMAL.test(text)) number = Number(text);
    else refuse(column, wants, value);
  } else refuse(column, wants, value);
  if (Number.isNaN(number)) {
    // Imputers fill gaps in number columns; an integer column has no way to say "missing".
    if (integer) refuse(column, `${wants} (it cannot be empty)`, value);
    return number;
  }
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) refuse(column, wants, value);
  // Bounds the manifest declares (a Cog signature's, or filled in in the wizard), as the Python runtime's cells.py checks them.
  if (column.minimum !== undefined && number < column.minimum)
    throw new InputError(`column "${column.name}" must be at least ${column.minimum}, got ${shown(value)}`);
  if (column.maximum !== undefined && number > column.maximum)
    throw new InputError(`column "${column.name}" must be at most ${column.maximum}, got ${shown(value)}`);
  return number;
}

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

function readBoolean(column: TableColumn, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
  }
  return refuse(column, 'true or false', value);
}

/**
 * A cell's value as its column's type says; an InputError naming the column and the value otherwise.
 * A string column takes any string: an unknown category goes to the model, whose encoder decides.
 * @example readCell({ name: 'age', type: 'number', tensor: 'X', index: 0 }, '', 'csv') // NaN
 */
export function readCell(column: TableColumn, value: unknown, source: CellSource): CellValue {
  const type: ColumnType = column.type;
  if (type === 'number' || type === 'integer') return readNumber(column, value, source);
  if (type === 'boolean') return readBoolean(column, value);
  if (typeof value !== 'string') refuse(column, 'a string', value);
  return value;
}

/** Writes a cell's value at `offset` of a tensor of `dtype`, converting as the model input needs. */
export function writeCell(column: TableColumn, dtype: DType, data: TensorData, offset: number, value: CellValue): void {
  if (dtype === 'string') {
    (data as string[])[offset] = String(value);
    return;
  }
  const number = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (typeof number === 'string')
    throw new InputError(`column "${column.name}" is text, but the model input "${column.tensor}" takes ${dtype}`);
  if (dtype === 'bool') {
    (data as Uint8Array)[offset] = number ? 1 : 0;
    return;
  }
  const range = INTEGER_RANGE[dtype];
  if (range) {
    if (!Number.isInteger(number) || number < range[0] || number > range[1])
      throw new InputError(`column "${column.name}" goes to the model's ${dtype} input "${column.tensor}", which cannot hold ${number}`);
    if (dtype === 'int64' || dtype === 'uint64') {
      (data as BigInt64Array)[offset] = BigInt(number);
      return;
    }
  }
  (data as Float32Array)[offset] = number;
}

/** An empty typed array (or string list) of `size` values of `dtype`. */
export function allocate(dtype: DType, size: number): TensorData {
  switch (dtype) {
    case 'string':
      return new Array<string>(size).fill('');
    case 'bool':
    case 'uint8':
      return new Uint8Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int8':
      return new Int8Array(size);
    case 'int16':
      return new Int16Array(size);
    case 'uint16':
      return new Uint16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint32':
      return new Uint32Array(size);
    case 'int64':
      return new BigInt64Array(size);
    case 'uint64':
      return new BigUint64Array(size);
    default:
      // float32, and float16 (held as float32 until the runtime; see half-float.ts).
      return new Float32Array(size);
  }
}

/** Reads a cell and writes it at `offset` of a model input's data. */
export type CellWriter = (data: TensorData, offset: number, value: unknown, source: CellSource) => void;

/**
 * The writer of one column into its model input: a finite JSON number into a float input goes
 * straight in (the common case, 30 of them a row for a numeric table); anything else through
 * readCell and writeCell.
 */
export function cellWriter(column: TableColumn, dtype: DType): CellWriter {
  const general: CellWriter = (data, offset, value, source) => writeCell(column, dtype, data, offset, readCell(column, value, source));
  const bounded = column.minimum !== undefined || column.maximum !== undefined;
  if (column.type !== 'number' || bounded || (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16')) return general;
  return (data, offset, value, source) => {
    if (typeof value === 'number' && Number.isFinite(value)) (data as Float32Array)[offset] = value;
    else general(data, offset, value, source);
  };
}
