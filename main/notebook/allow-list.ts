/**
 * The one allow-list of what a notebook model file may name (pickle globals, skops types): the
 * libraries' own classes, as skops' trusted types are, plus the few functions their pickles use.
 * Anything else is refused before the file goes anywhere; no option turns this off.
 */

/**
 * Whether a name may be loaded; 'ufunc' only when its call names a NumPy or SciPy function (see
 * isSafeUfuncCall), 'partial' only when it binds one of PARTIAL_FUNCTIONS (see isSafePartialFunction).
 */
export type GlobalVerdict = 'allowed' | 'ufunc' | 'partial' | 'refused';

/** Modules whose classes (a qualname of one word starting with a capital) are the libraries' own types. */
const CLASS_ROOTS = ['sklearn', 'xgboost', 'lightgbm', 'catboost', 'numpy', 'scipy.sparse', 'pandas.core'];

/**
 * Module segments never trusted even under those roots: test helpers, build tools, vendored code,
 * and the parts that open files, sockets or clusters (a data source, a tracker, dask, spark).
 */
const DENIED_SEGMENT =
  /testing|tests|pytest|distutils|f2py|externals|datasource|npyio|ctypeslib|tracker|collective|dask|spark|computation|^io$/;

/** Python 2 module names that Python's unpickler maps to Python 3 ones (fix_imports). */
const PY2_MODULES = new Map([
  ['__builtin__', 'builtins'],
  ['copy_reg', 'copyreg'],
]);

const NUMPY_CORE = ['numpy.core', 'numpy._core'];

/**
 * The functions a pickled functools.partial may bind: HistGradientBoosting fitted on a DataFrame with
 * category columns keeps FunctionTransformer(partial(check_array, dtype=…)) for its other columns.
 */
const PARTIAL_FUNCTIONS = new Set(['sklearn.utils.validation.check_array']);

/** The functions and builtins real scikit-learn, XGBoost, LightGBM, NumPy and pandas pickles name. */
const EXPLICIT = new Set<string>([
  ...NUMPY_CORE.flatMap((core) => [`${core}.multiarray._reconstruct`, `${core}.multiarray.scalar`, `${core}.numeric._frombuffer`]),
  'numpy.dtype',
  'numpy.ndarray',
  'numpy.ma.core._mareconstruct',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.bit_generator.__pyx_unpickle_SeedSequence',
  'copyreg._reconstructor',
  '_codecs.encode',
  'collections.OrderedDict',
  'collections.defaultdict',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'pandas.DataFrame',
  'pandas.Series',
  'pandas.Index',
  'pandas.RangeIndex',
  'pandas.MultiIndex',
  'pandas.DatetimeIndex',
  'pandas.Categorical',
  'pandas.CategoricalDtype',
  'pandas.StringDtype',
  'pandas.Timestamp',
  'pandas.Timedelta',
  'pandas.arrays.StringArray',
  'pandas.arrays.DatetimeArray',
  'pandas.arrays.BooleanArray',
  'pandas.arrays.IntegerArray',
  'pandas.arrays.FloatingArray',
  'pandas._libs.arrays.__pyx_unpickle_NDArrayBacked',
  'pandas._libs.internals._unpickle_block',
  'pandas._libs.tslibs.timestamps._unpickle_timestamp',
  'pandas._libs.tslibs.timedeltas._timedelta_unpickle',
  ...PARTIAL_FUNCTIONS,
  // A class with a function's name: ColumnTransformer keeps the selector its columns were picked by.
  'sklearn.compose._column_transformer.make_column_selector',
  // SplineTransformer holds SciPy B-splines, which keep the array-API asarray they were built with.
  'scipy.interpolate._bsplines.BSpline',
  'scipy._lib.array_api_compat.numpy._aliases.asarray',
  // scikit-learn's score functions, held by SelectKBest and friends.
  ...['f_classif', 'f_regression', 'r_regression', 'chi2', 'f_oneway'].map(
    (name) => `sklearn.feature_selection._univariate_selection.${name}`,
  ),
  ...['mutual_info_classif', 'mutual_info_regression'].map((name) => `sklearn.feature_selection._mutual_info.${name}`),
  // Types held as parameter values (OneHotEncoder(dtype=int)) and skops' plain nodes.
  ...[
    'object',
    'slice',
    'set',
    'frozenset',
    'bytearray',
    'bytes',
    'complex',
    'int',
    'float',
    'str',
    'bool',
    'list',
    'dict',
    'tuple',
    'range',
    'NoneType',
  ].map((name) => `builtins.${name}`),
]);

/** NumPy's scalar types (lower-case classes) and its ufuncs (FunctionTransformer(np.log1p) pickles as numpy.log1p). */
const NUMPY_NAMES = new Set<string>(
  [
    'bool bool_ byte bytes_ cdouble clongdouble complex128 complex256 complex64 csingle datetime64 double float128 float16 float32',
    'float64 half int16 int32 int64 int8 int_ intc intp long longdouble longlong object_ short single str_ timedelta64 ubyte uint',
    'uint16 uint32 uint64 uint8 uintc uintp ulong ulonglong ushort void',
    'abs absolute acos acosh add arccos arccosh arcsin arcsinh arctan arctan2 arctanh asin asinh atan atan2 atanh bitwise_and',
    'bitwise_count bitwise_invert bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor cbrt ceil conj conjugate',
    'copysign cos cosh deg2rad degrees divide divmod equal exp exp2 expm1 fabs float_power floor floor_divide fmax fmin fmod frexp gcd',
    'greater greater_equal heaviside hypot invert isfinite isinf isnan isnat lcm ldexp left_shift less less_equal log log10 log1p log2',
    'logaddexp logaddexp2 logical_and logical_not logical_or logical_xor matmul matvec maximum minimum mod modf multiply negative',
    'nextafter not_equal positive pow power rad2deg radians reciprocal remainder right_shift rint sign signbit sin sinh spacing sqrt',
    'square subtract tan tanh true_divide trunc vecdot vecmat',
  ]
    .join(' ')
    .split(' '),
);

/** SciPy's sparse matrices and arrays are lower-case classes. */
const SPARSE_CLASS = /^(csr|csc|coo|bsr|dia|dok|lil)_(matrix|array)$/;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CYTHON_UNPICKLE = /^__pyx_unpickle_[A-Za-z][A-Za-z0-9_]*$/;

/** The name Python 3 resolves a pickle's `module` to. */
export function python3Module(module: string): string {
  return PY2_MODULES.get(module) ?? module;
}

function underRoot(module: string): boolean {
  return CLASS_ROOTS.some((root) => module === root || module.startsWith(`${root}.`));
}

/**
 * Judges one global a pickle (or a skops file) names, as `module` and `qualname`.
 * @example verdictOf('sklearn.pipeline', 'Pipeline') // 'allowed'
 * @example verdictOf('posix', 'system') // 'refused'
 */
export function verdictOf(rawModule: string, qualname: string): GlobalVerdict {
  const module = python3Module(rawModule);
  const segments = module.split('.');
  if (!segments.every((segment) => IDENTIFIER.test(segment))) return 'refused';
  const full = `${module}.${qualname}`;
  if (EXPLICIT.has(full)) return 'allowed';
  if (NUMPY_CORE.some((core) => full === `${core}._ufunc_reconstruct`)) return 'ufunc';
  if (full === 'functools.partial') return 'partial';
  // A dotted qualname reaches attributes of attributes (Pipeline.fit.__globals__): only single names pass the rule.
  if (!IDENTIFIER.test(qualname)) return 'refused';
  if (module === 'numpy' && NUMPY_NAMES.has(qualname)) return 'allowed';
  if (segments.some((segment) => DENIED_SEGMENT.test(segment))) return 'refused';
  if (module.startsWith('scipy.sparse') && SPARSE_CLASS.test(qualname)) return 'allowed';
  if (!underRoot(module)) return 'refused';
  // Classes, private ones too (HistGradientBoosting's _BinMapper); and the helpers Cython writes for
  // the libraries' compiled classes: __pyx_unpickle_<Class> (rebuilds that class from its state,
  // checking its layout) and scikit-learn's newObj (cls.__new__(cls), for k-NN's trees and metrics).
  if (/^_?[A-Z]/.test(qualname) || CYTHON_UNPICKLE.test(qualname)) return 'allowed';
  return qualname === 'newObj' && module.startsWith('sklearn.') ? 'allowed' : 'refused';
}

/**
 * numpy's `_ufunc_reconstruct(module, name)` imports `module` and returns its attribute `name`:
 * allowed only for NumPy's and scipy.special's own functions, named by literal strings.
 * @example isSafeUfuncCall('numpy', 'log1p') // true
 */
export function isSafeUfuncCall(module: unknown, name: unknown): boolean {
  if (typeof module !== 'string' || typeof name !== 'string' || !IDENTIFIER.test(name) || name.startsWith('_')) return false;
  if (module === 'numpy') return NUMPY_NAMES.has(name);
  return module === 'scipy.special';
}

/**
 * A pickled functools.partial builds its function in: allowed only for PARTIAL_FUNCTIONS, named by a global.
 * @example isSafePartialFunction({ t: 'global', name: 'sklearn.utils.validation.check_array' }) // true
 */
export function isSafePartialFunction(func: unknown): boolean {
  if (typeof func !== 'object' || func === null || !('t' in func) || !('name' in func)) return false;
  return func.t === 'global' && typeof func.name === 'string' && PARTIAL_FUNCTIONS.has(func.name);
}

/** What people read for a refused global: `posix.system` is how `os.system` pickles on Linux. */
export function describeGlobal(name: string): string {
  const os = /^(posix|nt)\.(\w+)$/.exec(name);
  return os ? `${name} (os.${os[2]})` : name;
}

/** Refused names a message lists; a crafted file naming thousands more gets a count, to stay one readable line. */
const MAX_NAMED = 20;

/** The one-line refusal, naming every refused global (up to MAX_NAMED, then how many more). */
export function refusalMessage(file: string, refused: readonly string[], what = 'the pickle'): string {
  const [first, ...rest] = refused.slice(0, MAX_NAMED).map(describeGlobal);
  const more = refused.length > MAX_NAMED ? [`${refused.length - MAX_NAMED} more`] : [];
  const others = rest.length > 0 ? ` (and ${[...rest, ...more].join(', ')})` : '';
  return (
    `${file}: refused: ${what} calls ${first}${others}; CraneML loads only scikit-learn, XGBoost, LightGBM, ` +
    'NumPy and SciPy types. Nothing in the file was run.'
  );
}
