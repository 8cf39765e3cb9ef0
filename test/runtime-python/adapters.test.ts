/**
 * The Python runtime's model adapters, run in a venv with the runtime's packages: pickle / joblib / skops
 * files answered as scikit-learn answers them, hostile pickles refused.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

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

  it('answers a model with no predict_proba and no feature names by its decision_function margins', () => {
    expectSameAsOwn(pickles['svc-margins'] as ClassifierCase);
  });

  it('answers an XGBoost classifier from its JSON file as its own predict_proba', () => {
    expectSameAsOwn(pickles['xgboost-json'] as ClassifierCase);
  });

  it.each(['spline-regressor', 'lightgbm-text'])("answers a regressor's value as its own predict (%s)", (name) => {
    const regressor = pickles[name] as { answers: { value: number }[]; own_values: number[] };
    expect(regressor.answers.map((answer) => answer.value)).toEqual(regressor.own_values);
  });

  it('refuses a file that names a global init did not approve, naming it', () => {
    expect(pickles.unapproved).toMatch(
      /names sklearn\.linear_model\._logistic\.LogisticRegression, which is not among the globals approved/,
    );
  });

  it('refuses hostile pickles before they run anything', () => {
    const hostile = pickles.hostile as Record<string, string | boolean>;
    expect(hostile.system).toMatch(/names posix\.system, which is not among the globals approved/);
    expect(hostile['eval-stack-global']).toMatch(/names builtins\.eval, which is not among/);
    expect(hostile['re-exported-path']).toMatch(/sklearn\.datasets\._base\.Path, which is pathlib\.Path, not a type of its package/);
    expect(hostile['ufunc-to-os']).toMatch(/names os\.system, which is not a NumPy or scipy\.special function/);
    expect(hostile.ran).toBe(false);
  });
});
