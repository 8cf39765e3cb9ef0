/**
 * A notebook model no converter takes, staged as the core answers it (no DOM, so tests import the figures
 * too): scikit-learn's breast-cancer pipeline with FunctionTransformer(np.log1p), which skl2onnx refuses, so
 * the Python runtime serves its own file (main/convert/pickle-fallback.ts).
 */
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import { CANCER } from './notebook-models.ts';

const ESTIMATOR = 'Pipeline(FunctionTransformer, StandardScaler, LogisticRegression)';
/** As main/convert/convert-source.ts's failureReason words it, with skl2onnx's own message (test/fixtures/python/log1p-cancer). */
export const LOG1P_REASON =
  `converting ${ESTIMATOR} failed at the convert step: RuntimeError: FunctionTransformer is not supported unless the ` +
  'transform function is None (= identity).';
export const LOG1P_REQUIREMENTS = ['joblib==1.6.0', 'numpy==2.4.6', 'pandas==3.1.1', 'scikit-learn==1.9.1', 'scipy==1.17.1'];

// The runtime gives each column its own input (the converter fed them into one tensor).
const columns = CANCER.notebook!.columns.map((column) => ({ ...column, tensor: column.name, index: 0 }));

export const LOG1P: StagedModel = {
  stagedId: 'staged-log1p',
  format: 'python',
  fileName: 'log1p-cancer.pkl',
  files: [{ path: 'log1p-cancer.pkl', bytes: 2037 }],
  sizeBytes: 2037,
  inputs: columns.map((column) => ({ name: column.name, dtype: 'float64', shape: [-1] })),
  outputs: [{ name: 'predictions', dtype: 'string', shape: [-1] }],
  metadata: { runtime: 'python', why: LOG1P_REASON, source: `log1p-cancer.pkl (pickle, ${ESTIMATOR})`, python: '3.11' },
  python: {
    section: {
      version: '3.11',
      requirements: LOG1P_REQUIREMENTS,
      source: {
        kind: 'pickle',
        file: 'log1p-cancer.pkl',
        source_kind: 'pickle',
        estimator: ESTIMATOR,
        allowed_globals: [
          'numpy.log1p',
          'sklearn.pipeline.Pipeline',
          'sklearn.preprocessing._function_transformer.FunctionTransformer',
          'sklearn.preprocessing._data.StandardScaler',
          'sklearn.linear_model._logistic.LogisticRegression',
        ],
      },
      reason: LOG1P_REASON,
    },
    columns,
    task: 'classification',
    classes: ['0', '1'],
    skipped: [],
  },
  setup: {
    name: 'log1p-cancer',
    version: '1.0.0',
    input: { kind: 'table', columns },
    labels: ['0', '1'],
    postprocess: { softmax: false, top_k: 2 },
  },
  suggestedDir: '/home/me/CraneML/log1p-cancer',
};
