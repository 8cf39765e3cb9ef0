/** The parts of the OpenAPI document for a model that takes a table: each column with its type, example rows, CSV bodies. */
import type { Manifest } from '../../../main/manifest.ts';
import type { TableColumn } from '../../../main/shared/conversion-schema.ts';
import { columnDatatype } from '../../../main/inference/table-v2.ts';
import { stringify } from 'csv-stringify/sync';

type Schema = Record<string, unknown>;

export function tableColumns(manifest: Manifest): TableColumn[] | undefined {
  return manifest.input.kind === 'table' ? manifest.input.columns : undefined;
}

/** JSON Schema of one column's cell. */
function cellSchema(column: TableColumn): Schema {
  const example = column.example !== undefined ? { examples: [column.example] } : {};
  switch (column.type) {
    case 'number':
      return {
        type: ['number', 'null'],
        description: `${column.name}: a number; null for a gap, which the model's imputer fills`,
        ...example,
      };
    case 'integer':
      return { type: 'integer', description: `${column.name}: an integer`, ...example };
    case 'boolean':
      return { type: 'boolean', description: `${column.name}: true or false`, ...example };
    default:
      return {
        type: 'string',
        ...(column.values?.length ? { enum: column.values } : {}),
        description: column.values?.length
          ? `${column.name}: a category the model learnt; another value is passed to the model as it is, and its encoder decides (one that ignores unknown values treats it as none of them)`
          : `${column.name}: text`,
        ...example,
      };
  }
}

/** A typical value of a column: its example, else its first category, else a zero. */
function exampleCell(column: TableColumn): string | number | boolean {
  if (column.example !== undefined) return column.example;
  if (column.type === 'string') return column.values?.[0] ?? '';
  return column.type === 'boolean' ? false : 0;
}

/** Schema of one row: an object by column name (every column, no other), or an array in column order. */
export function rowSchema(columns: TableColumn[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const column of columns) properties[column.name] = cellSchema(column);
  return {
    oneOf: [
      { type: 'object', title: 'Row by column name', properties, required: columns.map((c) => c.name), additionalProperties: false },
      {
        type: 'array',
        title: 'Row in column order',
        prefixItems: columns.map(cellSchema),
        items: false,
        minItems: columns.length,
        maxItems: columns.length,
      },
    ],
    description: `One row of the table: ${columns.length} column(s)`,
  };
}

/** An example row by column name, from the columns' examples. */
export function exampleRow(columns: TableColumn[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c.name, exampleCell(c)]));
}

/** The text/csv request body: a header row, then rows. */
export function csvRequestBody(columns: TableColumn[]): Schema {
  return {
    schema: {
      type: 'string',
      contentMediaType: 'text/csv',
      description:
        'A header row naming the columns (in any order; other columns are allowed, ignored and sent back in a CSV answer), then one row per prediction. RFC 4180 quoting, CRLF or LF, an optional UTF-8 BOM. An empty number cell (or NaN) is a gap; booleans as true/false or 1/0.',
    },
    example: stringify([columns.map((c) => c.name), columns.map((c) => String(exampleCell(c)))], { record_delimiter: 'windows' }),
  };
}

/** The text/csv answer (sent with `Accept: text/csv`): the request's columns, then the prediction's. */
export function csvAnswerBody(manifest: Manifest): Schema {
  const added = manifest.labels?.length
    ? `label, score, then p(<class>) for each class (${manifest.labels.map((l) => `p(${l})`).join(', ')})`
    : manifest.task === 'regression'
      ? 'value (value[0], value[1], ... for several targets)'
      : 'one column per output, as JSON';
  return {
    schema: {
      type: 'string',
      contentMediaType: 'text/csv',
      description: `With Accept: text/csv: the request's columns as sent, then ${added}; one line per row, RFC 4180, CRLF.`,
    },
  };
}

/** V2 request example: one input per column, one row. */
export function v2ColumnsExample(manifest: Manifest, columns: TableColumn[]): unknown {
  return {
    id: 'example-1',
    inputs: columns.map((c) => ({ name: c.name, shape: [1, 1], datatype: columnDatatype(manifest, c), data: [exampleCell(c)] })),
  };
}
