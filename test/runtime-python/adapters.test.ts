/**
 * The Python runtime's model adapters, run in a venv with the runtime's packages: pickle / joblib / skops
 * files answered as scikit-learn answers them, hostile pickles refused, predict.py and Cog projects served.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PROJECTS = path.join(ROOT, 'test/fixtures/python-projects');

interface ClassAnswer {
  label: string;
  index: number;
  score: number;
  top_k: { label: string; score: number }[];
}
interface ClassifierCase {
  answers: ClassAnswer[];
  own_labels: string[];
  own_scores: number[][];
  classes: string[];
}

let python = '';

beforeAll(async () => {
  const { stdout } = await run('bash', [path.join(ROOT, 'test/runtime-python/adapters-venv.sh')], { maxBuffer: 1 << 24 });
  python = path.join(stdout.trim(), 'bin/python');
}, 600_000);

/** Runs one of the adapter scripts in a fresh temp folder (its TMPDIR too) and returns what it printed. */
async function report<T>(script: string, argument?: string): Promise<T> {
  await using work = await tempDir('adapters');
  const { stdout } = await run(python, [path.join(ROOT, 'test/runtime-python', script), argument ?? work.path], {
    cwd: work.path,
    env: { ...process.env, PYTHONPATH: path.join(ROOT, 'templates/runtime-python'), TMPDIR: work.path, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout) as T;
}

function expectSameAsOwn(served: ClassifierCase): void {
  expect(served.answers).toHaveLength(served.own_labels.length);
  served.answers.forEach((answer, row) => {
    const scores =
      served.own_scores[row]!.length === 1 ? [-served.own_scores[row]![0]!, served.own_scores[row]![0]!] : served.own_scores[row]!;
    expect(answer.label).toBe(served.own_labels[row]);
    expect(answer.index).toBe(served.classes.indexOf(answer.label));
    expect(answer.score).toBe(scores[answer.index]);
    const ranked = scores.map((score, index) => ({ label: served.classes[index]!, score })).sort((a, b) => b.score - a.score);
    expect(answer.top_k).toEqual(ranked.slice(0, 2));
  });
}

describe('pickle adapter', () => {
  let pickles: Record<string, unknown>;
  beforeAll(async () => {
    pickles = await report('adapters_pickle.py');
  }, 120_000);

  it.each(['log-pickle', 'log-joblib', 'log-skops'])('answers a log1p pipeline from a %s file as its own predict_proba', (name) => {
    expectSameAsOwn(pickles[name] as ClassifierCase);
  });

  it('answers a model whose manifest lists its columns in another order than it was fitted with', () => {
    const reordered = pickles['log-reordered'] as ClassifierCase & { columns: string[] };
    expect(reordered.columns[0]).toBe('petal_width');
    expectSameAsOwn(reordered);
  });

  it('answers a model with no predict_proba and no feature names by its decision_function margins', () => {
    expectSameAsOwn(pickles['svc-margins'] as ClassifierCase);
  });

  it('answers an XGBoost classifier from its JSON file as its own predict_proba', () => {
    expectSameAsOwn(pickles['xgboost-json'] as ClassifierCase);
  });

  it.each(['xgboost-categories', 'lightgbm-categories'])(
    'answers a %s model fitted with a category column, its rows given as strings, as its own predict_proba',
    (name) => {
      expectSameAsOwn(pickles[name] as ClassifierCase);
    },
  );

  it.each(['spline-regressor', 'lightgbm-text'])("answers a regressor's value as its own predict (%s)", (name) => {
    const regressor = pickles[name] as { answers: { value: number }[]; own_values: number[] };
    expect(regressor.answers.map((answer) => answer.value)).toEqual(regressor.own_values);
  });

  it('refuses a file that names a global init did not approve, naming it', () => {
    expect(pickles.unapproved).toMatch(
      /names sklearn\.linear_model\._logistic\.LogisticRegression, which is not among the globals approved/,
    );
  });

  describe('one model call where the scores give the label', () => {
    type Calls = ClassifierCase & { predict_calls: number[]; labels_not_best_score: number };
    const calls = (name: string): Calls => (pickles.calls as Record<string, Calls>)[name]!;

    it('answers a classifier whose label is its best score from predict_proba alone, with its own labels', () => {
      expectSameAsOwn(calls('argmax'));
      expect(calls('argmax').predict_calls).toEqual([]);
    });

    it("keeps predict's label for a classifier whose label is not its best score", () => {
      const threshold = calls('threshold');
      expect(threshold.labels_not_best_score).toBeGreaterThan(0);
      expect(threshold.answers.map((answer) => answer.label)).toEqual(threshold.own_labels);
      expect(threshold.predict_calls).toEqual([6]);
    });

    it('asks predict when two classes tie for the best score, and not when none do', () => {
      expect(calls('tie').answers.map((answer) => answer.label)).toEqual(calls('tie').own_labels);
      expect(calls('tie').predict_calls).toEqual([2]);
      expect(calls('no-tie').answers.map((answer) => answer.label)).toEqual(['b', 'b']);
      expect(calls('no-tie').predict_calls).toEqual([]);
    });
  });

  it('refuses hostile pickles before they run anything', () => {
    const hostile = pickles.hostile as Record<string, string | boolean>;
    expect(hostile.system).toMatch(/names posix\.system, which is not among the globals approved/);
    expect(hostile['eval-stack-global']).toMatch(/names builtins\.eval, which is not among/);
    expect(hostile['re-exported-path']).toMatch(/sklearn\.datasets\._base\.Path, which is pathlib\.Path, not a type of its package/);
    expect(hostile['ufunc-to-os']).toMatch(/names os\.system, which is not a NumPy or scipy\.special function/);
    expect(hostile['partial-of-system']).toMatch(/names functools\.partial\(posix\.system\), which binds a function other than/);
    expect(hostile['partial-state-to-system']).toMatch(/names functools\.partial\(posix\.system\), which binds a function other than/);
    expect(hostile.ran).toBe(false);
  });
});

describe('predict.py and Cog adapters', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON report read field by field below
  let projects: { predictor: Record<string, any>; cog: Record<string, any>; runner: Record<string, any> };
  beforeAll(async () => {
    projects = await report('adapters_projects.py', PROJECTS);
  }, 120_000);

  it('serves a predict.py Predictor: setup reads its files from the project folder, answers come back as returned', () => {
    const { predictor } = projects;
    expect(predictor.batchable).toBe(true);
    expect(predictor.answers).toEqual([
      { total: 103, tag: 'row-0' },
      { total: 99.5, tag: 'row-1' },
    ]);
    expect(predictor.scalars).toEqual([2, 8]);
  });

  it('refuses a predict output of the wrong length or shape, naming both lengths', () => {
    expect(projects.predictor.one_short.output_error).toBe('OneShort.predict returned 2 answers for 3 rows: it must return one per row');
    expect(projects.predictor.not_a_list.output_error).toBe('OneAnswer.predict returned a dict, not a list with one answer per row');
  });

  it('calls a Cog predictor once per row with its defaults, a Path input as a temp file removed afterwards, a Path output as a data URL', () => {
    const { cog } = projects;
    expect(cog.batchable).toBe(false);
    const text = (url: string): string => Buffer.from(url.replace(/^data:text\/plain;base64,/, ''), 'base64').toString();
    expect(cog.defaults.map(text)).toEqual(['HELLO HELLO 0.50']);
    expect(cog.given.map(text)).toEqual(['hello hello hello 1.00! (n)']);
    expect(cog.inputs_left).toEqual([false, false]);
    expect(cog.input_suffix).toBe('.txt');
    expect(cog.calls).toBe(2);
  });

  it.each([
    ['missing', 'document', 'column "document": is required'],
    ['above_le', 'times', 'column "times": must be at most 3, not 4'],
    ['below_ge', 'weight', 'column "weight": must be at least 0.0, not -0.1'],
    ['not_a_choice', 'case', `column "case": must be one of upper, lower, not 'title'`],
    ['not_an_integer', 'times', 'column "times": must be an integer, not 1.5'],
    ['not_a_data_url', 'document', 'column "document": must be a file as a data URL (data:<type>;base64,...)'],
    ['second_row_bad', 'case', `row 1, column "case": must be one of upper, lower, not 'x'`],
  ])('refuses a Cog row (%s) with a 422 naming the column', (name, column, message) => {
    expect(projects.cog[name]).toEqual({ invalid: message, column, status: 422 });
  });

  it("answers Cog's own POST /predictions and GET /health-check as Cog does", () => {
    const { cog } = projects;
    expect(cog.predictions.status).toBe(200);
    expect(cog.predictions.body).toMatchObject({
      status: 'succeeded',
      output: `data:text/plain;base64,${Buffer.from('HELLO 0.50').toString('base64')}`,
    });
    // Cog's idempotent form: the prediction's id is the path's.
    expect(cog.predictions_put.status).toBe(200);
    expect(cog.predictions_put.body).toMatchObject({ id: 'run-42', status: 'succeeded', output: cog.predictions.body.output });
    expect(cog.predictions_invalid).toEqual({
      status: 422,
      body: {
        detail: [{ loc: ['body', 'input', 'times'], msg: 'must be at most 3, not 9', type: 'value_error' }],
        error: 'column "times": must be at most 3, not 9',
        status: 'failed',
      },
    });
    expect(cog.predictions_failed.status).toBe(200);
    expect(cog.predictions_failed.body).toMatchObject({
      status: 'failed',
      output: null,
      error: expect.stringMatching(/^UnicodeDecodeError: /),
    });
    expect(cog.health_check.body.status).toBe('READY');
  });

  it("answers /predictions through the server's predict, keeping a refusal's status in Cog's shape", () => {
    const { through_server: server } = projects.cog;
    expect(server.queue_full).toEqual({
      status: 503,
      retry_after: '1',
      body: { id: expect.any(String), output: null, error: 'the queue is full; retry shortly', logs: '', status: 'failed' },
    });
    expect(server.refused_by_server).toEqual({
      status: 422,
      body: {
        detail: [{ loc: ['body', 'input', 'times'], msg: 'column "times" must be at most 3, got 9', type: 'value_error' }],
        error: 'column "times" must be at most 3, got 9',
        status: 'failed',
      },
    });
    expect(server.health_check.body).toEqual({ status: 'READY', setup: { status: 'succeeded' } });
  });

  it("joins a Cog predictor's generator output into a list", () => {
    expect(projects.cog.stream).toEqual([
      ['w0 ', 'w1 '],
      ['w0 ', 'w1 ', 'w2 '],
    ]);
  });

  it('serves a project as Cog 0.22 writes it: run.py, BaseRunner.run, async setup and run on one loop, Input bounds', () => {
    const { runner } = projects;
    expect(runner.answers).toEqual(['hello Ada', 'hello Bo hello Bo']);
    expect(runner.above_le).toEqual({ invalid: 'column "times": must be at most 3, not 4', column: 'times', status: 422 });
    expect(runner.predictions.status).toBe(200);
    expect(runner.predictions.body).toMatchObject({ output: 'hello Cy', status: 'succeeded' });
    expect(runner.describe).toEqual({
      predictor: 'run.py:Runner',
      columns: [
        { name: 'name', type: 'string', description: 'Who to greet' },
        { name: 'times', type: 'integer', default: 1, minimum: 1, maximum: 3 },
      ],
    });
  });

  it('reads async streamed outputs to the end, keeps record_metric per call, and calls predict() or a function as Cog does', () => {
    const { runner } = projects;
    expect(runner.stream).toEqual([
      ['w0 ', 'w1 ', 'w2 '],
      ['w0 ', 'w1 '],
    ]);
    expect(runner.tokens).toEqual([[0, 1, 2]]);
    expect(runner.metrics).toEqual([
      { steps: [2], total: 2, last: 2 },
      { steps: [5], total: 5, last: 5 },
    ]);
    expect(runner.legacy).toEqual(['OLD']);
    expect(runner.function).toEqual(['HEY!', 'HO!!!']);
    expect(runner.both).toBe('RefusedModel: Both defines both run() and predict(); Cog takes one, so define run() only');
  });

  it('describes a project whose predict.py fails to import in one line, exit 1', async () => {
    const failed = await run(python, ['-m', 'craneml_runtime.describe', path.join(PROJECTS, 'adapters-cog'), 'missing.py:Predictor'], {
      env: { ...process.env, PYTHONPATH: path.join(ROOT, 'templates/runtime-python'), PYTHONDONTWRITEBYTECODE: '1' },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: 'error: the project has no missing.py\n' });
  });

  it("describes a Cog project's inputs as table columns", () => {
    expect(projects.cog.describe).toEqual({
      predictor: 'predict.py:Predictor',
      columns: [
        { name: 'document', type: 'string', description: 'A text file', file: true },
        { name: 'times', type: 'integer', default: 2, minimum: 1, maximum: 3, description: 'How often to repeat it' },
        { name: 'case', type: 'string', values: ['upper', 'lower'], default: 'upper', description: 'Letter case of the answer' },
        { name: 'weight', type: 'number', default: 0.5, minimum: 0, maximum: 1 },
        { name: 'loud', type: 'boolean', default: false },
        { name: 'note', type: 'string', optional: true },
      ],
    });
  });
});

describe("the library's own refusals of a value", () => {
  it("answers 422 with scikit-learn's words for a value its input check refuses, and leaves any other failure a 500", async () => {
    type Case = { raised: string; refusal: [number, string] | null };
    const cases = await report<Record<string, Case>>('library_refusals.py');
    expect(cases['too large for float32 (a tree)']!.refusal).toEqual([
      422,
      "the model cannot take a value in this request: Input X contains infinity or a value too large for dtype('float32').",
    ]);
    expect(cases['NaN (a linear model)']!.refusal).toEqual([422, 'the model cannot take a value in this request: Input X contains NaN.']);
    expect(cases['infinity (a linear model)']!.refusal?.[0]).toBe(422);
    expect(cases['wrong feature count (not a value)']).toMatchObject({
      raised: expect.stringMatching(/^ValueError: X has 3 features/),
      refusal: null,
    });
  });
});

/** Runs a parity script (two ways of one job over the same cases), expects `checked` cases and no difference, and returns its report. */
async function expectNoDifference<T extends { checked: number; differences: unknown[] }>(script: string, checked: number): Promise<T> {
  const parity = await report<T>(script);
  expect(parity.checked).toBe(checked);
  expect(parity.differences).toEqual([]);
  return parity;
}

describe('table cells, rows and frames', () => {
  it("reads every cell as read_cell does, through each column's quick reader too", async () => {
    await expectNoDifference('cells_parity.py', 8 * 26 * 2);
  });

  it('reads a request a column at a time into the same rows, or the same refusal, as row by row', async () => {
    const parity = await expectNoDifference<{ checked: number; by_column: number; differences: unknown[] }>('rows_parity.py', 7 * 300);
    // A quarter of the requests (541 of 2,100) take the column path: the comparison reaches the path it changes.
    expect(parity.by_column).toBeGreaterThan(400);
  });

  it('hands the model the same frame, dtypes and cells, as one built row by row in the fitted order', async () => {
    await expectNoDifference('frame_parity.py', 5 * 3 * 3);
  });

  it('answers in plain JSON values (a score that is not finite as null), which the worker sends as they are', async () => {
    const plain = await expectNoDifference<{ checked: number; says_plain: boolean; differences: unknown[] }>('answers_plain.py', 400);
    expect(plain.says_plain).toBe(true);
  });
});
