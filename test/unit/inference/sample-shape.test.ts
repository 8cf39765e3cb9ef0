/** A sample's shape (its batching key and bytes): recorded once for a table's rows, and always what its tensors say. */
import { describe, expect, it } from 'vitest';
import {
  describeShape,
  sampleKey,
  sampleShapeOf,
  shapeOf,
  splitSamples,
  stackSamples,
  type Sample,
} from '../../../main/inference/batch.ts';
import { TableRows } from '../../../main/inference/table-rows.ts';
import { parseManifest } from '../../../main/manifest.ts';

const manifest = parseManifest({
  schema_version: 1,
  name: 'mixed',
  version: '1.0.0',
  format: 'onnx',
  model: { entry: 'model.onnx', files: [{ path: 'model.onnx', sha256: 'a'.repeat(64), bytes: 1 }] },
  signature: {
    inputs: [
      { name: 'sex', dtype: 'string', shape: [-1, 1] },
      { name: 'numbers', dtype: 'float32', shape: [-1, 2] },
    ],
    outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 2] }],
  },
  input: {
    kind: 'table',
    columns: [
      { name: 'sex', type: 'string', tensor: 'sex', index: 0 },
      { name: 'age', type: 'number', tensor: 'numbers', index: 0 },
      { name: 'fare', type: 'number', tensor: 'numbers', index: 1 },
    ],
  },
});
const table = new TableRows(manifest, (spec) => sampleShapeOf(manifest.signature.inputs, spec));

describe("a sample's shape", () => {
  it('of a table row, from a named row, an array or a CSV record, is what its tensors say', () => {
    const rows = [
      table.sampleFromInstance({ sex: 'female', age: 33.5, fare: 5.14 }),
      table.sampleFromArray(['male', 20, 7.25], 'json'),
      table.sampleFromRecord(['9', 'male', '41', '8.05'], [1, 2, 3]),
    ];
    for (const row of rows) expect(shapeOf(row)).toEqual(describeShape(row));
    expect(shapeOf(rows[0]!)).toEqual({ key: 'numbers:float32[2];sex:string[1]', bytes: 2 * 4 + 64 });
    expect(new Set(rows.map(sampleKey)).size).toBe(1);
  });

  it('of any other sample is worked out from its tensors, whatever order its inputs were added in', () => {
    const a: Sample = {
      numbers: { dtype: 'float32', dims: [2], data: new Float32Array(2) },
      sex: { dtype: 'string', dims: [1], data: ['x'] },
    };
    const b: Sample = { sex: a.sex!, numbers: a.numbers! };
    const wider: Sample = { ...a, numbers: { dtype: 'float32', dims: [3], data: new Float32Array(3) } };
    expect(sampleKey(b)).toBe(sampleKey(a));
    expect(sampleKey(a)).toBe(sampleKey(table.sampleFromArray(['male', 1, 2], 'json')));
    expect(sampleKey(wider)).not.toBe(sampleKey(a));
    expect(shapeOf(wider).bytes).toBe(3 * 4 + 64);
  });

  it("of rows stacked into a batch is worked out afresh, with the batch axis, and of its parts split again is each part's", () => {
    const batch = stackSamples([table.sampleFromArray(['male', 1, 2], 'json'), table.sampleFromArray(['female', 3, 4], 'json')]);
    expect(shapeOf(batch)).toEqual({ key: 'numbers:float32[2,2];sex:string[2,1]', bytes: 4 * 4 + 2 * 64 });
    const shared = { dtype: 'float32' as const, dims: [3], data: new Float32Array(3) };
    const parts = splitSamples({ ...batch, shared }, 2);
    for (const part of parts) expect(shapeOf(part)).toEqual(describeShape(part));
    expect(shapeOf(parts[1]!)).toEqual({ key: 'numbers:float32[2];sex:string[1];shared:float32[3]', bytes: 2 * 4 + 64 + 3 * 4 });
  });
});
