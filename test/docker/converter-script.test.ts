/**
 * templates/converter-python/convert.py in the real converter container (the default converter image
 * setup.sh builds) on notebook-model fixtures the CLI tests do not cover, with the allow-list
 * readSourceFacts gives: its report.json matches converterReportSchema, and model.onnx, run by
 * onnxruntime-node on the columns the report names, answers the fixture's first rows as the library's
 * own predict/predict_proba did. Failures (a global nobody approved, parity, a bad sample CSV) are
 * reports with ok: false naming the step and the thing, never a crash.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConverterImage } from '../../main/convert/converter-image.ts';
import { runConverter } from '../../main/convert/run-converter.ts';
import { readSourceFacts } from '../../main/notebook/source-facts.ts';
import type { ConvertProgress } from '../../main/notebook/types.ts';
import type { ConverterReport, TableColumn } from '../../main/shared/conversion-schema.ts';
import { cleanupByLabel, requireDocker, testLabels } from './require-docker.ts';

const docker = await requireDocker();
const labels = testLabels('converter-script');
const MODELS = 'test/fixtures/tabular/models';
const PROGRESS_STEPS = ['load', 'describe', 'convert', 'parity'];
/** setup.sh builds the default converter image; without it the first test builds it (pip, minutes). */
const TIMEOUT = 20 * 60_000;

interface Expected {
  columns: string[];
  rows: Record<string, number | string | null>[];
  predict: (number | string)[];
  predict_proba?: number[][];
}

interface Run {
  report: ConverterReport;
  out: string;
  progress: ConvertProgress[];
}

let work = '';
let image = '';

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'craneml-converter-script-'));
  if (docker) image = (await ensureConverterImage(docker)).tag;
}, TIMEOUT);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (docker) await cleanupByLabel(docker, labels);
});

async function convert(file: string, options: { allowed?: string[]; sample?: string; tolerance?: number } = {}): Promise<Run> {
  const facts = await readSourceFacts(path.join(MODELS, file));
  if (!facts) throw new Error(`${file}: not recognised`);
  const out = await mkdtemp(path.join(work, 'out-'));
  const progress: ConvertProgress[] = [];
  const { report } = await runConverter(docker!, {
    image,
    model: facts.file,
    kind: facts.kind,
    allowed: options.allowed ?? facts.globals,
    sample: options.sample,
    tolerance: options.tolerance ?? 1e-4,
    outDir: out,
    labels,
    onProgress: (event) => progress.push(event),
  });
  for (const line of progress) expect(PROGRESS_STEPS).toContain(line.step);
  return { report, out, progress };
}

function feeds(columns: TableColumn[], rows: Expected['rows'], dtype: 'float32' | 'float64'): Record<string, ort.Tensor> {
  const numbers = (values: number[]) => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
  const number = (value: number | string | null) => (value === null ? Number.NaN : Number(value));
  if (columns.every((column) => column.tensor === 'X')) {
    const width = columns.length;
    const data = rows.flatMap((row) => [...columns].sort((a, b) => a.index - b.index).map((column) => number(row[column.name] ?? null)));
    return { X: new ort.Tensor(dtype, numbers(data), [rows.length, width]) };
  }
  return Object.fromEntries(
    columns.map((column) => {
      const values = rows.map((row) => row[column.name] ?? null);
      const tensor =
        column.type === 'string'
          ? new ort.Tensor('string', values.map(String), [rows.length, 1])
          : new ort.Tensor(dtype, numbers(values.map(number)), [rows.length, 1]);
      return [column.tensor, tensor];
    }),
  );
}

async function answersOnnx(run: Run, expected: Expected): Promise<{ labels?: string[]; scores: number[][] }> {
  if (!run.report.ok) throw new Error('no model');
  const session = await ort.InferenceSession.create(path.join(run.out, 'model.onnx'));
  try {
    const result = await session.run(feeds(run.report.columns, expected.rows, run.report.parity.dtype));
    const scores = result[run.report.onnx.score_output]!;
    const width = scores.dims.at(-1) ?? 1;
    const flat = Array.from(scores.data as Float32Array, Number);
    const rows = expected.rows.map((_, i) => flat.slice(i * width, (i + 1) * width));
    const label = run.report.onnx.label_output ? result[run.report.onnx.label_output] : undefined;
    return { labels: label ? Array.from(label.data as ArrayLike<unknown>, String) : undefined, scores: rows };
  } finally {
    await session.release();
  }
}

/** Each fixture, its expected answers' stem, what it holds, and the input dtype whose answers matched. */
const GOOD: [file: string, stem: string, estimator: string, dtype: 'float32' | 'float64'][] = [
  // The CLI tests (test/docker/notebook-cli.test.ts) take the others through inspect, init and predict.
  ['wine_xgb.ubj', 'wine_xgb', 'XGBClassifier', 'float32'],
  // Prices near a million: float32 cannot hold them within 1e-4, so the converter retried with float64.
  ['house_prices.pkl', 'house_prices', 'LinearRegression', 'float64'],
  // Columns picked by dtype: the ColumnTransformer keeps its make_column_selector objects.
  [
    'titanic_selected.pkl',
    'titanic_selected',
    'Pipeline(ColumnTransformer(OneHotEncoder, Pipeline(SimpleImputer, StandardScaler)), LogisticRegression)',
    'float32',
  ],
];

describe.skipIf(!docker)('convert.py in the converter container', () => {
  it.each(GOOD)(
    'converts %s and its ONNX model answers as the library did',
    async (file, stem, estimator, dtype) => {
      const expected = JSON.parse(await readFile(path.join(MODELS, `${stem}.expected.json`), 'utf8')) as Expected;
      const run = await convert(file);
      const { report } = run;
      if (!report.ok) throw new Error(`${file}: ${report.error.step}: ${report.error.message}`);
      expect(report.model.estimator).toBe(estimator);
      expect(report.columns.map((column) => column.name)).toEqual(expected.columns);
      expect(report.parity).toMatchObject({ passed: true, sample: 'synthesised', dtype });
      expect(report.parity.rows).toBeGreaterThanOrEqual(200);
      expect(report.parity.max_abs_diff).toBeLessThanOrEqual(1e-4);
      const attempt = ['convert', 'parity'];
      const steps = ['load', 'describe', ...attempt, ...(dtype === 'float64' ? attempt : [])];
      expect(run.progress.map((line) => line.step)).toEqual(steps);
      const onnx = await answersOnnx(run, expected);
      if (expected.predict_proba) {
        expect(report.model.task).toBe('classification');
        expect(report.parity.labels_agree).toBe(report.parity.rows);
        expect(onnx.labels).toEqual(expected.predict.map(String));
        onnx.scores.forEach((row, i) => row.forEach((p, k) => expect(Math.abs(p - expected.predict_proba![i]![k]!)).toBeLessThan(1e-4)));
      } else {
        expect(report.model.task).toBe('regression');
        onnx.scores.forEach((row, i) => expect(Math.abs(row[0]! - Number(expected.predict[i]))).toBeLessThan(1e-3));
      }
    },
    TIMEOUT,
  );

  it(
    'proves a classifier without predict_proba on its decision function (SGD, hinge loss)',
    async () => {
      const expected = JSON.parse(await readFile(path.join(MODELS, 'margin_sgd.expected.json'), 'utf8')) as Expected;
      const run = await convert('margin_sgd.joblib');
      if (!run.report.ok) throw new Error(`${run.report.error.step}: ${run.report.error.message}`);
      expect(run.report.model.task).toBe('classification');
      expect(run.report.parity).toMatchObject({ passed: true, labels_agree: run.report.parity.rows });
      expect((await answersOnnx(run, expected)).labels).toEqual(expected.predict.map(String));
    },
    TIMEOUT,
  );

  it(
    'names string columns with their categories and gives each its own input',
    async () => {
      const { report } = await convert('titanic_like.pkl', { sample: path.join(MODELS, 'titanic_like.sample.csv') });
      if (!report.ok) throw new Error(report.error.message);
      expect(report.parity).toMatchObject({ rows: 20, sample: 'user', passed: true });
      expect(report.columns.find((column) => column.name === 'sex')).toMatchObject({
        type: 'string',
        values: ['female', 'male'],
        tensor: 'sex',
      });
      expect(report.columns.find((column) => column.name === 'fare')).toMatchObject({ type: 'number', tensor: 'fare', index: 0 });
      expect(report.model.classes).toEqual(['0', '1']);
    },
    TIMEOUT,
  );

  it.each([
    ['titanic_lgbm_categories.joblib', { type: 'string', values: ['female', 'male'] }],
    ['titanic_xgb_categories.pkl', { type: 'string' }],
  ])(
    'describes the category columns of %s as strings (their categories where the model keeps them)',
    async (file, sex) => {
      const { report } = await convert(file);
      // Neither converter takes a string input for a booster: the Python runtime serves it, by these columns.
      expect(report).toMatchObject({ ok: false, error: { step: 'convert' } });
      if (report.ok) return;
      expect(report.columns?.find((column) => column.name === 'sex')).toMatchObject(sex);
      expect(report.columns?.find((column) => column.name === 'fare')).toMatchObject({ type: 'number' });
    },
    TIMEOUT,
  );

  it(
    'loads nothing the allow-list does not name',
    async () => {
      const facts = await readSourceFacts(path.join(MODELS, 'cancer.joblib'));
      const allowed = facts!.globals.filter((name) => !name.endsWith('.StandardScaler'));
      const { report } = await convert('cancer.joblib', { allowed });
      expect(report).toMatchObject({ ok: false, error: { step: 'load' } });
      if (!report.ok) expect(report.error.message).toContain('sklearn.preprocessing._data.StandardScaler');
    },
    TIMEOUT,
  );

  it(
    'refuses an approved name that is another package’s object re-exported (sklearn’s pathlib.Path)',
    async () => {
      // A class-shaped name under sklearn passes the host's rule; what it resolves to is checked in the container.
      const file = path.join(work, 'reexport.pkl');
      await writeFile(file, Buffer.from('\x80\x02csklearn.datasets._base\nPath\nX\x04\x00\x00\x00/tmp\x85R.', 'latin1'));
      const out = await mkdtemp(path.join(work, 'out-'));
      const { report } = await runConverter(docker!, {
        image,
        model: file,
        kind: 'pickle',
        allowed: ['sklearn.datasets._base.Path'],
        tolerance: 1e-4,
        outDir: out,
        labels,
      });
      expect(report).toMatchObject({ ok: false, error: { step: 'load' } });
      if (!report.ok) expect(report.error.message).toContain('which is pathlib.Path');
    },
    TIMEOUT,
  );

  it(
    'reports parity failure with the figures of float32, when float64 cannot run either',
    async () => {
      // onnxruntime has no float64 Imputer, so the retry cannot run and float32's figures are the report's.
      const { report, out } = await convert('titanic_like.pkl', { tolerance: 1e-12 });
      expect(report).toMatchObject({ ok: false, error: { step: 'parity', parity: { passed: false, tolerance: 1e-12, dtype: 'float32' } } });
      if (!report.ok) {
        expect(report.error.parity!.max_abs_diff).toBeGreaterThan(1e-12);
        expect(report.error.message).toMatch(/over the tolerance 1e-12; float32 inputs/);
      }
      expect(existsSync(path.join(out, 'model.onnx'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'names the column and line of a bad sample CSV',
    async () => {
      const cases: [content: string, message: RegExp][] = [
        ['', /empty/],
        ['sex,embarked,age\nmale,S,3\n', /no column "fare"/],
        ['sex,embarked,age,fare,cabin\nmale,S,3,7,B\n', /column "cabin", which the model does not take/],
        ['sex,embarked,age,fare\nmale,S,3,7\nfemale,C,old,5\n', /line 3, column "age": "old" is not a number/],
      ];
      for (const [content, message] of cases) {
        const sample = path.join(work, 'sample.csv');
        await writeFile(sample, content);
        const { report } = await convert('titanic_like.pkl', { sample });
        expect(report).toMatchObject({ ok: false, error: { step: 'sample' } });
        if (!report.ok) expect(report.error.message).toMatch(message);
      }
    },
    TIMEOUT,
  );
});
