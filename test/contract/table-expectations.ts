/**
 * The expectations of a converted table fixture (scripts/fixtures-tabular/onnx_tables.py), read from
 * what that generator wrote: scikit-learn's own predict/predict_proba (expected.json), the rows as
 * pandas wrote them (rows.csv) and the project's manifest, in the contract's expectations shape.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expectationsSchema, type Expectations } from './expectations-schema.ts';

interface TableManifest {
  name: string;
  version: string;
  task: 'classification' | 'regression';
  signature: { inputs: { name: string; dtype: string }[] };
  input: { columns: { name: string; type: Expectations['columns'][number]['type'] }[] };
  conversion: { source: { library: string; library_version: string } };
}

interface Expected {
  rows: Record<string, string | number | boolean | null>[];
  classes?: string[];
  predict: (string | number | number[])[];
  predict_proba?: number[][];
}

const V2_OF_DTYPE: Record<string, 'FP32' | 'FP64'> = { float32: 'FP32', float64: 'FP64' };

/**
 * @example const e = await tableExpectations('test/fixtures/tabular/onnx-tables/mixed');
 */
export async function tableExpectations(project: string): Promise<Expectations> {
  const read = (file: string): Promise<string> => readFile(path.join(project, file), 'utf8');
  const [manifest, expected, csv] = await Promise.all([
    read('craneml.json').then((text) => JSON.parse(text) as TableManifest),
    read('expected.json').then((text) => JSON.parse(text) as Expected),
    read('rows.csv'),
  ]);
  const columns = manifest.input.columns.map(({ name, type }) => ({ name, type }));
  const [only] = manifest.signature.inputs;
  const oneTensor = manifest.signature.inputs.length === 1 && columns.length > 1 && only && V2_OF_DTYPE[only.dtype];
  return expectationsSchema.parse({
    schema_version: 1,
    model: { name: manifest.name, version: manifest.version },
    library: { name: manifest.conversion.source.library, version: manifest.conversion.source.library_version },
    task: manifest.task,
    columns,
    rows: expected.rows,
    csv,
    classes: expected.classes,
    answers: expected.predict.map((predicted, i) =>
      manifest.task === 'classification' ? { label: predicted, probabilities: expected.predict_proba![i] } : { value: predicted },
    ),
    // float32 ONNX against scikit-learn's float64, as the converter's parity check allows.
    tolerance: { absolute: 1e-5, relative: 1e-5 },
    tensor: oneTensor ? { name: only.name, datatype: V2_OF_DTYPE[only.dtype] } : undefined,
  });
}
