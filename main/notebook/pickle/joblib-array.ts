/**
 * joblib writes each NumPy array's bytes straight after its NumpyArrayWrapper's BUILD (joblib 1.6's
 * numpy_pickle.py, NumpyArrayWrapper.write_array): with an alignment, one byte giving the padding
 * length, that many pad bytes, then shape x itemsize bytes; an array of objects is a nested pickle
 * instead. This reads the wrapper's state to know which, and how many bytes to step over.
 */
import type { ByteCursor } from './byte-cursor.ts';
import { entryOf, isObject, isSequence, type PyValue } from './values.ts';

export const NUMPY_ARRAY_WRAPPER = 'joblib.numpy_pickle.NumpyArrayWrapper';

/** What follows a wrapper's BUILD: raw bytes to skip, or a nested pickle to scan. */
export type ArrayPayload = { kind: 'raw'; bytes: number; aligned: boolean } | { kind: 'pickle' };

/** NumPy's NPY_ITEM_HASOBJECT flag, in a dtype's pickled state (its 8th item). */
const HAS_OBJECT = 0x01;

/** The size of one item of a dtype pickled as numpy.dtype('f8', False, True) with BUILD state (3, '<', …, elsize, …). */
function dtypeOf(dtype: PyValue | undefined): { typestr: string; itemsize?: number; hasObject: boolean } | undefined {
  if (!isObject(dtype) || !/^numpy\.dtype$/.test(dtype.cls)) return undefined;
  const typestr = dtype.args[0];
  if (typeof typestr !== 'string') return undefined;
  const state = isSequence(dtype.state) ? dtype.state.items : [];
  const elsize = state[5];
  const flags = state[7];
  const hasObject = typestr.startsWith('O') || (typeof flags === 'number' && (flags & HAS_OBJECT) !== 0);
  if (typeof elsize === 'number' && elsize > 0) return { typestr, itemsize: elsize, hasObject };
  const sized = /^[?a-zA-Z](\d+)$/.exec(typestr);
  return { typestr, itemsize: sized ? Number(sized[1]) : undefined, hasObject };
}

/** How many items a shape tuple holds (1 for a scalar's ()). */
function countOf(shape: PyValue | undefined): number | undefined {
  if (!isSequence(shape)) return undefined;
  let count = 1;
  for (const dim of shape.items) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) return undefined;
    count *= dim;
  }
  return Number.isSafeInteger(count) ? count : Number.MAX_SAFE_INTEGER;
}

/**
 * What the bytes after a wrapper's BUILD hold, from the state BUILD gave it.
 * @example arrayPayload(cursor, state) // { kind: 'raw', bytes: 800, aligned: true }
 */
export function arrayPayload(cursor: ByteCursor, state: PyValue | undefined, at: number): ArrayPayload {
  const dtype = dtypeOf(entryOf(state, 'dtype'));
  if (!dtype) throw cursor.corrupt('a joblib array without a readable dtype', at);
  if (dtype.hasObject) return { kind: 'pickle' };
  const count = countOf(entryOf(state, 'shape'));
  if (count === undefined) throw cursor.corrupt('a joblib array without a readable shape', at);
  if (dtype.itemsize === undefined)
    throw cursor.corrupt(`a joblib array of dtype ${dtype.typestr.slice(0, 20)}, whose size is not known`, at);
  const alignment = entryOf(state, 'numpy_array_alignment_bytes');
  return { kind: 'raw', bytes: count * dtype.itemsize, aligned: typeof alignment === 'number' };
}

/** Steps over one array's raw bytes (and its alignment padding) without reading them. */
export function skipArrayBytes(cursor: ByteCursor, payload: { bytes: number; aligned: boolean }): void {
  if (payload.aligned) cursor.skip(cursor.u8('an array alignment byte'), 'an array alignment padding');
  cursor.skip(payload.bytes, `a NumPy array of ${payload.bytes} bytes`);
}
