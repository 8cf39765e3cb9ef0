/**
 * CatBoost .cbm files, and a pickled CatBoost model, through the real CLI and CatBoost's own converter
 * image: inspect → init → predict by column name (JSON and CSV) answers as CatBoost's
 * predict/predict_proba did (test/fixtures/tabular/catboost/<stem>.expected.json, written by
 * scripts/fixtures-tabular/catboost_models.py); a model with categorical columns is refused at the
 * convert step, naming them.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWithOwnCache } from '../helpers/cached-cli.ts';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

const MODELS = path.resolve('test/fixtures/tabular/catboost');
/** The first conversion builds CatBoost's converter image when set-up has not: minutes on a busy two-core machine. */
const CONVERT_MS = 20 * 60_000;

interface Expected {
  columns: string[];
  rows: Record<string, number>[];
  predict: (number | string)[];
  predict_proba?: number[][];
}

interface Prediction {
  label?: string;
  top_k?: { label: string; score: number }[];
  value?: number;
}

interface Inspected {
  format: string;
  notebook: {
    task: string;
    classes?: string[];
    columns: { name: string; type: string }[];
    conversion: {
      source: { kind: string; library: string; library_version?: string };
      converter: { name: string; version: string; packages: Record<string, string> };
      parity: { passed: boolean; max_abs_diff: number };
    };
  };
}

const work = cliWithOwnCache('craneml-catboost-', CONVERT_MS);
const cli = work.cli;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Every answer equal to CatBoost's own: the label, and each class's probability within 1e-4; a regressor's value to 1e-3. */
function expectAnswers(predictions: Prediction[], expected: Expected, classes: string[] | undefined): void {
  expect(predictions).toHaveLength(expected.rows.length);
  if (!classes) {
    predictions.forEach((p, i) => expect(p.value).toBeCloseTo(Number(expected.predict[i]), 3));
    return;
  }
  expect(predictions.map((p) => p.label)).toEqual(expected.predict.map(String));
  predictions.forEach((p, i) => {
    const byLabel = new Map(p.top_k!.map((t) => [t.label, t.score]));
    classes.forEach((c, k) => expect(Math.abs(byLabel.get(c)! - expected.predict_proba![i]![k]!)).toBeLessThanOrEqual(1e-4));
  });
}

describe.skipIf(!docker)('CatBoost models: inspect, init, predict by column name', () => {
  it.each([
    ['cancer_catboost.cbm', 'cancer_catboost', 'classification', ['0', '1']],
    ['iris_catboost.cbm', 'iris_catboost', 'classification', ['setosa', 'versicolor', 'virginica']],
    ['diabetes_catboost.cbm', 'diabetes_catboost', 'regression', undefined],
    // The same classifier pickled with joblib: a pickle naming CatBoost is converted in CatBoost's image too.
    ['cancer_catboost.joblib', 'cancer_catboost', 'classification', ['0', '1']],
  ])(
    '%s answers as CatBoost did',
    async (file, stem, task, classes) => {
      const model = path.join(MODELS, file);
      const expected = JSON.parse(await readFile(path.join(MODELS, `${stem}.expected.json`), 'utf8')) as Expected;

      const inspect = await cli(['inspect', model, '--json']);
      expect(inspect.code, inspect.stderr).toBe(0);
      const { format, notebook } = JSON.parse(inspect.stdout) as Inspected;
      expect(format).toBe('onnx');
      expect(notebook.task).toBe(task);
      expect(notebook.classes).toEqual(classes);
      expect(notebook.columns.map((c) => c.name)).toEqual(expected.columns);
      expect(notebook.columns.every((c) => c.type === 'number')).toBe(true);
      // The version comes from the file; the converter is CatBoost's own exporter, in CatBoost's own image.
      expect(notebook.conversion.source).toMatchObject({
        // joblib.dump of a CatBoost model writes no numpy arrays: a plain pickle.
        kind: file.endsWith('.cbm') ? 'catboost' : 'pickle',
        library: 'catboost',
        library_version: '1.2.10',
      });
      expect(notebook.conversion.converter).toMatchObject({ name: 'catboost', version: '1.2.10' });
      expect(notebook.conversion.converter.packages).toMatchObject({ catboost: '1.2.10' });
      expect(notebook.conversion.parity.passed).toBe(true);

      const project = work.path(file.replace(/\W/g, '-'));
      const init = await cli(['init', model, '-o', project]);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/parity: passed: \d+ synthesised rows/);
      const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as {
        input: { kind: string };
        model: { files: { path: string }[] };
      };
      expect(manifest.input.kind).toBe('table');
      expect(manifest.model.files.map((f) => f.path)).toEqual(['model.onnx']);

      const rows = work.path(`${file}-rows.json`);
      await writeFile(rows, JSON.stringify({ instances: expected.rows }));
      const json = await cli(['predict', project, '--json', rows, '-o', 'json']);
      expect(json.code, json.stderr).toBe(0);
      expectAnswers((JSON.parse(json.stdout) as { predictions: Prediction[] }).predictions, expected, classes);

      // The sample CSV's first rows are the expected rows.
      const csv = await cli(['predict', project, '--csv', path.join(MODELS, `${stem}.sample.csv`), '-o', 'json']);
      expect(csv.code, csv.stderr).toBe(0);
      const answered = (JSON.parse(csv.stdout) as { predictions: Prediction[] }).predictions;
      expectAnswers(answered.slice(0, expected.rows.length), expected, classes);
    },
    CONVERT_MS,
  );

  it(
    'a model with categorical columns is refused at the convert step naming them: exit 2 with --no-fallback, no project',
    async () => {
      const project = work.path('categorical');
      const init = await cli(['init', '--no-fallback', path.join(MODELS, 'categorical_catboost.cbm'), '-o', project]);
      expectOneLineError(
        init,
        /failed at the convert step: CatBoost's ONNX export does not support categorical features.*"sex", "embarked"/,
      );
      expect(await exists(project)).toBe(false);
    },
    CONVERT_MS,
  );
});
