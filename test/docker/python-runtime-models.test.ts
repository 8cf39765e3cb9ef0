/**
 * Models no converter takes, served by the Python runtime end to end: `craneml init` falls back to it
 * and says why, `build` and `run` make a real container, and its answers to held-out rows equal
 * scikit-learn's own predict and predict_proba (expectations.json, written in the test set-up by
 * scripts/fixtures-python/unconvertible.py).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectationsSchema, type Expectations } from '../contract/expectations-schema.ts';
import { BUILD_MS, predict, PYTHON_FIXTURES, PythonE2e, requireFixtures } from './python-runtime-e2e.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

interface ClassAnswer {
  label: string;
  index: number;
  score: number;
  top_k: { label: string; score: number }[];
}

/** Within the fixture's tolerance: absolute OR relative, as the contract suite reads it. */
function close(actual: number, expected: number, tolerance: Expectations['tolerance']): boolean {
  const diff = Math.abs(actual - expected);
  return diff <= tolerance.absolute || diff <= tolerance.relative * Math.abs(expected);
}

/** A regressor's answers equal the library's values, row by row, within the fixture's tolerance. */
function expectValues(predictions: { value: number }[], expected: Expectations): void {
  predictions.forEach((prediction, row) => {
    const wanted = expected.answers[row]!;
    if (!('value' in wanted) || typeof wanted.value !== 'number') throw new Error('a regressor fixture answers one value a row');
    expect(close(prediction.value, wanted.value, expected.tolerance), `row ${row}: ${prediction.value} vs ${wanted.value}`).toBe(true);
  });
}

async function expectationsOf(fixture: string): Promise<Expectations> {
  return expectationsSchema.parse(JSON.parse(await readFile(path.join(PYTHON_FIXTURES, fixture, 'expectations.json'), 'utf8')));
}

describe.skipIf(!docker)('models the converters cannot take, served by the Python runtime', () => {
  const e2e = new PythonE2e(docker!, 'py-models');
  beforeAll(async () => {
    await requireFixtures();
    await e2e.start();
  });
  afterAll(() => e2e.stop());

  /** init → build → run of a fixture's pickle: init names `step` as why Python serves it, and /predict answers its rows. */
  async function servePickle<T>(fixture: string, file: string, step: RegExp) {
    const expected = await expectationsOf(fixture);
    const served = await e2e.serve(path.join(PYTHON_FIXTURES, fixture, file), fixture);
    expect(served.init.stdout).toMatch(new RegExp(`served by the Python runtime because: .*${step.source}`));
    expect(served.manifest).toMatchObject({ runtime: 'python', python: { source: { kind: 'pickle' } } });
    const answer = await predict<T>(served.url, expected.rows);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return { expected, served, predictions: answer.body.predictions };
  }

  it(
    'a log1p pipeline pickle: init says why, and the container answers as scikit-learn did',
    async () => {
      const { expected, served, predictions } = await servePickle<ClassAnswer>('log1p-cancer', 'log1p-cancer.pkl', /FunctionTransformer/);
      expect(served.manifest.python!.requirements).toContain('scikit-learn==1.9.1');
      expect(predictions.map((p) => p.label)).toEqual(expected.answers.map((a) => ('label' in a ? a.label : undefined)));
      predictions.forEach((prediction, row) => {
        const wanted = expected.answers[row]!;
        if (!('probabilities' in wanted)) throw new Error('a classifier fixture answers probabilities');
        const byLabel = new Map(prediction.top_k.map((t) => [t.label, t.score]));
        expected.classes!.forEach((label, c) =>
          expect(close(byLabel.get(label) ?? NaN, wanted.probabilities[c]!, expected.tolerance), `row ${row} p(${label})`).toBe(true),
        );
        expect(close(prediction.score, Math.max(...wanted.probabilities), expected.tolerance)).toBe(true);
      });
    },
    BUILD_MS,
  );

  it(
    'a SplineTransformer regressor (joblib): init says why, and the container answers as scikit-learn did',
    async () => {
      const { expected, predictions } = await servePickle<{ value: number }>(
        'spline-diabetes',
        'spline-diabetes.joblib',
        /SplineTransformer/,
      );
      expectValues(predictions, expected);
    },
    BUILD_MS,
  );

  it(
    'a HistGradientBoosting regressor with a category column (partial(check_array) inside): its rows by name, gaps too, as scikit-learn did',
    async () => {
      const { expected, served, predictions } = await servePickle<{ value: number }>(
        'hgb-diabetes',
        'hgb-diabetes.joblib',
        /HistGradientBoostingRegressor/,
      );
      expect(served.init.stdout).toMatch(/sex +string, one of female, male/);
      expect(expected.rows.filter((row) => row.bmi === null)).toHaveLength(2);
      expectValues(predictions, expected);
    },
    BUILD_MS,
  );

  it(
    'a pipeline filling gaps itself, in a string column too: null and empty cells reach it as missing, as scikit-learn answered',
    async () => {
      const { expected, served, predictions } = await servePickle<{ value: number }>(
        'imputed-diabetes',
        'imputed-diabetes.pkl',
        /missing values are string/,
      );
      const { columns } = (served.manifest as unknown as { input: { columns: { name: string; optional?: boolean }[] } }).input;
      expect(columns.find((column) => column.name === 'sex')).toMatchObject({ optional: true });
      expect(expected.rows.filter((row) => row.sex === null)).toHaveLength(2);
      expectValues(predictions, expected);
      // A row alone, its gap the only cell of its column (pandas would keep None in it, which the imputer does not fill).
      const alone = await predict<{ value: number }>(served.url, [expected.rows[0]]);
      expect(expected.rows[0]!.sex).toBeNull();
      expectValues(alone.body.predictions, expected);

      // The same rows as CSV, whose gaps are empty cells.
      const response = await fetch(`${served.url}/predict`, {
        method: 'POST',
        body: expected.csv,
        headers: { 'Content-Type': 'text/csv' },
      });
      expect(response.status).toBe(200);
      const answered = (await response.json()) as { predictions: { value: number }[] };
      expectValues(answered.predictions, expected);
    },
    BUILD_MS,
  );
});
