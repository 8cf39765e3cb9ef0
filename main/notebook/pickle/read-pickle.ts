/** A pickle or joblib file's bytes, inflated when joblib compressed them, walked by the scanner. */
import { compressionOf, inflateJoblib, type Compression } from './decompress.ts';
import { NUMPY_ARRAY_WRAPPER } from './joblib-array.ts';
import { scanPickle, type PickleFindings } from './scan-pickle.ts';

export interface PickleRead {
  kind: 'pickle' | 'joblib';
  compression?: Compression;
  findings: PickleFindings;
}

/** A pickle starts with PROTO 2..5; protocols 0 and 1 have no header. */
export function startsWithProto(head: Uint8Array): boolean {
  return head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;
}

/**
 * Walks a pickle or joblib file's bytes (inflating zlib or gzip first) and says which it is:
 * joblib when compressed or when it names joblib's array wrapper.
 * @example (await readPickle(bytes, 'model.joblib')).kind // 'joblib'
 */
export async function readPickle(bytes: Uint8Array, source: string): Promise<PickleRead> {
  const compression = startsWithProto(bytes) ? undefined : compressionOf(bytes);
  const stream = compression ? await inflateJoblib(bytes, compression, source) : bytes;
  const findings = scanPickle(stream, source, compression ? ` of its inflated ${compression} stream` : '');
  const joblib = compression !== undefined || findings.joblibArrays > 0 || findings.globals.includes(NUMPY_ARRAY_WRAPPER);
  return { kind: joblib ? 'joblib' : 'pickle', ...(compression ? { compression } : {}), findings };
}
