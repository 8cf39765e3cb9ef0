/** The one allow-list: the libraries' own classes and the functions their pickles use, nothing else. */
import { describe, expect, it } from 'vitest';
import { isSafePartialFunction, isSafeUfuncCall, refusalMessage, verdictOf } from '../../../main/notebook/allow-list.ts';

describe('the allow-list of what a notebook model may name', () => {
  it.each([
    ['sklearn.pipeline', 'Pipeline'],
    ['sklearn.ensemble._forest', 'RandomForestClassifier'],
    ['xgboost.sklearn', 'XGBClassifier'],
    ['lightgbm.basic', 'Booster'],
    ['scipy.sparse._csr', 'csr_matrix'],
    ['scipy.sparse._coo', 'coo_array'],
    ['numpy', 'float64'],
    ['numpy', 'log1p'],
    ['numpy._core.multiarray', '_reconstruct'],
    ['numpy.core.multiarray', 'scalar'],
    ['numpy.random._pickle', '__randomstate_ctor'],
    ['__builtin__', 'slice'],
    ['copy_reg', '_reconstructor'],
    ['joblib.numpy_pickle', 'NumpyArrayWrapper'],
    ['pandas.core.internals.managers', 'BlockManager'],
    ['sklearn.feature_selection._univariate_selection', 'f_classif'],
    // What k-NN and HistGradientBoosting pickles name (scikit-learn 1.9.1).
    ['sklearn.neighbors._kd_tree', 'newObj'],
    ['sklearn.metrics._dist_metrics', 'newObj'],
    ['sklearn._loss._loss', '__pyx_unpickle_CyHalfMultinomialLoss'],
    ['sklearn.ensemble._hist_gradient_boosting.binning', '_BinMapper'],
    // What SplineTransformer pickles name (scikit-learn 1.9.1, SciPy 1.17.1).
    ['scipy.interpolate._bsplines', 'BSpline'],
    ['scipy._lib.array_api_compat.numpy._aliases', 'asarray'],
    // A ColumnTransformer whose columns were picked by dtype keeps its selectors.
    ['sklearn.compose._column_transformer', 'make_column_selector'],
  ])('allows %s.%s', (module, name) => {
    expect(verdictOf(module, name)).toBe('allowed');
  });

  it.each([
    ['posix', 'system'],
    ['os', 'system'],
    ['subprocess', 'Popen'],
    ['builtins', 'eval'],
    ['builtins', 'exec'],
    ['builtins', 'getattr'],
    ['builtins', '__import__'],
    ['builtins', 'open'],
    ['__builtin__', 'eval'],
    ['pickle', 'loads'],
    ['functools', 'reduce'],
    ['torch', 'load'],
    ['torch._utils', 'TensorWrapper'],
    ['sklearn.utils._testing', 'TempMemmap'],
    ['numpy.testing', 'TestCase'],
    ['numpy.f2py', 'Crackfortran'],
    ['numpy.lib._datasource', 'DataSource'],
    ['numpy.lib._npyio_impl', 'NpzFile'],
    ['sklearn.externals.array_api_compat', 'Namespace'],
    ['xgboost.tracker', 'RabitTracker'],
    ['pandas.io.parsers', 'TextFileReader'],
    ['pandas', 'ExcelWriter'],
    ['sklearn.datasets', 'dump_svmlight_file'],
    ['sklearn.pipeline', 'Pipeline.fit.__globals__'],
    ['sklearn.pipeline', 'Pipeline.fit'],
    ['numpy', 'load'],
    ['numpy', 'memmap'],
    ['sklearn pipeline', 'Pipeline'],
    ['posix', '__pyx_unpickle_Anything'],
    ['copyreg', 'newObj'],
    ['sklearn.neighbors._kd_tree', '__pyx_unpickle_'],
    ['sklearn.utils._testing', '_TempMemmap'],
  ])('refuses %s.%s', (module, name) => {
    expect(verdictOf(module, name)).toBe('refused');
  });

  it("allows functools.partial only around scikit-learn's check_array, named by a global", () => {
    expect(verdictOf('functools', 'partial')).toBe('partial');
    expect(verdictOf('sklearn.utils.validation', 'check_array')).toBe('allowed');
    expect(isSafePartialFunction({ t: 'global', name: 'sklearn.utils.validation.check_array' })).toBe(true);
    expect(isSafePartialFunction({ t: 'global', name: 'posix.system' })).toBe(false);
    expect(isSafePartialFunction({ t: 'global', name: 'sklearn.feature_selection._univariate_selection.f_classif' })).toBe(false);
    expect(isSafePartialFunction('sklearn.utils.validation.check_array')).toBe(false);
    expect(isSafePartialFunction({ t: 'opaque' })).toBe(false);
  });

  it("allows numpy's _ufunc_reconstruct only when it names a NumPy or scipy.special function", () => {
    expect(verdictOf('numpy._core', '_ufunc_reconstruct')).toBe('ufunc');
    expect(isSafeUfuncCall('numpy', 'log1p')).toBe(true);
    expect(isSafeUfuncCall('scipy.special', 'expit')).toBe(true);
    expect(isSafeUfuncCall('os', 'system')).toBe(false);
    expect(isSafeUfuncCall('numpy', 'load')).toBe(false);
    expect(isSafeUfuncCall('scipy.special', '__loader__')).toBe(false);
    expect(isSafeUfuncCall({ t: 'opaque' }, 'log1p')).toBe(false);
  });

  it('names every refused global in one line, os.system by its usual name', () => {
    expect(refusalMessage('cancer.joblib', ['posix.system', 'builtins.exec'])).toBe(
      'cancer.joblib: refused: the pickle calls posix.system (os.system) (and builtins.exec); CraneML loads only ' +
        'scikit-learn, XGBoost, LightGBM, NumPy and SciPy types. Nothing in the file was run.',
    );
  });
});
