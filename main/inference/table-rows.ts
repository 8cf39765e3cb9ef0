/**
 * Rows of a table → samples: each column's cell goes to its model input at its index. A row is a
 * named object (`{"mean radius": 17.99, ...}`), an array in column order, or a CSV record. The one
 * place every route and the CLI turn rows into tensors.
 */
import { InputError, ManifestError } from '../errors.ts';
import type { Manifest, TensorSpec } from '../manifest.ts';
import type { TableColumn } from '../shared/conversion-schema.ts';
import { describeShape, withShape, type Sample, type SampleShape } from './batch.ts';
import { allocate, cellWriter, type CellSource, type CellWriter } from './table-cells.ts';

/** One model input fed by columns: its per-row shape and size, and the columns that go to it. */
interface TableInput {
  spec: TensorSpec;
  dims: number[];
  size: number;
}

/** A column with its input and its writer, found once. */
interface PlacedColumn {
  column: TableColumn;
  input: TableInput;
  write: CellWriter;
}

/** At most this many names in one message; the rest are counted. */
const MAX_NAMES = 20;

/** Names in quotes, at most MAX_NAMES of them: `"a", "b" and 3 more`. */
export function quoted(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).map((n) => JSON.stringify(n.length > 100 ? `${n.slice(0, 100)}…` : n));
  return names.length > MAX_NAMES ? `${shown.join(', ')} and ${names.length - MAX_NAMES} more` : shown.join(', ');
}

/**
 * What is wrong with a row's column names, in one line: `missing column "sex"; unknown column "Sex"`.
 * @example namesProblem(['sex'], ['Sex']) // 'missing column "sex"; unknown column "Sex"'
 */
export function namesProblem(missing: string[], unknown: string[]): string {
  const parts: string[] = [];
  if (missing.length) parts.push(`missing column${missing.length > 1 ? 's' : ''} ${quoted(missing)}`);
  if (unknown.length) parts.push(`unknown column${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}`);
  return parts.join('; ');
}

export class TableRows {
  readonly columns: readonly TableColumn[];
  private readonly inputs: TableInput[];
  private readonly placed: PlacedColumn[];
  private readonly known: Set<string>;
  /** Every row's sample has this shape: worked out once, not per row. */
  private readonly rowShape: SampleShape;

  /** `sampleShape` gives an input's per-row shape (the Predictor's, without the batch axis). */
  constructor(manifest: Manifest, sampleShape: (spec: TensorSpec) => number[]) {
    if (manifest.input.kind !== 'table') throw new ManifestError(`model "${manifest.name}" does not take a table`);
    this.columns = manifest.input.columns;
    this.known = new Set(this.columns.map((c) => c.name));
    const specs = manifest.signature.inputs;
    this.inputs = specs.map((spec) => {
      const width = Math.max(0, ...this.columns.filter((c) => c.tensor === spec.name).map((c) => c.index + 1));
      const shape = sampleShape(spec);
      // A dynamic last axis is as wide as the columns that go to it.
      const dims = shape.map((d, i) => (d >= 0 ? d : i === shape.length - 1 ? width : 1));
      const size = dims.reduce((a, b) => a * b, 1);
      // Columns go along the last axis; a row must not need any other.
      const last = dims.at(-1) ?? 1;
      if (size !== last || width > last)
        throw new ManifestError(`input "${spec.name}" of shape [${spec.shape.join(', ')}] cannot take one row of columns`);
      return { spec, dims, size };
    });
    this.placed = this.columns.map((column) => {
      const input = this.inputs.find((i) => i.spec.name === column.tensor)!;
      return { column, input, write: cellWriter(column, input.spec.dtype) };
    });
    this.rowShape = describeShape(this.rowTensors());
  }

  /** The column of this name, if the table has it. */
  column(name: string): TableColumn | undefined {
    return this.known.has(name) ? this.columns.find((c) => c.name === name) : undefined;
  }

  /** Empty tensors for `rows` rows, one per model input, with a batch axis. */
  private empty(rows: number): Sample {
    const sample: Sample = {};
    for (const { spec, dims, size } of this.inputs) {
      sample[spec.name] = { dtype: spec.dtype, dims: [rows, ...dims], data: allocate(spec.dtype, size * rows) };
    }
    return sample;
  }

  /** Empty tensors for one row, one per model input, in the sample shape. */
  private rowTensors(): Sample {
    const sample: Sample = {};
    for (const { spec, dims, size } of this.inputs) sample[spec.name] = { dtype: spec.dtype, dims, data: allocate(spec.dtype, size) };
    return sample;
  }

  /** An empty row's sample, its shape recorded for the batcher. */
  private emptyRow(): Sample {
    return withShape(this.rowTensors(), this.rowShape);
  }

  /** Reads a column's cell and writes it at the column's place in row `row` of the tensors. */
  private write(tensors: Sample, placed: PlacedColumn, value: unknown, source: CellSource, row = 0): void {
    placed.write(tensors[placed.input.spec.name]!.data, row * placed.input.size + placed.column.index, value, source);
  }

  /**
   * Batched model inputs from whole columns (`values(name)` holds `rows` cells of that column), as
   * V2 requests send one input per column. A bad cell's error names its row.
   */
  feedsFromColumns(values: (name: string) => readonly unknown[], rows: number): Sample {
    const feeds = this.empty(rows);
    for (const placed of this.placed) {
      const cells = values(placed.column.name);
      for (let row = 0; row < rows; row++) {
        try {
          this.write(feeds, placed, cells[row], 'json', row);
        } catch (error) {
          if (error instanceof InputError) throw new InputError(`row ${row}: ${error.message}`);
          throw error;
        }
      }
    }
    return feeds;
  }

  /**
   * One sample from a JSON instance: an object by column name (every column, no other), or an array
   * of one value per column in the manifest's order.
   */
  sampleFromInstance(instance: unknown): Sample {
    if (Array.isArray(instance)) return this.sampleFromArray(instance, 'json');
    if (typeof instance !== 'object' || instance === null) {
      throw new InputError(
        `each instance must be an object by column name (${quoted(this.columns.map((c) => c.name))}), or an array of ${this.columns.length} values in that order`,
      );
    }
    const record = instance as Record<string, unknown>;
    let present = 0;
    for (const { column } of this.placed) if (Object.hasOwn(record, column.name)) present++;
    if (present !== this.columns.length || Object.keys(record).length !== present) {
      const missing = this.columns.filter((c) => !Object.hasOwn(record, c.name)).map((c) => c.name);
      const unknown = Object.keys(record).filter((name) => !this.known.has(name));
      throw new InputError(namesProblem(missing, unknown));
    }
    const sample = this.emptyRow();
    for (const placed of this.placed) this.write(sample, placed, record[placed.column.name], 'json');
    return sample;
  }

  /** One sample from values in column order. */
  sampleFromArray(values: readonly unknown[], source: CellSource): Sample {
    if (values.length !== this.columns.length) {
      throw new InputError(
        `an instance given as an array needs ${this.columns.length} values, one per column in order (${quoted(this.columns.map((c) => c.name))}); got ${values.length}`,
      );
    }
    const sample = this.emptyRow();
    this.placed.forEach((placed, i) => this.write(sample, placed, values[i], source));
    return sample;
  }

  /**
   * Where each column is in a CSV header (extra header columns are allowed and ignored, as a table
   * exported whole carries ids and targets); a missing column is an InputError naming it.
   */
  csvPositions(header: readonly string[]): number[] {
    const at = new Map<string, number>();
    header.forEach((name, i) => {
      if (!at.has(name)) at.set(name, i);
    });
    const missing = this.columns.filter((c) => !at.has(c.name)).map((c) => c.name);
    if (missing.length > 0) {
      const unknown = header.filter((name) => !this.known.has(name));
      const also = unknown.length ? ` (it has ${quoted(unknown)}, which the model does not know)` : '';
      throw new InputError(`the CSV header has no column${missing.length > 1 ? 's' : ''} ${quoted(missing)}${also}`);
    }
    return this.columns.map((c) => at.get(c.name)!);
  }

  /** The columns whose cell in `sample` is a gap (NaN: null in JSON, an empty CSV cell), in column order. */
  gapsIn(sample: Sample): string[] {
    return this.placed
      .filter(({ input, column }) => {
        const data = sample[input.spec.name]?.data;
        return data instanceof Float32Array || data instanceof Float64Array ? Number.isNaN(data[column.index]) : false;
      })
      .map(({ column }) => column.name);
  }

  /** One sample from a CSV record, its cells found by `positions` (csvPositions). */
  sampleFromRecord(record: readonly string[], positions: readonly number[]): Sample {
    const sample = this.emptyRow();
    this.placed.forEach((placed, i) => this.write(sample, placed, record[positions[i]!], 'csv'));
    return sample;
  }
}
