/** The V2 protocol's tensors for a table: one input per column, JSON or binary, and outputs read back. */
import { expect } from 'vitest';
import { v2InferResponseSchema, type V2Datatype } from '../../main/shared/http-contract.ts';
import type { Json } from '../runtime/helpers.ts';
import { classAnswer, expectNear, valuesOf } from './answers.ts';
import type { ExpectedColumn, Expectations } from './expectations-schema.ts';

/** The datatype a client sends for a column's type (numbers as FP64: no precision lost on the way). */
export const COLUMN_DATATYPE: Record<ExpectedColumn['type'], V2Datatype> = {
  string: 'BYTES',
  integer: 'INT64',
  number: 'FP64',
  boolean: 'BOOL',
};

/** The datatypes a server may declare for a column's type in its V2 model metadata. */
export const DECLARED_DATATYPES: Record<ExpectedColumn['type'], V2Datatype[]> = {
  string: ['BYTES'],
  integer: ['INT8', 'INT16', 'INT32', 'INT64'],
  number: ['FP16', 'FP32', 'FP64'],
  boolean: ['BOOL'],
};

export interface V2Input {
  name: string;
  shape: number[];
  datatype: V2Datatype;
  data: unknown[];
}

/** One input per column holding the rows at `indices`. */
export function columnInputs(e: Expectations, indices: number[]): V2Input[] {
  return e.columns.map((column) => ({
    name: column.name,
    shape: [indices.length],
    datatype: COLUMN_DATATYPE[column.type],
    data: indices.map((i) => e.rows[i]![column.name]),
  }));
}

/** A tensor's data as the binary extension carries it: little-endian, strings with a 4-byte length. */
export function encodeBinary(input: V2Input): Buffer {
  switch (input.datatype) {
    case 'BYTES':
      return Buffer.concat(
        input.data.map((value) => {
          const text = Buffer.from(String(value), 'utf8');
          const length = Buffer.alloc(4);
          length.writeUInt32LE(text.length);
          return Buffer.concat([length, text]);
        }),
      );
    case 'INT64':
      return Buffer.from(new BigInt64Array(input.data.map((v) => BigInt(v as number))).buffer);
    case 'FP64':
      return Buffer.from(new Float64Array(input.data as number[]).buffer);
    case 'BOOL':
      return Buffer.from(input.data.map((v) => (v ? 1 : 0)));
    default:
      throw new Error(`no binary encoding here for ${input.datatype}`);
  }
}

/** Reads a binary output back into plain values. */
export function decodeBinary(datatype: string, bytes: Buffer): unknown[] {
  const copy = new Uint8Array(bytes).buffer;
  switch (datatype) {
    case 'FP32':
      return [...new Float32Array(copy)];
    case 'FP64':
      return [...new Float64Array(copy)];
    case 'INT64':
      return [...new BigInt64Array(copy)].map(Number);
    case 'BYTES': {
      const values: string[] = [];
      for (let at = 0; at < bytes.length;) {
        const length = bytes.readUInt32LE(at);
        values.push(bytes.subarray(at + 4, at + 4 + length).toString('utf8'));
        at += 4 + length;
      }
      return values;
    }
    default:
      throw new Error(`no binary decoding here for ${datatype}`);
  }
}

/**
 * A V2 answer equals the library's for the rows at `indices`: a classifier's "label" output and its
 * "probabilities" [N, classes]; a regressor's one output, a value per row and target.
 */
export function expectV2Answer(body: Json, e: Expectations, indices: number[]): void {
  const answer = v2InferResponseSchema.parse(body);
  expect(answer.model_name).toBe(e.model.name);
  if (e.task === 'classification') {
    const labels = answer.outputs.find((o) => o.name === 'label');
    const probabilities = answer.outputs.find((o) => o.name === 'probabilities');
    expect(labels?.data, 'output "label"').toEqual(indices.map((i) => classAnswer(e, i).label));
    expect(probabilities?.shape, 'output "probabilities"').toEqual([indices.length, e.classes!.length]);
    indices.forEach((i, j) =>
      classAnswer(e, i).probabilities.forEach((p, c) =>
        expectNear(probabilities!.data[j * e.classes!.length + c], p, e.tolerance, `row ${i} p(${e.classes![c]})`),
      ),
    );
  } else {
    expect(answer.outputs).toHaveLength(1);
    const wanted = indices.flatMap((i) => valuesOf(e, i));
    expect(answer.outputs[0]!.data).toHaveLength(wanted.length);
    wanted.forEach((v, k) => expectNear(answer.outputs[0]!.data[k], v, e.tolerance, `value ${k}`));
  }
}
