/**
 * A table over the Open Inference Protocol (KServe V2), as Triton and KServe serve tabular models:
 * one input per column, named by the column, of shape [N] or [N, 1], with the datatype its type
 * takes. The model metadata lists the columns the same way.
 */
import { InputError } from '../errors.ts';
import type { Manifest } from '../manifest.ts';
import type { ColumnType, TableColumn } from '../shared/conversion-schema.ts';
import type { V2Datatype, V2InferRequest } from '../shared/http-contract.ts';
import { v2Datatype } from '../shared/v2-types.ts';
import type { Sample } from './batch.ts';
import { namesProblem, type TableRows } from './table-rows.ts';

type V2Input = V2InferRequest['inputs'][number];

const NUMERIC: readonly V2Datatype[] = ['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64'];

/** The datatypes a column of each type accepts. */
export function columnDatatypes(type: ColumnType): readonly V2Datatype[] {
  if (type === 'string') return ['BYTES'];
  if (type === 'boolean') return ['BOOL'];
  return NUMERIC;
}

/** The datatype a column is described with: its model input's, when that is a number type. */
export function columnDatatype(manifest: Manifest, column: TableColumn): V2Datatype {
  if (column.type === 'string') return 'BYTES';
  if (column.type === 'boolean') return 'BOOL';
  const dtype = manifest.signature.inputs.find((s) => s.name === column.tensor)?.dtype;
  const own = dtype ? v2Datatype(dtype) : undefined;
  return own && NUMERIC.includes(own) ? own : column.type === 'integer' ? 'INT64' : 'FP64';
}

/** The V2 model metadata's inputs of a table: one per column, shape [-1, 1]. */
export function columnMetadata(manifest: Manifest): { name: string; datatype: V2Datatype; shape: number[] }[] {
  if (manifest.input.kind !== 'table') return [];
  return manifest.input.columns.map((column) => ({ name: column.name, datatype: columnDatatype(manifest, column), shape: [-1, 1] }));
}

/** The rows of one column input: its shape must be [N] or [N, 1]; nested rows ([[1], [2]]) are flattened. */
function rowsOf(input: V2Input): { count: number; cells: unknown[] } {
  const [count, width] = input.shape;
  if (count === undefined || input.shape.length > 2 || (width !== undefined && width !== 1)) {
    throw new InputError(`column "${input.name}" has shape [${input.shape.join(', ')}]; send a column as [N] or [N, 1]`);
  }
  const cells = input.data.length > 0 && Array.isArray(input.data[0]) ? input.data.flat(1) : input.data;
  if (cells.length !== count)
    throw new InputError(`column "${input.name}" has ${cells.length} values but shape [${input.shape.join(', ')}]`);
  return { count, cells };
}

/**
 * Batched model inputs from a V2 request that sends one input per column: every column once, all
 * with the same number of rows; a missing column, a wrong datatype or a bad cell is an InputError.
 */
export function feedsFromColumnInputs(table: TableRows, inputs: readonly V2Input[]): Sample {
  const columns = new Map<string, unknown[]>();
  let rows: number | undefined;
  for (const input of inputs) {
    const column = table.column(input.name)!;
    if (columns.has(column.name)) throw new InputError(`column "${column.name}" is given twice`);
    const accepted = columnDatatypes(column.type);
    if (!accepted.includes(input.datatype)) {
      throw new InputError(`column "${column.name}" (${column.type}) has datatype ${input.datatype}; send ${accepted.join(' or ')}`);
    }
    const { count, cells } = rowsOf(input);
    if (rows !== undefined && count !== rows)
      throw new InputError(`the columns disagree on the number of rows: "${column.name}" has ${count}, others ${rows}`);
    rows = count;
    columns.set(column.name, cells);
  }
  const missing = table.columns.filter((c) => !columns.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new InputError(namesProblem(missing, []));
  if (!rows) throw new InputError('the batch is empty: send at least one row');
  return table.feedsFromColumns((name) => columns.get(name)!, rows);
}
