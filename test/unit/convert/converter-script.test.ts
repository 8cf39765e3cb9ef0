/**
 * templates/converter-python/convert.py on the real notebook-model fixtures (scripts/fixtures-tabular/models.py),
 * run in the test set-up's venv (the converter image's pins) with the allow-list readSourceFacts gives: its
 * report.json matches converterReportSchema, and model.onnx, run by onnxruntime-node on the columns the
 * report names, answers the fixture's first rows as the library's own predict/predict_proba did. Failures
 * (a step that cannot convert, a newer scikit-learn, a bad sample CSV, a global nobody approved) are
 * reports with ok: false naming the step and the thing, never a crash.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFacts } from '../../../main/convert/source-facts.ts';
import { converterReportSchema, type ConverterReport, type TableColumn } from '../../../main/shared/conversion-schema.ts';

const MODELS = 'test/fixtures/tabular/models';
const SCRIPT = 'templates/converter-python/convert.py';
const PROGRESS_STEPS = ['load', 'describe', 'convert', 'parity'];
const TIMEOUT = 180_000;

interface Expected {
  columns: string[];
  rows: Record<string, number | string | null>[];
  predict: (number | string)[];
  predict_proba?: number[][];
}

interface Run {
  report: ConverterReport;
  out: string;
  progress: { progress: string; message: string }[];
}

let python = '';
let work = '';

beforeAll(async () => {
  python = path.join(execFileSync('bash', ['scripts/tabular-venv.sh'], { encoding: 'utf8' }).trim(), 'bin', 'python');
  if (!existsSync(path.join(MODELS, 'cancer.joblib'))) execFileSync('bash', ['scripts/make-tabular-fixtures.sh'], { stdio: 'ignore' });
  work = await mkdtemp(path.join(os.tmpdir(), 'craneml-converter-script-'));
}, TIMEOUT);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function convert(file: string, options: { allowed?: string[]; sample?: string; tolerance?: number } = {}): Promise<Run> {
  const facts = await readSourceFacts(path.join(MODELS, file));
  if (!facts) throw new Error(`${file}: not recognised`);
  const out = await mkdtemp(path.join(work, 'out-'));
  const allowed = path.join(out, 'allowed.json');
  await writeFile(allowed, JSON.stringify(options.allowed ?? facts.globals));
  const args = [SCRIPT, '--model', path.join(MODELS, file), '--kind', facts.kind, '--allowed', allowed, '--out', out];
  if (options.sample) args.push('--sample', options.sample);
  args.push('--tolerance', String(options.tolerance ?? 1e-4));
  const ran = spawnSync(python, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  expect(ran.status, ran.stderr).toBe(0);
  const progress = ran.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { progress: string; message: string });
  for (const line of progress) expect(PROGRESS_STEPS).toContain(line.progress);
  const report = converterReportSchema.parse(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')));
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
  ['cancer.joblib', 'cancer', 'Pipeline(StandardScaler, LogisticRegression)', 'float32'],
  ['cancer.skops', 'cancer', 'Pipeline(StandardScaler, LogisticRegression)', 'float32'],
  ['titanic_like.pkl', 'titanic_like', 'Pipeline(ColumnTransformer(SimpleImputer, OneHotEncoder), RandomForestClassifier)', 'float32'],
  ['forest.joblib', 'forest', 'RandomForestClassifier', 'float32'],
  ['diabetes_regressor.pkl', 'diabetes_regressor', 'GradientBoostingRegressor', 'float32'],
  ['wine_xgb.json', 'wine_xgb', 'XGBClassifier', 'float32'],
  ['wine_xgb.ubj', 'wine_xgb', 'XGBClassifier', 'float32'],
  ['wine_lgbm.txt', 'wine_lgbm', 'LightGBM Booster (multiclass)', 'float32'],
  // Prices near a million: float32 cannot hold them within 1e-4, so the converter retried with float64.
  ['house_prices.pkl', 'house_prices', 'LinearRegression', 'float64'],
];

describe('converter script', () => {
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
      expect(run.progress.map((line) => line.progress)).toEqual(steps);
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

  it(
    'refuses FunctionTransformer(np.log1p) at the convert step, naming it',
    async () => {
      const { report, out } = await convert('log1p_pipeline.pkl');
      expect(report).toMatchObject({ ok: false, error: { step: 'convert' } });
      if (report.ok) return;
      expect(report.error.message).toMatch(/^skl2onnx \S+ cannot convert FunctionTransformer\(np\.log1p\): .*transform function is None/);
      expect(existsSync(path.join(out, 'model.onnx'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'refuses a pickle stamped with a newer scikit-learn at the load step',
    async () => {
      const { report } = await convert('newer_sklearn.pkl');
      expect(report).toMatchObject({ ok: false, error: { step: 'load' } });
      if (!report.ok) expect(report.error.message).toContain('scikit-learn 99.0');
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
    TIMEOUT * 2,
  );
});
