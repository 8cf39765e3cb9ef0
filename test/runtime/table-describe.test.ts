/**
 * A table model over the Open Inference Protocol (one input per column, or the model's own 2-D
 * input) and in its descriptions: /metadata, V2 model metadata and /openapi.json name every column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataSchema, v2InferResponseSchema, v2ModelMetadataSchema } from '../../main/shared/http-contract.ts';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { postJson, type Json } from './helpers.ts';
import { expectedOf, serveTable, type Expected } from './table-fixtures.ts';

let cancer: RunningServer;
let mixed: RunningServer;
let diabetes: RunningServer;
const expected = {} as Record<'cancer' | 'mixed' | 'diabetes', Expected>;

beforeAll(async () => {
  [cancer, mixed, diabetes] = await Promise.all([serveTable('cancer'), serveTable('mixed'), serveTable('diabetes')]);
  [expected.cancer, expected.mixed, expected.diabetes] = await Promise.all([
    expectedOf('cancer'),
    expectedOf('mixed'),
    expectedOf('diabetes'),
  ]);
});

afterAll(async () => {
  await Promise.all([cancer, mixed, diabetes].map((s) => s?.shutdown()));
});

const DATATYPE: Record<string, string> = { sex: 'BYTES', embarked: 'BYTES', pclass: 'INT64', age: 'FP32', fare: 'FP32', alone: 'BOOL' };

/** The rows of a fixture as V2 inputs, one per column. */
function columnInputs(rows: Record<string, unknown>[], shape: (n: number) => number[], datatype: (name: string) => string) {
  return Object.keys(rows[0]!).map((name) => ({
    name,
    shape: shape(rows.length),
    datatype: datatype(name),
    data: rows.map((r) => r[name]),
  }));
}

async function infer(server: RunningServer, name: string, body: unknown): Promise<{ status: number; body: Json }> {
  return postJson(`${server.url}/v2/models/${name}/infer`, body);
}

function probabilities(body: Json): number[][] {
  const answer = v2InferResponseSchema.parse(body);
  const output = answer.outputs.find((o) => o.name === 'probabilities')!;
  const width = output.shape[1]!;
  return Array.from({ length: output.shape[0]! }, (_, i) => (output.data as number[]).slice(i * width, (i + 1) * width));
}

describe('V2 infer on a table', () => {
  it('takes one input per column, [N] or [N, 1], with string, integer, float and boolean datatypes', async () => {
    const rows = expected.mixed.rows.filter((r) => r.age !== null);
    for (const shape of [(n: number) => [n], (n: number) => [n, 1]]) {
      const { status, body } = await infer(mixed, 'mixed', { inputs: columnInputs(rows, shape, (name) => DATATYPE[name]!) });
      expect(status).toBe(200);
      const wanted = expected.mixed.rows.map((r, i) => [r, i] as const).filter(([r]) => r.age !== null);
      const labels = body.outputs.find((o: Json) => o.name === 'label').data;
      expect(labels).toEqual(wanted.map(([, i]) => expected.mixed.predict[i]));
      probabilities(body).forEach((row, j) =>
        row.forEach((p, c) => expect(p).toBeCloseTo(expected.mixed.predict_proba![wanted[j]![1]]![c]!, 5)),
      );
    }
  });

  it('takes one input per column for a table the model reads as one 2-D input, and that input itself', async () => {
    const rows = expected.cancer.rows.slice(0, 5);
    const byColumn = await infer(cancer, 'cancer', {
      inputs: columnInputs(
        rows,
        (n) => [n],
        () => 'FP64',
      ),
    });
    expect(byColumn.status).toBe(200);
    const byTensor = await infer(cancer, 'cancer', {
      inputs: [{ name: 'X', shape: [5, 30], datatype: 'FP32', data: rows.flatMap((r) => Object.values(r)) }],
    });
    expect(byTensor.status).toBe(200);
    expect(probabilities(byColumn.body)).toEqual(probabilities(byTensor.body));
    probabilities(byColumn.body).forEach((row, i) =>
      row.forEach((p, c) => expect(p).toBeCloseTo(expected.cancer.predict_proba![i]![c]!, 5)),
    );
  });

  it('answers a regressor by column', async () => {
    const rows = expected.diabetes.rows.slice(0, 4);
    const { status, body } = await infer(diabetes, 'diabetes', {
      inputs: columnInputs(
        rows,
        (n) => [n, 1],
        () => 'FP64',
      ),
    });
    expect(status).toBe(200);
    const values = body.outputs.find((o: Json) => o.name === 'variable').data as number[];
    values.forEach((v, i) => expect(v).toBeCloseTo(expected.diabetes.predict[i] as number, 6));
  });

  it('refuses columns mixed with the model own input (400), a missing column, a wrong datatype and a word (422)', async () => {
    const rows = expected.cancer.rows.slice(0, 1);
    const inputs = columnInputs(
      rows,
      (n) => [n],
      () => 'FP32',
    );
    const mixedUp = await infer(cancer, 'cancer', {
      inputs: [...inputs.slice(1), { name: 'X', shape: [1, 30], datatype: 'FP32', data: new Array(30).fill(0) }],
    });
    expect(mixedUp.status).toBe(400);
    expect(mixedUp.body.error).toMatch(/^the request mixes columns \("mean texture", .* with the model's own inputs \("X"\)/);
    const missing = await infer(cancer, 'cancer', { inputs: inputs.filter((i) => i.name !== 'mean area' && i.name !== 'worst area') });
    expect(missing).toMatchObject({ status: 422, body: { error: 'missing columns "mean area", "worst area"' } });
    const rowsMixed = expected.mixed.rows.slice(0, 2);
    const wrongType = columnInputs(
      rowsMixed,
      (n) => [n],
      (name) => (name === 'sex' ? 'FP32' : DATATYPE[name]!),
    );
    expect(await infer(mixed, 'mixed', { inputs: wrongType })).toMatchObject({
      status: 422,
      body: { error: 'column "sex" (string) has datatype FP32; send BYTES' },
    });
    const word = columnInputs(
      rowsMixed,
      (n) => [n],
      (name) => DATATYPE[name]!,
    ).map((i) => (i.name === 'fare' ? { ...i, datatype: 'BYTES' } : i));
    expect((await infer(mixed, 'mixed', { inputs: word })).status).toBe(422);
    const wordAsNumber = columnInputs(
      rowsMixed,
      (n) => [n],
      (name) => DATATYPE[name]!,
    ).map((i) => (i.name === 'fare' ? { ...i, data: [1, 'cheap'] } : i));
    expect(await infer(mixed, 'mixed', { inputs: wordAsNumber })).toMatchObject({
      status: 422,
      body: { error: 'row 1: column "fare" expects a number, got "cheap"' },
    });
  });

  it('lists the columns as the model inputs in its V2 metadata', async () => {
    const meta = v2ModelMetadataSchema.parse(await (await fetch(`${mixed.url}/v2/models/mixed`)).json());
    expect(meta.inputs).toEqual(Object.entries(DATATYPE).map(([name, datatype]) => ({ name, datatype, shape: [-1, 1] })));
    const numeric = v2ModelMetadataSchema.parse(await (await fetch(`${cancer.url}/v2/models/cancer`)).json());
    expect(numeric.inputs).toHaveLength(30);
    expect(numeric.inputs[0]).toEqual({ name: 'mean radius', datatype: 'FP32', shape: [-1, 1] });
  });
});

describe('descriptions of a table model', () => {
  it('answers /metadata with the columns, the task and the conversion record', async () => {
    const meta = metadataSchema.parse(await (await fetch(`${mixed.url}/metadata`)).json());
    expect(meta.task).toBe('classification');
    expect(meta.labels).toEqual(['high', 'low', 'mid']);
    expect(meta.input).toMatchObject({
      kind: 'table',
      columns: expect.arrayContaining([expect.objectContaining({ name: 'sex', type: 'string', values: ['female', 'male'] })]),
    });
    expect(meta.conversion).toMatchObject({ converter: { name: 'skl2onnx' }, parity: { passed: true, rows: 40 } });
    const regressor = metadataSchema.parse(await (await fetch(`${diabetes.url}/metadata`)).json());
    expect(regressor.task).toBe('regression');
  });

  it('names every column with its type in /openapi.json, with an example row and the CSV bodies', async () => {
    const doc = (await (await fetch(`${mixed.url}/openapi.json`)).json()) as Json;
    const predict = doc.paths['/predict'].post;
    expect(predict.summary).toBe('Classify rows of a table');
    const json = predict.requestBody.content['application/json'];
    const [byName, inOrder] = json.schema.oneOf[0].properties.instances.items.oneOf;
    expect(byName.required).toEqual(['sex', 'embarked', 'pclass', 'age', 'fare', 'alone']);
    expect(byName.additionalProperties).toBe(false);
    expect(byName.properties.sex).toMatchObject({ type: 'string', enum: ['female', 'male'] });
    expect(byName.properties.embarked.enum).toEqual(['C', 'Q', 'S']);
    expect(byName.properties.pclass.type).toBe('integer');
    expect(byName.properties.age.type).toEqual(['number', 'null']);
    expect(byName.properties.alone.type).toBe('boolean');
    expect(inOrder).toMatchObject({ type: 'array', minItems: 6, maxItems: 6 });
    expect(json.examples.instances.value.instances[0]).toEqual({
      sex: 'female',
      embarked: 'S',
      pclass: 2,
      age: 33.5,
      fare: 5.14,
      alone: true,
    });
    const csv = predict.requestBody.content['text/csv'];
    expect(csv.example).toBe('sex,embarked,pclass,age,fare,alone\r\nfemale,S,2,33.5,5.14,true\r\n');
    expect(predict.responses['200'].content['text/csv'].schema.description).toContain(
      'label, score, then p(<class>) for each class (p(high), p(low), p(mid))',
    );
    // The example row and the example CSV are answered as they are.
    expect((await postJson(`${mixed.url}/predict`, json.examples.instances.value)).status).toBe(200);
    const fromCsv = await fetch(`${mixed.url}/predict`, { method: 'POST', body: csv.example, headers: { 'Content-Type': 'text/csv' } });
    expect(fromCsv.status).toBe(200);
    const v2 = doc.paths['/v2/models/{name}/infer'].post.requestBody.content['application/json'].example;
    expect((await postJson(`${mixed.url}/v2/models/mixed/infer`, v2)).status).toBe(200);
    expect(doc.components.schemas.V2InferRequest.properties.inputs.items.properties.name.enum).toEqual(Object.keys(DATATYPE));
  });

  it('documents a regressor answer as {"value": ...}', async () => {
    const doc = (await (await fetch(`${diabetes.url}/openapi.json`)).json()) as Json;
    const answer = doc.paths['/predict'].post.responses['200'].content['application/json'].example;
    expect(answer.predictions).toEqual([{ value: 0 }]);
    const schema = JSON.stringify(doc.components.schemas.PredictResponse);
    expect(schema).toContain('"value"');
    const names = Object.keys(
      doc.paths['/predict'].post.requestBody.content['application/json'].schema.oneOf[0].properties.instances.items.oneOf[0].properties,
    );
    expect(names).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
  });
});
