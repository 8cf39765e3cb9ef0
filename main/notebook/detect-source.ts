/**
 * Recognises a notebook model file by its content, never by its name: pickle, joblib (plain or
 * compressed), skops, XGBoost JSON/UBJSON, LightGBM text and CatBoost. Reads, never runs.
 */
import { stat } from 'node:fs/promises';
import { readRange } from '../files/read-range.ts';
import type { SourceKind } from '../shared/conversion-schema.ts';
import { canInflate, compressionOf, inflateHead } from './pickle/decompress.ts';
import { startsWithProto } from './pickle/read-pickle.ts';
import { scanPickle } from './pickle/scan-pickle.ts';
import { zipEntryNames } from './zip-names.ts';

const HEAD_BYTES = 4096;
/** Protocol 0/1 pickles have no header: up to this size they are recognised by walking them whole. */
const MAX_HEADERLESS_PICKLE = 16 * 1024 ** 2;
/** joblib's array wrapper, by name: its files write arrays between the pickle's opcodes. */
const JOBLIB_MARK = Buffer.from('NumpyArrayWrapper');
const CHUNK = 8 * 1024 ** 2;
/** torch.save's legacy format opens with a pickle of this magic number (LONG1); PyTorch files belong to #22. */
const TORCH_LEGACY_MAGIC = Buffer.from('8a0a6cfc9c46f9206aa85019', 'hex');

/** Opcodes a protocol 0 or 1 pickle of a model or a container can start with. */
const HEADERLESS_FIRST = new Set(Buffer.from('(c]})NIKJMSUTVXFGLldi'));
const UBJ_INT_MARKERS = new Set(Buffer.from('iUIlL'));

/** Whether the file names joblib's array wrapper anywhere, read in chunks that overlap by the name's length. */
async function namesJoblibWrapper(file: string, size: number): Promise<boolean> {
  for (let position = 0; position < size; position += CHUNK - JOBLIB_MARK.length) {
    const chunk = await readRange(file, position, CHUNK);
    if (chunk.includes(JOBLIB_MARK)) return true;
    if (position + chunk.length >= size) break;
  }
  return false;
}

/** UBJSON: "{", then the key "learner" as an integer-marked length 7 and its bytes. */
function looksLikeXgboostUbj(head: Buffer): boolean {
  if (head[0] !== 0x7b || !UBJ_INT_MARKERS.has(head[1] ?? 0)) return false;
  const at = head.indexOf('learner');
  return at > 1 && at <= 10 && head[at - 1] === 7;
}

/** A protocol 0/1 pickle: a first opcode that fits, a STOP as the last byte, and a clean walk ending there. */
async function headerlessPickle(file: string, size: number, head: Buffer): Promise<SourceKind | undefined> {
  if (!HEADERLESS_FIRST.has(head[0]!) || size > MAX_HEADERLESS_PICKLE) return undefined;
  const bytes = size <= head.length ? head : await readRange(file, 0, size);
  if (bytes[bytes.length - 1] !== 0x2e) return undefined;
  try {
    const findings = scanPickle(bytes, file);
    return findings.end === bytes.length ? 'pickle' : undefined;
  } catch {
    return undefined;
  }
}

async function zipKind(file: string, size: number): Promise<SourceKind | undefined> {
  const names = await zipEntryNames(file, size);
  return names?.includes('schema.json') ? 'skops' : undefined;
}

function compressedKind(head: Buffer): SourceKind | undefined {
  const compression = compressionOf(head);
  if (!compression) return undefined;
  // bz2, lzma and xz cannot be looked into here: they are joblib's, and refused with how to re-save.
  if (!canInflate(compression)) return 'joblib';
  const inflated = inflateHead(head, compression);
  return inflated && startsWithProto(inflated) ? 'joblib' : undefined;
}

/**
 * The kind of notebook model `file` holds, or undefined when it is none (or not a regular file).
 * @example await detectSource('cancer.joblib') // 'joblib'
 */
export async function detectSource(file: string): Promise<SourceKind | undefined> {
  let size;
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size === 0) return undefined;
    size = info.size;
  } catch {
    return undefined;
  }
  const head = await readRange(file, 0, HEAD_BYTES);
  if (startsWithProto(head)) {
    if (head.subarray(2, 2 + TORCH_LEGACY_MAGIC.length).equals(TORCH_LEGACY_MAGIC)) return undefined;
    return (await namesJoblibWrapper(file, size)) ? 'joblib' : 'pickle';
  }
  if (head.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return zipKind(file, size);
  if (head.subarray(0, 4).toString('latin1') === 'CBM1') return 'catboost';
  const text = head.toString('latin1');
  if (/^tree\r?\nversion=v/.test(text)) return 'lightgbm-text';
  if (/^\s*\{\s*"learner"\s*:/.test(text)) return 'xgboost-json';
  if (looksLikeXgboostUbj(head)) return 'xgboost-ubj';
  return compressedKind(head) ?? headerlessPickle(file, size, head);
}
