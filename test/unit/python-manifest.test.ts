import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../main/manifest.ts';
import { reasonFor } from './manifest-reason.ts';

const file = { path: 'predict.py', sha256: 'b'.repeat(64), bytes: 120 };

/** A predict.py project with no declared columns. */
const rowsProject = {
  name: 'churn',
  version: '1.0.0',
  format: 'python',
  model: { entry: 'predict.py', files: [file] },
  signature: {
    inputs: [{ name: 'rows', dtype: 'string', shape: [-1] }],
    outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
  },
  input: { kind: 'rows' },
  python: { source: { kind: 'predictor' } },
};

/** A pickle served by Python, with its columns declared one input each. */
const tableProject = {
  ...rowsProject,
  model: { entry: 'model.pkl', files: [{ ...file, path: 'model.pkl' }] },
  signature: {
    inputs: [
      { name: 'age', dtype: 'float64', shape: [-1] },
      { name: 'plan', dtype: 'string', shape: [-1] },
    ],
    outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
  },
  input: {
    kind: 'table',
    columns: [
      { name: 'age', type: 'number', tensor: 'age' },
      { name: 'plan', type: 'string', tensor: 'plan' },
    ],
  },
  labels: ['stays', 'leaves'],
  python: {
    requirements: ['scikit-learn==1.9.1'],
    source: {
      kind: 'pickle',
      file: 'model.pkl',
      source_kind: 'pickle',
      estimator: 'Pipeline(FunctionTransformer, LogisticRegression)',
      allowed_globals: [],
    },
  },
};

describe('manifest of a Python-runtime project', () => {
  it('accepts a predict.py project with rows and fills the python defaults', () => {
    const manifest = parseManifest(rowsProject);
    expect(manifest.python).toMatchObject({
      version: '3.11',
      requirements: [],
      source: { kind: 'predictor', file: 'predict.py', class: 'Predictor' },
    });
    expect(manifest.runtime).toBeUndefined();
  });

  it('accepts columns as one input each, and labels with no score tensor', () => {
    expect(parseManifest({ ...tableProject, runtime: 'python' }).input.kind).toBe('table');
  });

  it('ties format "python", runtime "python" and the python section together', () => {
    expect(reasonFor({ ...rowsProject, runtime: 'node' })).toMatch(/^craneml\.json: runtime: "node" does not serve format "python"/);
    expect(reasonFor({ ...rowsProject, python: undefined })).toMatch(/^craneml\.json: python: format "python" needs a python section/);
    const onnx = { ...rowsProject, format: 'onnx', input: { kind: 'tensor' }, python: undefined };
    expect(reasonFor({ ...onnx, runtime: 'python' })).toMatch(/^craneml\.json: runtime: "python" does not serve format "onnx"/);
    expect(reasonFor({ ...onnx, python: rowsProject.python })).toMatch(/^craneml\.json: python: only a project of format "python"/);
    expect(reasonFor({ ...onnx, input: { kind: 'rows' } })).toMatch(/^craneml\.json: input\.kind: "rows" is for Python code/);
  });

  it("derives a Python project's inputs from typed columns declared in input alone", () => {
    const { signature: _written, ...withoutSignature } = rowsProject;
    const declared = {
      ...withoutSignature,
      input: {
        kind: 'table',
        columns: [
          { name: 'tenure months', type: 'integer' },
          { name: 'plan', type: 'string', values: ['basic', 'pro'] },
          { name: 'paperless', type: 'boolean' },
        ],
      },
    };
    const manifest = parseManifest(declared);
    expect(manifest.signature.inputs).toEqual([
      { name: 'tenure months', dtype: 'int64', shape: [-1] },
      { name: 'plan', dtype: 'string', shape: [-1] },
      { name: 'paperless', dtype: 'bool', shape: [-1] },
    ]);
    expect(manifest.signature.outputs).toEqual([{ name: 'predictions', dtype: 'string', shape: [-1] }]);
    expect(manifest.input.kind === 'table' && manifest.input.columns.map((c) => [c.tensor, c.index])).toEqual([
      ['tenure months', 0],
      ['plan', 0],
      ['paperless', 0],
    ]);
    // The rows project's old inputs, left in place beside new columns, are named with the way out.
    expect(reasonFor({ ...declared, signature: rowsProject.signature })).toMatch(/leave signature\.inputs out and CraneML writes them/);
  });

  it('refuses rows with another input, and a column whose input does not match its type', () => {
    const twoInputs = { ...rowsProject.signature, inputs: [...rowsProject.signature.inputs, { name: 'x', dtype: 'float32', shape: [-1] }] };
    expect(reasonFor({ ...rowsProject, signature: twoInputs })).toMatch(
      /^craneml\.json: signature\.inputs: a "rows" project has one input/,
    );
    const wrongType = {
      ...tableProject.signature,
      inputs: [{ name: 'age', dtype: 'float32', shape: [-1] }, tableProject.signature.inputs[1]],
    };
    expect(reasonFor({ ...tableProject, signature: wrongType })).toMatch(
      /^craneml\.json: input\.columns: "age" of a Python project goes to its own input \{"name": "age", "dtype": "float64", "shape": \[-1\]\}/,
    );
  });
});
