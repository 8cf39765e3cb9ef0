/**
 * Notebook models through the real CLI and the real converter container: inspect → init → predict
 * by column name answers as the library itself did (test/fixtures/tabular/models/<stem>.expected.json,
 * written by scikit-learn, XGBoost and LightGBM in the test set-up); and every way a file is refused
 * (parity, a step the converters lack, a newer library, a broken file) exits 2 with one line and
 * writes no project.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWithOwnCache } from '../helpers/cached-cli.ts';
import { expectOneLineError } from '../helpers/cli-errors.ts';
import { requireDocker } from './require-docker.ts';

const docker = await requireDocker();

const MODELS = path.resolve('test/fixtures/tabular/models');
const HOSTILE = path.resolve('test/fixtures/tabular/hostile');
/** The first conversion builds the converter image: minutes on a busy two-core machine. */
const CONVERT_MS = 20 * 60_000;

interface Expected {
  columns: string[];
  rows: Record<string, number | string | boolean | null>[];
  predict: (number | string | boolean)[];
  predict_proba?: number[][];
}

interface Prediction {
  label?: string;
  score?: number;
  top_k?: { label: string; score: number }[];
  value?: number | number[];
}

const work = cliWithOwnCache('craneml-notebook-cli-', CONVERT_MS);
const cli = work.cli;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The library's scores of one row in the order of `classes`, from the answer's top-k (which holds every class here). */
function scoresOf(prediction: Prediction, classes: string[]): number[] {
  const byLabel = new Map(prediction.top_k!.map((t) => [t.label, t.score]));
  return classes.map((c) => byLabel.get(c) ?? 0);
}

describe.skipIf(!docker)('notebook models: inspect, init, predict by column name', () => {
  it.each([
    ['cancer.joblib', 'cancer'],
    ['cancer.skops', 'cancer'],
    ['titanic_like.pkl', 'titanic_like'],
    ['forest.joblib', 'forest'],
    ['diabetes_regressor.pkl', 'diabetes_regressor'],
    ['wine_xgb.json', 'wine_xgb'],
    ['wine_lgbm.txt', 'wine_lgbm'],
    ['wine_hgb.joblib', 'wine_hgb'],
  ])(
    '%s answers as the library did',
    async (file, stem) => {
      const model = path.join(MODELS, file);
      const expected = JSON.parse(await readFile(path.join(MODELS, `${stem}.expected.json`), 'utf8')) as Expected;

      const inspect = await cli(['inspect', model, '--json']);
      expect(inspect.code, inspect.stderr).toBe(0);
      // Progress goes to stderr: stdout is the JSON alone.
      const info = JSON.parse(inspect.stdout) as {
        format: string;
        notebook: { columns: { name: string }[]; conversion: { parity: { passed: boolean } } };
      };
      expect(info.format).toBe('onnx');
      expect(info.notebook.columns.map((c) => c.name)).toEqual(expected.columns);
      expect(info.notebook.conversion.parity.passed).toBe(true);

      const project = work.path(file.replace(/\W/g, '-'));
      const init = await cli(['init', model, '-o', project]);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(new RegExp(`table: ${expected.columns.length} columns; (classes: |regressor)`));
      expect(init.stdout).toMatch(/parity: passed: \d+ synthesised rows/);
      // The image must not carry a pickle: the project holds the converted model and its manifest.
      const listed = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as {
        input: { kind: string };
        labels?: string[];
        task: string;
        conversion: { source: { file: string } };
        model: { files: { path: string }[] };
      };
      expect(listed.input.kind).toBe('table');
      expect(listed.conversion.source.file).toBe(file);
      expect(listed.model.files.map((f) => f.path)).toEqual(['model.onnx']);
      expect(await exists(path.join(project, file))).toBe(false);

      const rows = work.path(`${stem}-rows.json`);
      await writeFile(rows, JSON.stringify({ instances: expected.rows }));
      const predict = await cli(['predict', project, '--json', rows, '-o', 'json']);
      expect(predict.code, predict.stderr).toBe(0);
      const predictions = (JSON.parse(predict.stdout) as { predictions: Prediction[] }).predictions;
      expect(predictions).toHaveLength(expected.rows.length);
      if (listed.task === 'regression') {
        predictions.forEach((p, i) => expect([p.value].flat()[0]).toBeCloseTo(Number(expected.predict[i]), 3));
        return;
      }
      expect(predictions.map((p) => p.label)).toEqual(expected.predict.map(String));
      predictions.forEach((p, i) => {
        scoresOf(p, listed.labels!).forEach((score, c) =>
          expect(Math.abs(score - expected.predict_proba![i]![c]!)).toBeLessThanOrEqual(1e-4),
        );
      });
    },
    CONVERT_MS,
  );

  it(
    'init --sample proves parity on the rows given and records sample "user"',
    async () => {
      const project = work.path('sampled');
      const init = await cli([
        'init',
        path.join(MODELS, 'cancer.joblib'),
        '-o',
        project,
        '--sample',
        path.join(MODELS, 'cancer.sample.csv'),
      ]);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/parity: passed: 20 rows of the sample/);
      const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as {
        conversion: { parity: { sample: string; rows: number } };
      };
      expect(manifest.conversion.parity).toMatchObject({ sample: 'user', rows: 20 });
    },
    CONVERT_MS,
  );

  it(
    '--tolerance 1e-300: parity fails with its figures; exit 2 with --no-fallback, else the Python runtime serves it',
    async () => {
      const project = work.path('strict');
      const args = ['init', path.join(MODELS, 'cancer.joblib'), '-o', project, '--tolerance', '1e-300'];
      const init = await cli([...args, '--no-fallback']);
      expectOneLineError(init, /parity failed.*\d/i);
      expect(await exists(project)).toBe(false);

      const fallback = await cli(args);
      expect(fallback.code, fallback.stderr).toBe(0);
      expect(fallback.stdout).toMatch(/served by the Python runtime because: .*parity/i);
      const manifest = JSON.parse(await readFile(path.join(project, 'craneml.json'), 'utf8')) as { runtime?: string; format: string };
      expect([manifest.format, manifest.runtime]).toEqual(['python', 'python']);
    },
    CONVERT_MS,
  );
});

describe.skipIf(!docker)('notebook models CraneML refuses', () => {
  it(
    'a step the converters lack, with --no-fallback (no Python runtime instead), names the step',
    async () => {
      const project = work.path('log1p');
      const init = await cli(['init', path.join(MODELS, 'log1p_pipeline.pkl'), '-o', project, '--no-fallback']);
      expectOneLineError(init, /failed at the convert step: .*FunctionTransformer/);
      expect(await exists(project)).toBe(false);
    },
    CONVERT_MS,
  );

  it(
    'a file saved by a newer scikit-learn than any the converter installs names the version',
    async () => {
      const result = await cli(['inspect', path.join(MODELS, 'newer_sklearn.pkl')]);
      expectOneLineError(result, /99\.0/);
    },
    CONVERT_MS,
  );

  it.each([['truncated.pkl'], ['plain_dict.pkl']])(
    '%s: exit 2 naming the file',
    async (name) => {
      const result = await cli(['inspect', path.join(HOSTILE, name)]);
      expectOneLineError(result, new RegExp(name.replace('.', '\\.')));
    },
    CONVERT_MS,
  );

  it(
    'a bare notebook model is a project too: predict converts it through the cache',
    async () => {
      const expected = JSON.parse(await readFile(path.join(MODELS, 'forest.expected.json'), 'utf8')) as Expected;
      const rows = work.path('bare-rows.json');
      await writeFile(rows, JSON.stringify({ instances: expected.rows }));
      const predict = await cli(['predict', path.join(MODELS, 'forest.joblib'), '--json', rows, '-o', 'json']);
      expect(predict.code, predict.stderr).toBe(0);
      const predictions = (JSON.parse(predict.stdout) as { predictions: Prediction[] }).predictions;
      expect(predictions.map((p) => p.label)).toEqual(expected.predict.map(String));
    },
    CONVERT_MS,
  );
});
