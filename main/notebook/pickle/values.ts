/**
 * What the pickle scanner keeps of the objects a pickle would build: enough to read names, states
 * and versions, never the objects themselves (nothing is constructed, nothing is called).
 */

/** The most items of one list, tuple, dict or set kept; the rest are counted past, never stored. */
export const MAX_KEPT_ITEMS = 1000;

/** The longest string kept as text; longer ones are only known to be long. */
export const MAX_KEPT_STRING = 64 * 1024;

export type PyValue = null | boolean | number | string | PyGlobal | PyBytes | PyList | PyDict | PyObject | PyOpaque;

/** A module-level name, as GLOBAL / STACK_GLOBAL / INST name it. */
export interface PyGlobal {
  t: 'global';
  /** module.qualname as written in the file. */
  name: string;
}

/** Bytes or a bytearray: a view into the file's bytes, not a copy. */
export interface PyBytes {
  t: 'bytes';
  view: Uint8Array;
}

/** A list, tuple, set or frozenset (the first MAX_KEPT_ITEMS items). */
export interface PyList {
  t: 'list' | 'tuple' | 'set';
  items: PyValue[];
}

/** A dict's string keys (the first MAX_KEPT_ITEMS); other keys are dropped. */
export interface PyDict {
  t: 'dict';
  entries: Map<string, PyValue>;
}

/** What a call (REDUCE, NEWOBJ, INST, OBJ) would build: the callable's name, its arguments, the state BUILD gives it. */
export interface PyObject {
  t: 'object';
  cls: string;
  args: PyValue[];
  state?: PyValue;
}

/** Anything not worth keeping: a big integer, a long string, an out-of-band buffer, an array read past. */
export interface PyOpaque {
  t: 'opaque';
  what: string;
}

export const opaque = (what: string): PyOpaque => ({ t: 'opaque', what });

export function isObject(value: PyValue | undefined, cls?: string): value is PyObject {
  return typeof value === 'object' && value !== null && value.t === 'object' && (cls === undefined || value.cls === cls);
}

export function isSequence(value: PyValue | undefined): value is PyList {
  return typeof value === 'object' && value !== null && (value.t === 'list' || value.t === 'tuple');
}

export function isDict(value: PyValue | undefined): value is PyDict {
  return typeof value === 'object' && value !== null && value.t === 'dict';
}

/** The entry `key` of a dict, or of a (dict, slotstate) pair as BUILD states come. */
export function entryOf(state: PyValue | undefined, key: string): PyValue | undefined {
  if (isDict(state)) return state.entries.get(key);
  if (isSequence(state) && state.t === 'tuple' && state.items.length === 2) return entryOf(state.items[0], key);
  return undefined;
}

/** Keeps the first MAX_KEPT_ITEMS of `items`. */
export function kept<T>(items: T[]): T[] {
  return items.length > MAX_KEPT_ITEMS ? items.slice(0, MAX_KEPT_ITEMS) : items;
}

export function keptString(text: string): PyValue {
  return text.length > MAX_KEPT_STRING ? opaque('a long string') : text;
}
