/** Detects a model's format from its content, not from its name. */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelFormatError } from '../errors.ts';
import type { DetectedFormat } from './types.ts';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface Detection {
  format: DetectedFormat;
  /** The file that stands for the model (a folder resolves to its model.json or *.onnx). */
  file: string;
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
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

/** Detects the format of a file, or of a folder holding one model. */
export async function detectModel(target: string): Promise<Detection> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new ModelFormatError(`${target}: no such file or folder`);
  }
  if (info.isDirectory()) return detectInFolder(target);
  if (info.size === 0) throw new ModelFormatError(`${target}: the file is empty`);
  const head = await readHead(target, 64);
  if (head.subarray(0, 8).equals(HDF5_SIGNATURE)) return { format: 'keras-h5', file: target };
  if (head.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    if (target.endsWith('.keras')) return { format: 'keras-zip', file: target };
    throw new ModelFormatError(`${target}: a zip archive that is not a Keras .keras model; unzip it and pass the model file`);
  }
  if (looksLikeJson(head)) return { format: 'tfjs', file: target };
  if (looksLikeOnnx(head)) return { format: 'onnx', file: target };
  throw new ModelFormatError(`${target}: not a model CraneML recognises (expected ONNX, a TF.js model.json, or Keras .h5/.keras)`);
}

async function detectInFolder(dir: string): Promise<Detection> {
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(dir)).sort();
  const candidates = [
    ...names.filter((n) => n === 'model.json'),
    ...names.filter((n) => n.endsWith('.onnx')),
    ...names.filter((n) => n.endsWith('.json') && n !== 'model.json' && n !== 'craneml.json'),
  ];
  for (const name of candidates) {
    try {
      const found = await detectModel(path.join(dir, name));
      if (found.format === 'onnx' || found.format === 'tfjs') return found;
    } catch {
      // not a model; try the next candidate
    }
  }
  throw new ModelFormatError(`${dir}: no model file found in this folder (expected *.onnx or model.json)`);
}
