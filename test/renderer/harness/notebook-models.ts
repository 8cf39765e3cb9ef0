/**
 * Staged notebook models as the core answers them (no DOM, so tests import the figures too): the breast-cancer
 * pipeline (30 number columns), a titanic-like pipeline with string columns, and a diabetes regressor; and the
 * core's refusals of a hostile pickle and of a conversion that failed.
 */
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import type { ConversionRecord, NotebookModel, TableColumn } from '../../../main/shared/conversion-schema.ts';

/** scikit-learn's breast-cancer data set: its 30 column names and its first row. */
const CANCER_COLUMNS: [string, number][] = [
  ['mean radius', 17.99],
  ['mean texture', 10.38],
  ['mean perimeter', 122.8],
  ['mean area', 1001],
  ['mean smoothness', 0.1184],
  ['mean compactness', 0.2776],
  ['mean concavity', 0.3001],
  ['mean concave points', 0.1471],
  ['mean symmetry', 0.2419],
  ['mean fractal dimension', 0.07871],
  ['radius error', 1.095],
  ['texture error', 0.9053],
  ['perimeter error', 8.589],
  ['area error', 153.4],
  ['smoothness error', 0.006399],
  ['compactness error', 0.04904],
  ['concavity error', 0.05373],
  ['concave points error', 0.01587],
  ['symmetry error', 0.03003],
  ['fractal dimension error', 0.006193],
  ['worst radius', 25.38],
  ['worst texture', 17.33],
  ['worst perimeter', 184.6],
  ['worst area', 2019],
  ['worst smoothness', 0.1622],
  ['worst compactness', 0.6656],
  ['worst concavity', 0.7119],
  ['worst concave points', 0.2654],
  ['worst symmetry', 0.4601],
  ['worst fractal dimension', 0.1189],
];

const CONVERTER: ConversionRecord['converter'] = {
  name: 'skl2onnx',
  version: '1.20.0',
  packages: { 'scikit-learn': '1.9.1', skl2onnx: '1.20.0', onnx: '1.23.2', onnxruntime: '1.32.0', numpy: '2.4.6' },
  opset: { '': 17, 'ai.onnx.ml': 3 },
};

function staged(
  id: string,
  fileName: string,
  notebook: NotebookModel,
  inputs: StagedModel['inputs'],
  outputs: StagedModel['outputs'],
): StagedModel {
  const name = fileName.replace(/\..*$/, '').replace(/_/g, '-');
  const labels = notebook.classes;
  return {
    stagedId: id,
    format: 'onnx',
    fileName,
    files: [{ path: 'model.onnx', bytes: 41_200 }],
    sizeBytes: 41_200,
    inputs,
    outputs,
    metadata: {
      library: notebook.conversion.source.library,
      estimator: notebook.conversion.source.estimator,
      converter: 'skl2onnx 1.20.0',
    },
    notebook,
    setup: {
      name,
      version: '1.0.0',
      input: { kind: 'table', columns: notebook.columns },
      ...(labels ? { labels } : {}),
      postprocess: { output: notebook.scoreOutput, softmax: false, top_k: Math.min(3, labels?.length ?? 1) },
    },
    suggestedDir: `/home/me/CraneML/${name}`,
  };
}

export const CANCER_PARITY: ConversionRecord['parity'] = {
  rows: 200,
  sample: 'synthesised',
  labels_agree: 200,
  max_abs_diff: 2.4e-7,
  max_rel_diff: 5.1e-7,
  tolerance: 1e-4,
  passed: true,
  dtype: 'float32',
};

const cancerColumns: TableColumn[] = CANCER_COLUMNS.map(([name, example], index) => ({
  name,
  type: 'number',
  tensor: 'X',
  index,
  example,
}));

export const CANCER: StagedModel = staged(
  'staged-cancer',
  'cancer.joblib',
  {
    columns: cancerColumns,
    task: 'classification',
    classes: ['0', '1'],
    scoreOutput: 'probabilities',
    conversion: {
      source: {
        file: 'cancer.joblib',
        sha256: 'a'.repeat(64),
        bytes: 3_412,
        kind: 'joblib',
        library: 'scikit-learn',
        library_version: '1.9.1',
        estimator: 'Pipeline(StandardScaler, LogisticRegression)',
      },
      converter: CONVERTER,
      parity: CANCER_PARITY,
      seconds: 14.2,
    },
  },
  [{ name: 'X', dtype: 'float32', shape: [-1, 30] }],
  [
    { name: 'label', dtype: 'int64', shape: [-1] },
    { name: 'probabilities', dtype: 'float32', shape: [-1, 2] },
  ],
);

export const TITANIC: StagedModel = staged(
  'staged-titanic',
  'titanic_like.pkl',
  {
    columns: [
      { name: 'sex', type: 'string', values: ['female', 'male'], tensor: 'sex', index: 0, example: 'female' },
      { name: 'embarked', type: 'string', values: ['C', 'Q', 'S'], tensor: 'embarked', index: 0, example: 'S' },
      { name: 'age', type: 'number', tensor: 'age', index: 0, example: 29.5 },
      { name: 'fare', type: 'number', tensor: 'fare', index: 0, example: 14.45 },
    ],
    task: 'classification',
    classes: ['0', '1'],
    scoreOutput: 'probabilities',
    conversion: {
      source: {
        file: 'titanic_like.pkl',
        sha256: 'b'.repeat(64),
        bytes: 9_870,
        kind: 'pickle',
        library: 'scikit-learn',
        library_version: '1.9.1',
        estimator: 'Pipeline(ColumnTransformer(OneHotEncoder, SimpleImputer), LogisticRegression)',
      },
      converter: CONVERTER,
      parity: { ...CANCER_PARITY, rows: 120, sample: 'user', labels_agree: 120, max_abs_diff: 1.2e-7, max_rel_diff: 3e-7 },
      seconds: 9.8,
    },
  },
  [
    { name: 'sex', dtype: 'string', shape: [-1, 1] },
    { name: 'embarked', dtype: 'string', shape: [-1, 1] },
    { name: 'age', dtype: 'float32', shape: [-1, 1] },
    { name: 'fare', dtype: 'float32', shape: [-1, 1] },
  ],
  [
    { name: 'label', dtype: 'int64', shape: [-1] },
    { name: 'probabilities', dtype: 'float32', shape: [-1, 2] },
  ],
);

export const DIABETES: StagedModel = staged(
  'staged-diabetes',
  'diabetes_regressor.pkl',
  {
    columns: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'].map((name, index) => ({
      name,
      type: 'number',
      tensor: 'X',
      index,
      example: 0.0381,
    })),
    task: 'regression',
    scoreOutput: 'variable',
    conversion: {
      source: {
        file: 'diabetes_regressor.pkl',
        sha256: 'c'.repeat(64),
        bytes: 210_004,
        kind: 'pickle',
        library: 'scikit-learn',
        library_version: '1.9.1',
        estimator: 'GradientBoostingRegressor',
      },
      converter: CONVERTER,
      parity: {
        rows: 200,
        sample: 'synthesised',
        max_abs_diff: 3.1e-5,
        max_rel_diff: 2.2e-7,
        tolerance: 1e-4,
        passed: true,
        dtype: 'float64',
      },
      seconds: 11.5,
    },
  },
  [{ name: 'X', dtype: 'float64', shape: [-1, 10] }],
  [{ name: 'variable', dtype: 'float64', shape: [-1, 1] }],
);

/** What part A's reader says of a pickle calling os.system. */
export const UNSAFE_MESSAGE =
  'hostile.pkl: refused: the pickle calls os.system; CraneML loads only scikit-learn, XGBoost, LightGBM, NumPy and SciPy types. Nothing in the file was run.';

/** What the converter says of a pipeline it cannot convert. */
export const CONVERSION_FAILED_MESSAGE =
  'log1p_pipeline.pkl: conversion failed at step convert: skl2onnx has no converter for FunctionTransformer(numpy.log1p); a Python runtime for such models is planned (issue 22).';

/** The staged model (or the refusal) the fake core answers for a dropped file's name. */
export const NOTEBOOK_FILES: Record<string, StagedModel | { code: 'UNSAFE_MODEL' | 'CONVERSION_FAILED'; message: string }> = {
  'cancer.joblib': CANCER,
  'titanic_like.pkl': TITANIC,
  'diabetes_regressor.pkl': DIABETES,
  'hostile.pkl': { code: 'UNSAFE_MODEL', message: UNSAFE_MESSAGE },
  'log1p_pipeline.pkl': { code: 'CONVERSION_FAILED', message: CONVERSION_FAILED_MESSAGE },
};
