/**
 * Reads the two facts CraneML shows from an XGBoost model in UBJSON (a `.ubj` file, or the raw model a
 * pickled Booster carries): the version that saved it and its objective, by finding their keys,
 * without decoding the trees.
 */

const VERSION_KEY = Buffer.from('version[');
const OBJECTIVE_KEY = Buffer.from('objective{');
const NAME_STRING = Buffer.from('nameS');

/** Byte sizes of UBJSON's integer markers. */
const INT_SIZES: Record<string, number> = { i: 1, U: 1, I: 2, l: 4, L: 8 };

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** Reads one UBJSON integer of `marker` at `at`; undefined past the end or for another marker. */
function readInt(bytes: Uint8Array, marker: string, at: number): { value: number; next: number } | undefined {
  const size = INT_SIZES[marker];
  if (size === undefined || at + size > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
  const value =
    marker === 'i'
      ? view.getInt8(0)
      : marker === 'U'
        ? view.getUint8(0)
        : marker === 'I'
          ? view.getInt16(0)
          : marker === 'l'
            ? view.getInt32(0)
            : Number(view.getBigInt64(0));
  return { value, next: at + size };
}

const char = (bytes: Uint8Array, at: number): string => String.fromCharCode(bytes[at] ?? 0);

/**
 * The `"version": [major, minor, patch]` array nearest the end (the model's, after its config's).
 * @example ubjVersion(bytes) // '3.2.0'
 */
export function ubjVersion(bytes: Uint8Array): string | undefined {
  const key = asBuffer(bytes).lastIndexOf(VERSION_KEY);
  if (key < 0) return undefined;
  let at = key + VERSION_KEY.length;
  let type: string | undefined;
  if (char(bytes, at) === '$') {
    type = char(bytes, at + 1);
    at += 2;
  }
  let count = 3;
  if (char(bytes, at) === '#') {
    const length = readInt(bytes, char(bytes, at + 1), at + 2);
    if (!length) return undefined;
    count = Math.min(length.value, 3);
    at = length.next;
  }
  const parts: number[] = [];
  while (parts.length < count) {
    const marker = type ?? char(bytes, at);
    const item = readInt(bytes, marker, type ? at : at + 1);
    if (!item || item.value < 0) return undefined;
    parts.push(item.value);
    at = item.next;
  }
  return parts.length === 3 ? parts.join('.') : undefined;
}

/**
 * The objective's name, e.g. "binary:logistic", from the last `"objective": {"name": …}`.
 * @example ubjObjective(bytes) // 'binary:logistic'
 */
export function ubjObjective(bytes: Uint8Array): string | undefined {
  const key = asBuffer(bytes).lastIndexOf(OBJECTIVE_KEY);
  if (key < 0) return undefined;
  const window = bytes.subarray(key, key + 256);
  const name = asBuffer(window).indexOf(NAME_STRING);
  if (name < 0) return undefined;
  const at = name + NAME_STRING.length;
  const length = readInt(window, char(window, at), at + 1);
  if (!length || length.value <= 0 || length.value > 64 || length.next + length.value > window.length) return undefined;
  const text = new TextDecoder().decode(window.subarray(length.next, length.next + length.value));
  return /^[\w:.-]+$/.test(text) ? text : undefined;
}
