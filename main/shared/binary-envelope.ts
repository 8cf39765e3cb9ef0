/**
 * Call arguments over a text transport: every Uint8Array in the arguments is taken out and
 * replaced by `{"$binary": i}`, so the JSON stays small and the bytes travel as they are.
 */

export interface BinaryEnvelope {
  json: unknown;
  blobs: Uint8Array[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** @example splitBinary({ files: [{ name: 'a.onnx', bytes }] }) // { json: { files: [{ name, bytes: { $binary: 0 } }] }, blobs: [bytes] } */
export function splitBinary(value: unknown, blobs: Uint8Array[] = []): BinaryEnvelope {
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return { $binary: blobs.push(v) - 1 };
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { json: walk(value), blobs };
}

/** The reverse of splitBinary; a reference to a missing blob is left as it is (the schema then refuses it). */
export function joinBinary(json: unknown, blobs: Uint8Array[]): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (!isPlainObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$binary' && Number.isInteger(v.$binary) && blobs[v.$binary as number])
      return blobs[v.$binary as number];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(json, 0);
}
