/**
 * readSourceFacts and detectSource on real notebook models (scripts/fixtures-tabular/hostile_pickles.py
 * trains them with scikit-learn 1.9.1, XGBoost 3.2.0 and LightGBM 4.7.0): kind, compression,
 * library, version, estimator, the globals the converter may load; and the clear errors for files
 * that cannot be read.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { verdictOf } from '../../../main/notebook/allow-list.ts';
import { detectSource } from '../../../main/notebook/detect-source.ts';
import { readSourceFacts } from '../../../main/notebook/source-facts.ts';

const DIR = 'test/fixtures/tabular/hostile';
const PIPELINE = 'Pipeline(ColumnTransformer, LogisticRegression)';
const SKLEARN = { 'scikit-learn': '1.9.1' };

const GOOD: [file: string, expected: Record<string, unknown>][] = [
  ...[0, 1, 2, 3, 4, 5].map((protocol): [string, Record<string, unknown>] => [
    `pipeline_p${protocol}.pkl`,
    { kind: 'pickle', library: 'scikit-learn', versions: SKLEARN, estimator: PIPELINE },
  ]),
  ['pipeline.joblib', { kind: 'joblib', library: 'scikit-learn', versions: SKLEARN, estimator: PIPELINE }],
  ['pipeline_z3.joblib', { kind: 'joblib', compression: 'zlib', library: 'scikit-learn', versions: SKLEARN, estimator: PIPELINE }],
  ['pipeline_gzip.joblib', { kind: 'joblib', compression: 'gzip', library: 'scikit-learn', versions: SKLEARN, estimator: PIPELINE }],
  ['pipeline.skops', { kind: 'skops', library: 'scikit-learn', versions: { ...SKLEARN, skops: '0.16.0' }, estimator: PIPELINE }],
  ['forest.joblib', { kind: 'joblib', library: 'scikit-learn', versions: SKLEARN, estimator: 'RandomForestClassifier' }],
  ['big_forest.joblib', { kind: 'joblib', library: 'scikit-learn', versions: SKLEARN, estimator: 'RandomForestClassifier' }],
  [
    'log1p.pkl',
    { kind: 'pickle', library: 'scikit-learn', versions: SKLEARN, estimator: 'Pipeline(FunctionTransformer, LinearRegression)' },
  ],
  [
    'xgb.json',
    {
      kind: 'xgboost-json',
      library: 'xgboost',
      versions: { xgboost: '3.2.0' },
      estimator: 'XGBoost Booster (binary:logistic)',
      globals: [],
    },
  ],
  [
    'xgb.ubj',
    {
      kind: 'xgboost-ubj',
      library: 'xgboost',
      versions: { xgboost: '3.2.0' },
      estimator: 'XGBoost Booster (binary:logistic)',
      globals: [],
    },
  ],
  ['xgb_sklearn.joblib', { library: 'xgboost', versions: { xgboost: '3.2.0' }, estimator: 'XGBClassifier' }],
  ['lgbm.txt', { kind: 'lightgbm-text', library: 'lightgbm', versions: {}, estimator: 'LightGBM Booster (binary)', globals: [] }],
  ['lgbm_sklearn.joblib', { kind: 'joblib', library: 'lightgbm', versions: SKLEARN, estimator: 'LGBMClassifier' }],
];

async function failure(file: string): Promise<CraneError> {
  const error: unknown = await readSourceFacts(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CraneError);
  return error as CraneError;
}

describe('notebook model files read statically', () => {
  it.each(GOOD)('reads %s', async (name, expected) => {
    const file = path.join(DIR, name);
    const facts = await readSourceFacts(file);
    expect(facts).toMatchObject({ file: path.resolve(file), ...expected });
    expect(await detectSource(file)).toBe(facts!.kind);
    const bytes = await readFile(file);
    expect(facts!.bytes).toBe(bytes.length);
    expect(facts!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect('compression' in expected || facts!.compression === undefined).toBe(true);
    for (const name of facts!.globals) {
      const dot = name.lastIndexOf('.');
      expect(verdictOf(name.slice(0, dot), name.slice(dot + 1)), name).not.toBe('refused');
    }
  });

  it("lists a pipeline's globals, each once, in the order the pickle names them", async () => {
    const facts = await readSourceFacts(path.join(DIR, 'pipeline_p4.pkl'));
    expect(facts!.globals[0]).toBe('sklearn.pipeline.Pipeline');
    expect(facts!.globals).toEqual(expect.arrayContaining(['sklearn.compose._column_transformer.ColumnTransformer', 'numpy.dtype']));
    expect(new Set(facts!.globals).size).toBe(facts!.globals.length);
  });

  it("keeps protocol 2's Python 2 module names as written, for the converter's find_class", async () => {
    const facts = await readSourceFacts(path.join(DIR, 'pipeline_p2.pkl'));
    expect(facts!.globals).toContain('__builtin__.slice');
  });

  it('steps over the arrays joblib writes between the opcodes, and walks its object arrays', async () => {
    const facts = await readSourceFacts(path.join(DIR, 'pipeline.joblib'));
    expect(facts!.globals).toContain('joblib.numpy_pickle.NumpyArrayWrapper');
  });
});

describe('notebook model files that cannot be read', () => {
  it('says a truncated pickle is not complete, and where it ends', async () => {
    const error = await failure(path.join(DIR, 'truncated.pkl'));
    expect(error.code).toBe('MODEL_CORRUPT');
    expect(error.message).toMatch(/truncated\.pkl: not a complete pickle: it ends at byte \d+/);
  });

  it('says a pickle of a plain dict holds no model', async () => {
    const error = await failure(path.join(DIR, 'plain_dict.pkl'));
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.message).toContain('holds no scikit-learn, XGBoost or LightGBM model (a pickle of a dict)');
  });

  it.each(['bz2', 'xz', 'lzma'])('refuses a joblib file compressed with %s, saying how to re-save it', async (compression) => {
    const file = path.join(DIR, `pipeline_${compression}.joblib`);
    expect(await detectSource(file)).toBe('joblib');
    const error = await failure(file);
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.message).toContain(`compressed with ${compression}`);
    expect(error.message).toContain('joblib.dump(model, "model.joblib", compress=3)');
  });

  it('refuses a zlib bomb claiming 1 GB by its expansion, before inflating it all', async () => {
    const error = await failure(path.join(DIR, 'bomb.joblib'));
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toMatch(/bomb\.joblib: inflates past 199 MiB \(200 times its \d+ bytes/);
  });

  it('leaves other files to other readers: ONNX, a TF.js model.json, CSV, an empty file', async () => {
    for (const file of ['assets/examples/digits/model.onnx', 'package.json', 'README.md', '.gitignore']) {
      expect(await detectSource(file), file).toBeUndefined();
      expect(await readSourceFacts(file), file).toBeUndefined();
    }
  });
});
