/** Detects a model's format from its content, not from its name. */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { detectSource } from '../notebook/detect-source.ts';
import { readRange } from '../files/read-range.ts';
import { CraneError, ModelFormatError } from '../errors.ts';
import type { SourceKind } from '../shared/conversion-schema.ts';
import { ModelFolder } from './contained-path.ts';
import type { NotServableFormat } from './not-servable.ts';
import type { ModelFormat } from './types.ts';

/**
 * What detection found: a format we serve, a notebook model we convert to ONNX, a PyTorch file the
 * Python runtime serves, or one we recognise but do not serve yet.
 */
export type DetectedFormat = ModelFormat | NotServableFormat | 'notebook' | 'pytorch';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface Detection {
  format: DetectedFormat;
  /** The file that stands for the model (a folder resolves to its model.json or *.onnx). */
  file: string;
  /** What kind of notebook model file it is, for format 'notebook'. */
  source?: SourceKind;
}

/** An ONNX ModelProto starts with a varint field (ir_version, tag 0x08) or a string field 2..8. */
function looksLikeOnnx(head: Buffer): boolean {
  const first = head[0];
  return (
    first === 0x08 ||
    first === 0x12 ||
    first === 0x1a ||
    first === 0x22 ||
    first === 0x2a ||
    first === 0x32 ||
    first === 0x3a ||
    first === 0x42
  );
}

function looksLikeJson(head: Buffer): boolean {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('{');
}

/** What a path that is neither a file nor a folder is, in a word or two. */
function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'neither a file nor a folder';
}

/** Detects the format of a file, or of a folder holding one model. */
export async function detectModel(target: string): Promise<Detection> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ModelFormatError(`${target}: a symbolic link that leads back to itself`);
    if (code === 'EACCES') throw new ModelFormatError(`${target}: cannot be read (permission denied)`);
    throw new ModelFormatError(`${target}: no such file or folder`);
  }
  if (info.isDirectory()) return detectInFolder(target);
  // A FIFO would block the read until something writes to it; a device has no model in it.
  if (!info.isFile()) throw new ModelFormatError(`${target}: ${specialKind(info)}, not a model file`);
  if (info.size === 0) throw new ModelFormatError(`${target}: the file is empty`);
  const head = await readRange(target, 0, 512);
  if (head.subarray(0, 8).equals(HDF5_SIGNATURE)) return { format: 'keras', file: target };
  // Before the JSON and zip guesses: an XGBoost JSON is no TF.js model, a skops file is a zip.
  const source = await detectSource(target);
  if (source) return { format: 'notebook', file: target, source };
  if (head.subarray(0, 4).equals(ZIP_SIGNATURE)) return { format: zipFormat(target, head), file: target };
  if (path.basename(target) === 'saved_model.pb') return { format: 'savedmodel', file: target };
  // A pickle detectSource left is a legacy torch.save file.
  if (looksLikePickle(head)) return { format: 'pytorch', file: target };
  if (looksLikeJson(head)) return { format: 'tfjs', file: target };
  if (looksLikeOnnx(head)) return { format: 'onnx', file: target };
  throw new ModelFormatError(
    `${target}: not a model CraneML recognises (expected ONNX, a TF.js model.json, Keras .h5/.keras, or a scikit-learn, XGBoost or LightGBM file)`,
  );
}

/** The first entry's name of a zip archive, from its local file header. */
function firstZipEntry(head: Buffer): string {
  if (head.length < 30) return '';
  const length = head.readUInt16LE(26);
  return head.subarray(30, 30 + length).toString('utf8');
}

/** A zip is a Keras 3 model (config.json, metadata.json) or a PyTorch file (`<name>/data.pkl`, `<name>/version`, a .pt2, ...). */
function zipFormat(target: string, head: Buffer): DetectedFormat {
  const first = firstZipEntry(head);
  if (target.endsWith('.keras') || first === 'metadata.json' || first === 'config.json' || first === 'model.weights.h5') return 'keras';
  if (/\.(pt|pth|pt2)$/i.test(target) || /\/(data\.pkl|version|\.data\/version|byteorder|constants\.pkl|archive_format)$/.test(first))
    return 'pytorch';
  throw new ModelFormatError(
    `${target}: a zip archive that is neither a Keras .keras model nor a PyTorch file; unzip it and pass the model file`,
  );
}

/** The names a PyTorch file goes by, which a folder is taken as when it holds one. */
const TORCH_FILE = /\.(pt|pth|pt2)$/i;

/** Python's pickle protocol 2..5 starts with PROTO (0x80) and the version; an old torch.save too. */
function looksLikePickle(head: Buffer): boolean {
  return head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;
}

async function detectInFolder(dir: string): Promise<Detection> {
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(dir)).sort();
  if (names.includes('saved_model.pb')) return { format: 'savedmodel', file: dir };
  const named = [
    ...names.filter((n) => n === 'model.json'),
    ...names.filter((n) => n.endsWith('.onnx')),
    ...names.filter((n) => n.endsWith('.keras') || n.endsWith('.h5')),
    ...names.filter((n) => n.endsWith('.json') && n !== 'model.json' && n !== 'craneml.json'),
  ];
  // A notebook model's file may have any name (cancer.joblib, model.txt): every other file is tried last.
  const candidates = [...named, ...names.filter((n) => !named.includes(n) && n !== 'craneml.json' && !n.startsWith('.'))];
  const folder = await ModelFolder.at(dir);
  const outside: string[] = [];
  const notebooks: Detection[] = [];
  const torchFiles: Detection[] = [];
  for (const name of candidates) {
    const file = path.join(dir, name);
    // The user named the folder, not this file: a link out of it is not theirs to give, and is not even read.
    const place = await folder.place(file);
    if (place === 'outside') outside.push(file);
    if (place !== 'inside') continue;
    try {
      if (!(await stat(file)).isFile()) continue;
      const found = await detectModel(file);
      // Files of any name count only as notebook models: a CSV beside one must not pass for ONNX.
      const servable = found.format === 'onnx' || found.format === 'tfjs' || found.format === 'keras';
      if (servable && named.includes(name)) return found;
      if (found.format === 'notebook') notebooks.push(found);
      if (found.format === 'pytorch' && TORCH_FILE.test(name)) torchFiles.push(found);
    } catch {
      // not a model; try the next candidate
    }
  }
  // A folder of notebook models or PyTorch files is taken as its one model; with more, the user says which.
  for (const [found, what] of [
    [notebooks, 'notebook models'],
    [torchFiles, 'PyTorch files'],
  ] as const) {
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      const list = found.map((n) => path.basename(n.file)).join(', ');
      throw new ModelFormatError(`${dir}: holds ${found.length} ${what} (${list}); pass the one to use`);
    }
  }
  if (outside.length > 0) {
    throw new CraneError('MODEL_FILES', `${outside[0]}: leads outside the model's folder ${dir}; copy the model file into the folder`);
  }
  throw new ModelFormatError(
    `${dir}: no model file found in this folder (expected *.onnx, model.json, *.h5, *.keras, or a scikit-learn, XGBoost or LightGBM file)`,
  );
}
