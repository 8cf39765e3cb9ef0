/**
 * POST /predict on models that take a table (converted by skl2onnx): rows as named JSON objects,
 * arrays in column order or CSV, answered as JSON or CSV, equal to scikit-learn's own answers.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictResponseSchema } from '../../main/shared/http-contract.ts';
import type { RunningServer } from '../../templates/runtime-node/src/server.ts';
import { postJson, type Json } from './helpers.ts';
import { expectedOf, rowsCsv, serveTable, type Expected, type TableModel } from './table-fixtures.ts';

const MODELS: TableModel[] = ['cancer', 'mixed', 'diabetes', 'diabetes-two'];
const servers = {} as Record<TableModel, RunningServer>;
const expected = {} as Record<TableModel, Expected>;

beforeAll(async () => {
  for (const model of MODELS) {
    [servers[model], expected[model]] = await Promise.all([serveTable(model), expectedOf(model)]);
  }
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.shutdown()));
});

function post(model: TableModel, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${servers[model].url}/predict`, { method: 'POST', body, headers });
}

/** Each answer's label is scikit-learn's, and its score and top-k are predict_proba's, within 1e-5. */
function expectClassified(predictions: Json[], want: Expected): void {
  expect(predictions).toHaveLength(want.rows.length);
  predictions.forEach((p, i) => {
    const proba = want.predict_proba![i]!;
    expect(p.label, `row ${i}`).toBe(want.predict[i]);
    expect(p.score).toBeCloseTo(Math.max(...proba), 5);
    for (const { label, score } of p.top_k) expect(score).toBeCloseTo(proba[want.classes!.indexOf(label)]!, 5);
  });
}

/** Each value is scikit-learn's predict within a relative 1e-5 (float32 models) or 1e-9 (float64). */
function expectValues(values: unknown[], want: Expected, relative: number): void {
  expect(values).toHaveLength(want.rows.length);
  values.forEach((value, i) => {
    const wanted = [want.predict[i]].flat() as number[];
    const got = [value].flat() as number[];
    expect(got).toHaveLength(wanted.length);
    got.forEach((v, j) => expect(Math.abs(v - wanted[j]!), `row ${i}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(wanted[j]!))));
  });
}

describe('rows as JSON', () => {
  it('classifies named rows (column names with spaces) as scikit-learn does', async () => {
    const { status, body } = await postJson(`${servers.cancer.url}/predict`, { instances: expected.cancer.rows });
    expect(status).toBe(200);
    const answer = predictResponseSchema.parse(body);
    expect(answer.model).toEqual({ name: 'cancer', version: '1.0.0' });
    expectClassified(answer.predictions, expected.cancer);
  });

  it('takes a row as an array in column order, and named keys in any order', async () => {
    const [first] = expected.cancer.rows;
    const shuffled = Object.fromEntries(Object.entries(first!).reverse());
    const { status, body } = await postJson(`${servers.cancer.url}/predict`, { instances: [Object.values(first!), shuffled] });
    expect(status).toBe(200);
    expect(body.predictions[0]).toEqual(body.predictions[1]);
    expect(body.predictions[0].label).toBe(expected.cancer.predict[0]);
  });

  it('classifies rows with string, integer, boolean and missing (null) cells, one model input per column', async () => {
    const { status, body } = await postJson(`${servers.mixed.url}/predict`, { instances: expected.mixed.rows });
    expect(status).toBe(200);
    expect(expected.mixed.rows.some((row) => row.age === null)).toBe(true);
    expectClassified(body.predictions, expected.mixed);
  });

  it('passes a category the model never saw to its encoder', async () => {
    const row = { ...expected.mixed.rows[0]!, embarked: 'Southampton' };
    const { status, body } = await postJson(`${servers.mixed.url}/predict`, { instances: [row] });
    expect(status).toBe(200);
    expect(['low', 'mid', 'high']).toContain(body.predictions[0].label);
  });

  it('answers a regressor with {"value": n} per row, and a multi-output regressor with a list', async () => {
    const one = await postJson(`${servers.diabetes.url}/predict`, { instances: expected.diabetes.rows });
    expect(one.status).toBe(200);
    expect(Object.keys(one.body.predictions[0])).toEqual(['value']);
    expectValues(
      one.body.predictions.map((p: Json) => p.value),
      expected.diabetes,
      1e-9,
    );
    const two = await postJson(`${servers['diabetes-two'].url}/predict`, { instances: expected['diabetes-two'].rows });
    expect(two.body.predictions[0].value).toHaveLength(2);
    expectValues(
      two.body.predictions.map((p: Json) => p.value),
      expected['diabetes-two'],
      1e-5,
    );
  });
});

describe('rows as CSV', () => {
  it('reads a CSV written by pandas (gaps, True/False) and answers JSON equal to scikit-learn', async () => {
    for (const model of ['cancer', 'mixed'] as const) {
      const response = await post(model, await rowsCsv(model), { 'Content-Type': 'text/csv' });
      expect(response.status, model).toBe(200);
      expectClassified((await response.json()).predictions, expected[model]);
    }
  });

  it('answers CSV with Accept: text/csv: the rows as sent, then label, score and p(<class>) per class', async () => {
    const csv = await rowsCsv('mixed');
    const response = await post('mixed', csv, { 'Content-Type': 'text/csv', Accept: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('vary')).toMatch(/Accept/);
    const text = await response.text();
    expect(text.split('\r\n')).toHaveLength(expected.mixed.rows.length + 2);
    const [header, ...rows] = parse(text) as string[][];
    const sent = parse(csv) as string[][];
    expect(header).toEqual([...sent[0]!, 'label', 'score', 'p(high)', 'p(low)', 'p(mid)']);
    rows.forEach((row, i) => {
      expect(row.slice(0, 6)).toEqual(sent[i + 1]);
      expect(row[6]).toBe(expected.mixed.predict[i]);
      row.slice(8).forEach((p, c) => expect(Number(p)).toBeCloseTo(expected.mixed.predict_proba![i]![c]!, 5));
    });
  });

  it('reads quoted fields, CRLF, a BOM and extra columns, which the CSV answer sends back', async () => {
    const [row] = expected.mixed.rows;
    const csv = `\ufeffid,"note, quoted",${Object.keys(row!).join(',')}\r\n7,"say ""hi""",${Object.values(row!).join(',')}\r\n`;
    const response = await post('mixed', csv, { 'Content-Type': 'text/csv; charset=utf-8', Accept: 'text/csv' });
    expect(response.status).toBe(200);
    const [header, line] = parse(await response.text()) as string[][];
    expect(header!.slice(0, 2)).toEqual(['id', 'note, quoted']);
    expect(line!.slice(0, 2)).toEqual(['7', 'say "hi"']);
    expect(line![header!.indexOf('label')]).toBe(expected.mixed.predict[0]);
  });

  it('answers a regressor as CSV with a value column, and JSON rows as CSV too', async () => {
    const rows = expected.diabetes.rows.slice(0, 3);
    const { status, body } = await postJson(`${servers.diabetes.url}/predict`, { instances: rows }, { Accept: 'text/csv' });
    expect(status).toBe(200);
    const [header, ...lines] = parse(body) as string[][];
    expect(header).toEqual([...Object.keys(rows[0]!), 'value']);
    expectValues(
      lines.map((l) => Number(l.at(-1))),
      { ...expected.diabetes, rows, predict: expected.diabetes.predict.slice(0, 3) },
      1e-9,
    );
    const two = await post('diabetes-two', await rowsCsv('diabetes-two'), { 'Content-Type': 'text/csv', Accept: 'text/csv' });
    expect((parse(await two.text()) as string[][])[0]!.slice(-2)).toEqual(['value[0]', 'value[1]']);
  });

  it('keeps JSON when Accept prefers it or names no CSV', async () => {
    const csv = await rowsCsv('cancer');
    for (const accept of ['application/json', '*/*', 'application/json, text/csv;q=0.5']) {
      const response = await post('cancer', csv, { 'Content-Type': 'text/csv', Accept: accept });
      expect(response.headers.get('content-type'), accept).toMatch(/^application\/json/);
    }
  });
});

describe('rows the model cannot take', () => {
  async function refusal(model: TableModel, body: string, type = 'application/json'): Promise<{ status: number; message: string }> {
    const response = await post(model, body, { 'Content-Type': type });
    const answer = (await response.json()) as Json;
    return { status: response.status, message: answer.error?.message };
  }

  it('names every missing and unknown column of a row, and the row', async () => {
    const row = { ...expected.mixed.rows[0]! };
    delete row.sex;
    delete row.age;
    const bad = { ...row, Sex: 'female' };
    const { status, message } = await refusal('mixed', JSON.stringify({ instances: [expected.mixed.rows[0], bad] }));
    expect(status).toBe(422);
    expect(message).toBe('instance 1: missing columns "sex", "age"; unknown column "Sex"');
  });

  it('names the column, the row and the value of a word in a number column', async () => {
    const json = await refusal('mixed', JSON.stringify({ instances: [{ ...expected.mixed.rows[0]!, fare: 'cheap' }] }));
    expect(json).toEqual({ status: 422, message: 'column "fare" expects a number, got "cheap"' });
    const csv = (await rowsCsv('mixed')).split('\n');
    csv[3] = csv[3]!.replace(/^(\w+),(\w+),(\d+),/, '$1,$2,three,');
    const fromCsv = await refusal('mixed', csv.join('\n'), 'text/csv');
    expect(fromCsv).toEqual({ status: 422, message: 'line 4: column "pclass" expects an integer, got "three"' });
  });

  it('refuses a fraction in an integer column, a gap in it, and a word in a boolean column', async () => {
    const row = expected.mixed.rows[0]!;
    for (const [change, message] of [
      [{ pclass: 2.5 }, 'column "pclass" expects an integer, got 2.5'],
      [{ pclass: null }, 'column "pclass" expects an integer (it cannot be empty), got null'],
      [{ alone: 'maybe' }, 'column "alone" expects true or false, got "maybe"'],
      [{ sex: 1 }, 'column "sex" expects a string, got 1'],
    ] as const) {
      expect(await refusal('mixed', JSON.stringify({ instances: [{ ...row, ...change }] }))).toEqual({ status: 422, message });
    }
  });

  it('refuses a gap the model has no step to fill, naming the row and column; a model with an imputer answers it', async () => {
    const [first, second] = expected.cancer.rows as Record<string, unknown>[];
    const gap = { ...second!, 'mean radius': null, 'worst area': null };
    const json = await refusal('cancer', JSON.stringify({ instances: [first, gap] }));
    expect(json).toEqual({
      status: 422,
      message:
        'instance 1: the model gives no score for a row with a gap ("mean radius", "worst area" empty): it has no step that fills gaps, so give every column a value',
    });
    const csv = (await rowsCsv('cancer')).split('\n');
    const header = csv[0]!.split(',');
    const cells = csv[2]!.split(',');
    cells[header.indexOf('mean radius')] = '';
    csv[2] = cells.join(',');
    const fromCsv = await refusal('cancer', csv.join('\n'), 'text/csv');
    expect(fromCsv.status).toBe(422);
    expect(fromCsv.message).toMatch(/^CSV row 2: the model gives no score for a row with a gap \("mean radius" empty\)/);
    const filled = await post('mixed', JSON.stringify({ instances: [{ ...expected.mixed.rows[0]!, age: null }] }), {
      'Content-Type': 'application/json',
    });
    expect(filled.status).toBe(200);
  });

  it('refuses an array of the wrong length, naming the column count', async () => {
    const { status, message } = await refusal('diabetes', JSON.stringify({ instances: [[1, 2, 3]] }));
    expect(status).toBe(422);
    expect(message).toMatch(/^an instance given as an array needs 10 values, one per column in order \("age", "sex", "bmi"/);
  });

  it('refuses an empty CSV, a header with no rows, a header missing a column, and a malformed CSV', async () => {
    expect(await refusal('mixed', '', 'text/csv')).toEqual({
      status: 422,
      message: 'the CSV is empty: send a header row with the column names, then one row per prediction',
    });
    expect(await refusal('mixed', 'sex,embarked,pclass,age,fare,alone\r\n', 'text/csv')).toMatchObject({
      status: 422,
      message: 'the CSV has a header but no rows: send at least one row under it',
    });
    expect(await refusal('mixed', 'sex,embarked,pclass,Age,fare\r\nmale,S,1,3,4\r\n', 'text/csv')).toEqual({
      status: 422,
      message: 'the CSV header has no columns "age", "alone" (it has "Age", which the model does not know)',
    });
    expect(await refusal('mixed', 'sex,embarked,pclass,age,fare,alone\r\nmale,S\r\n', 'text/csv')).toMatchObject({
      status: 422,
      message: expect.stringMatching(/^the CSV cannot be read: Invalid Record Length: expect 6, got 2 on line 2/),
    });
  });

  it('bounds a CSV by max_queue rows (413)', async () => {
    const header = 'sex,embarked,pclass,age,fare,alone\n';
    // The fixture's manifest queues 16,384 rows, as craneml init writes for a table.
    const { status, message } = await refusal('mixed', header + 'male,S,1,3,4,true\n'.repeat(16_385), 'text/csv');
    expect(status).toBe(413);
    expect(message).toBe('more than 16384 rows in one request; the limit is 16384');
  });
});
