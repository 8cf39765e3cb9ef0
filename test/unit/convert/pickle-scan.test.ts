/**
 * The pickle scanner opcode by opcode, on pickles written byte by byte: what it learns, what it
 * refuses, and where it says a pickle is damaged.
 */
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { refusalMessage } from '../../../main/notebook/allow-list.ts';
import { scanPickle } from '../../../main/notebook/pickle/scan-pickle.ts';

const enc = new TextEncoder();
/** SHORT_BINUNICODE of `value`. */
const text = (value: string): number[] => [0x8c, enc.encode(value).length, ...enc.encode(value)];
const bytes = (...parts: (number | number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...enc.encode(part)] : part)));
const PROTO4 = [0x80, 0x04];

function corrupt(data: Uint8Array): CraneError {
  try {
    scanPickle(data, 'x.pkl');
  } catch (error) {
    expect(error).toBeInstanceOf(CraneError);
    return error as CraneError;
  }
  throw new Error('the scan did not fail');
}

describe('the pickle scanner', () => {
  it("admits numpy's _ufunc_reconstruct called with a NumPy function's name, as older NumPy pickles ufuncs", () => {
    const findings = scanPickle(bytes(PROTO4, 'cnumpy.core\n_ufunc_reconstruct\n', text('numpy'), text('log1p'), 0x86, 'R.'), 'x.pkl');
    expect(findings.refused).toEqual([]);
    expect(findings.globals).toEqual(['numpy.core._ufunc_reconstruct']);
    expect(findings.top).toMatchObject({ t: 'object', cls: 'numpy.core._ufunc_reconstruct', args: ['numpy', 'log1p'] });
  });

  it('refuses _ufunc_reconstruct handed around rather than called (its uses are counted through the memo)', () => {
    // global, MEMOIZE, then the memo's copy put in a list: nothing calls it with literal names.
    const findings = scanPickle(bytes(PROTO4, 'cnumpy._core\n_ufunc_reconstruct\n', 0x94, 0x30, ']h', 0x00, 'a.'), 'x.pkl');
    expect(findings.refused).toEqual(['numpy._core._ufunc_reconstruct']);
  });

  describe('functools.partial, as HistGradientBoosting keeps check_array for columns that are not categories', () => {
    const CHECK_ARRAY = 'csklearn.utils.validation\ncheck_array\n';
    // partial(check_array), then BUILD with the state partial.__reduce__ gives: (func, args, keywords, dict).
    const partialOf = (func: string, stateFunc: string): Uint8Array =>
      bytes(PROTO4, 'cfunctools\npartial\n', func, 0x85, 'R(', stateFunc, ')}Ntb.');

    it('admits it made around check_array and set to check_array', () => {
      const findings = scanPickle(partialOf(CHECK_ARRAY, CHECK_ARRAY), 'x.pkl');
      expect(findings.refused).toEqual([]);
      expect(findings.globals).toEqual(['functools.partial', 'sklearn.utils.validation.check_array']);
    });

    it('refuses it made around any other function, naming it', () => {
      const findings = scanPickle(partialOf('cposix\nsystem\n', CHECK_ARRAY), 'x.pkl');
      expect(findings.refused).toEqual(['posix.system', 'functools.partial(posix.system)']);
    });

    it('refuses a state that binds another function, even an allowed one (partial.__setstate__ replaces the function)', () => {
      const scorer = 'csklearn.feature_selection._univariate_selection\nf_classif\n';
      const findings = scanPickle(partialOf(CHECK_ARRAY, scorer), 'x.pkl');
      expect(findings.refused).toEqual(['functools.partial state binding sklearn.feature_selection._univariate_selection.f_classif']);
    });

    it('refuses it handed around rather than called', () => {
      const findings = scanPickle(bytes(PROTO4, 'cfunctools\npartial\n', 0x85, '.'), 'x.pkl');
      expect(findings.refused).toEqual(['functools.partial']);
    });
  });

  it('follows STACK_GLOBAL names through the memo and protocol 0 GET/PUT', () => {
    const findings = scanPickle(bytes("S'sklearn.pipeline'\np0\nS'Pipeline'\np1\n0g0\ng1\n", 0x93, '.'), 'x.pkl');
    expect(findings.globals).toEqual(['sklearn.pipeline.Pipeline']);
  });

  it('reads NEWOBJ_EX, FRAME and BUILD, and the _sklearn_version a state carries', () => {
    const state = [0x7d, ...text('_sklearn_version'), ...text('1.9.1'), 0x73];
    const pickle = bytes(PROTO4, 0x95, [20, 0, 0, 0, 0, 0, 0, 0], text('sklearn.svm._classes'), text('SVC'), 0x93, ')}', 0x92, state, 'b.');
    const findings = scanPickle(pickle, 'x.pkl');
    expect(findings.sklearnVersions).toEqual(['1.9.1']);
    expect(findings.top).toMatchObject({ t: 'object', cls: 'sklearn.svm._classes.SVC' });
  });

  it('refuses the extension registry and persistent IDs, which resolve names the scan cannot see', () => {
    expect(scanPickle(bytes(PROTO4, 0x82, 0x01, '.'), 'x.pkl').refused).toEqual(['the copyreg extension registry (code 1)']);
    expect(scanPickle(bytes('Pabc\n.'), 'x.pkl').refused).toEqual(['a persistent ID (persistent_load)']);
  });

  it('steps over a joblib array after its wrapper, alignment padding included', () => {
    const dtype = [...text('numpy'), ...text('dtype'), 0x93, ...text('f8'), 0x89, 0x88, 0x87, 0x52];
    const dtypeState = [
      0x28,
      0x4b,
      3,
      ...text('<'),
      0x4e,
      0x4e,
      0x4e,
      0x4a,
      0xff,
      0xff,
      0xff,
      0xff,
      0x4a,
      0xff,
      0xff,
      0xff,
      0xff,
      0x4b,
      0,
      0x74,
      0x62,
    ];
    const state = [0x7d, 0x28, ...text('shape'), 0x4b, 2, 0x4b, 3, 0x86, ...text('dtype'), ...dtype, ...dtypeState];
    const alignment = [...text('numpy_array_alignment_bytes'), 0x4b, 16, 0x75];
    const wrapper = [...text('joblib.numpy_pickle'), ...text('NumpyArrayWrapper'), 0x93, 0x29, 0x81, ...state, ...alignment, 0x62];
    // 2x3 float64 = 48 bytes, after a padding byte saying 3 and 3 pad bytes; the array's bytes hold a fake opcode.
    const array = [3, 0xff, 0xff, 0xff, ...Array<number>(48).fill(0x63)];
    const findings = scanPickle(bytes(PROTO4, wrapper, array, '.'), 'x.joblib');
    expect(findings.joblibArrays).toBe(1);
    expect(findings.refused).toEqual([]);
    expect(findings.top).toEqual({ t: 'opaque', what: 'a NumPy array' });
  });

  it('names the offset of an unknown opcode, a newer protocol and an empty stack', () => {
    expect(corrupt(bytes(PROTO4, 0xff)).message).toBe('x.pkl: not a complete pickle: unknown opcode 0xff at byte 2');
    expect(corrupt(bytes(0x80, 0x06)).message).toBe("x.pkl: not a complete pickle: pickle protocol 6, newer than Python's 5 at byte 0");
    expect(corrupt(bytes(PROTO4, 'R')).message).toBe('x.pkl: not a complete pickle: REDUCE on an empty stack at byte 2');
    expect(corrupt(bytes(PROTO4, 0x4b, 1, 0x4b, 2, 0x93)).code).toBe('MODEL_CORRUPT');
  });

  it('collects 200,000 distinct refused names in one pass, and names 20 of them with a count', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `cm${i}\nf\n0`).join('');
    const findings = scanPickle(bytes(PROTO4, names, 'N.'), 'x.pkl');
    expect(findings.refused).toHaveLength(200_000);
    expect(findings.refused[199_999]).toBe('m199999.f');
    const message = refusalMessage('x.pkl', findings.refused);
    expect(message).toContain('calls m0.f (and m1.f, m2.f,');
    expect(message).toContain('m19.f, 199980 more); CraneML loads only');
  });

  it('says a length past the end is truncation, without allocating it', () => {
    const error = corrupt(bytes(PROTO4, 0x8e, [0, 0, 0, 0, 0, 0, 0, 0x40]));
    expect(error.code).toBe('MODEL_CORRUPT');
    expect(error.message).toMatch(
      /^x\.pkl: not a complete pickle: it ends at byte 11, inside BINBYTES8, which needs \d+ bytes from byte 11$/,
    );
  });
});
